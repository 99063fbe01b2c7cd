// Replace a saved-model directory so that a failure or a crash at any moment leaves either the
// previous model or the new one, each whole:
//   1. write every file into a fresh sibling, `DIR.rnnc-saving-XXXX`, and flush it to disk;
//   2. move the previous DIR aside to `DIR.rnnc-previous-XXXX`, move the new one to DIR;
//   3. delete the previous one.
// Until step 2 the previous directory is not touched at all. A failure in step 2 moves it back;
// a crash between its two renames leaves it whole under its `.rnnc-previous-` name, which the
// loader points to. (POSIX cannot rename a directory over a non-empty one in one step.)
//
// Only a directory that is new, empty, or holds nothing but the files being written is
// replaced: moving aside a directory with other files (say `--out .`) would take them along.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RnncError } from '../errors.ts';

export type FileContents = readonly [name: string, data: string | Uint8Array];

export const PREVIOUS_INFIX = '.rnnc-previous-';
const SAVING_INFIX = '.rnnc-saving-';

const token = () => randomBytes(4).toString('hex');
const errorCode = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

function cannotSave(dir: string, why: string, hint: string): RnncError {
  return new RnncError('E0807', `cannot save the model to ${dir}: ${why}`, dir, hint);
}

const ioFailure = (dir: string, e: unknown) =>
  cannotSave(dir, (e as Error).message, 'check that the directory’s parent is writable and the disk has space');

/** What DIR holds now: undefined when it does not exist. */
async function currentEntries(dir: string, target: string): Promise<string[] | undefined> {
  try {
    return await readdir(target);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    if (errorCode(e) === 'ENOTDIR') throw cannotSave(dir, 'it is a file, not a directory', 'choose a directory for the model');
    throw ioFailure(dir, e);
  }
}

async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Make a rename durable. Best effort: not every platform can open a directory to sync it. */
async function syncDirectory(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The rename itself already happened; only its durability across a power cut is at stake.
  }
}

/**
 * Refuse what replaceDirectory would refuse — a file, or a directory holding other files — so a
 * caller can ask before hours of training rather than after. Returns what DIR holds now.
 */
export async function checkReplaceable(dir: string, names: readonly string[]): Promise<string[] | undefined> {
  const entries = await currentEntries(dir, resolve(dir));
  const ours = new Set(names);
  const foreign = (entries ?? []).filter((e) => !ours.has(e));
  if (foreign.length > 0) {
    throw cannotSave(dir, `it holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`, 'save the model into a new or empty directory of its own');
  }
  return entries;
}

export async function replaceDirectory(dir: string, files: readonly FileContents[]): Promise<void> {
  const target = resolve(dir);
  const entries = await checkReplaceable(dir, files.map(([name]) => name));

  const staging = join(dirname(target), `${basename(target)}${SAVING_INFIX}${token()}`);
  try {
    await mkdir(dirname(target), { recursive: true });
    await mkdir(staging);
    for (const [name, data] of files) await writeDurably(join(staging, name), data);
    await syncDirectory(staging);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw ioFailure(dir, e);
  }

  const previous = entries === undefined ? undefined : `${target}${PREVIOUS_INFIX}${token()}`;
  let movedAside = false;
  try {
    if (previous) {
      await rename(target, previous);
      movedAside = true;
    }
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    if (previous && movedAside) {
      try {
        await rename(previous, target);
      } catch {
        throw cannotSave(dir, (e as Error).message, `the previous model is whole at ${previous}: rename it back to ${dir}`);
      }
    }
    throw ioFailure(dir, e);
  }
  await syncDirectory(dirname(target));
  if (previous) await rm(previous, { recursive: true, force: true });
}
