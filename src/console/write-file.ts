// Writing a file whole or not at all, shared by rnnc's command line and the programs `rnnc build`
// writes (an emitted program's --onnx): a crash or a full disk never leaves half a file, and a
// path that cannot be written is E0705, not a stack trace.

import { chmodSync, realpathSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cannotWrite } from './report.ts';

/**
 * Write a file so that a crash leaves either the old file or the new one, never half of one. The
 * write goes through a symbolic link to the file it names (as gofmt and prettier do), and the new
 * file keeps the old one's permissions.
 */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  let target = path;
  let mode: number | undefined;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o7777;
  } catch {
    /* a new file: default mode, no link to follow */
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, mode === undefined ? {} : { mode });
    if (mode !== undefined) chmodSync(tmp, mode); // the umask may have narrowed it
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw cannotWrite(path, e);
  }
}

/**
 * Refuse now a path that writeFileAtomic would refuse later — its folder missing, or the path a
 * folder — so that a command whose output comes after minutes of training asks before it starts.
 */
export function checkWritable(path: string): void {
  const folder = statSync(dirname(resolve(path)), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) throw cannotWrite(path, Object.assign(new Error('no folder'), { code: 'ENOENT' }));
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw cannotWrite(path, Object.assign(new Error('a folder'), { code: 'EISDIR' }));
}
