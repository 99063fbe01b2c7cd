// rnnc build FILE [-o OUT.ts] [--model NAME]: check the model and write a standalone TypeScript
// program that trains it (src/emit). Nothing is written when the model does not check, when a
// name or path holds a character a program must not (E0901), or when the model has no train block.

import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { emitProgram, PROGRAM_OPENING } from '../../emit/emit-program.ts';
import { unsafeCharacter } from '../../emit/text.ts';
import { RnncError } from '../../runtime/errors.ts';
import { EXIT, printDiagnostics, writeFileAtomic } from '../io.ts';
import { checkedModel } from './select-model.ts';

export interface BuildFlags {
  /** Where to write the program; `-` for standard output. Default: MODEL.ts beside the .rnn file. */
  readonly output?: string;
  readonly model?: string;
}

export async function runBuild(file: string, flags: BuildFlags): Promise<number> {
  const checked = checkedModel(file, flags.model);
  if (typeof checked === 'number') return checked;
  const { model, source } = checked;

  const out = flags.output ?? join(dirname(file), `${model.name}.ts`);
  const toStdout = out === '-';
  // The paths go into the program (its comments, where it finds the .rnn file's data).
  for (const [what, path] of [['the .rnn file’s path', file], ['the output path', out]] as const) {
    const bad = unsafeCharacter(path);
    if (bad) throw new RnncError('E0901', `${what} holds ${bad.name}, which cannot go into the program`, JSON.stringify(path), 'rename the file or folder');
  }
  if (!toStdout) refuseForeign(out);
  const programDir = toStdout ? process.cwd() : dirname(resolve(out));
  const emitted = emitProgram(model, source, {
    rnnPath: relative(programDir, resolve(file)).split(sep).join('/'),
    programName: toStdout ? `${model.name}.ts` : basename(out),
  });
  if (!emitted.ok) {
    printDiagnostics(emitted.diagnostics, source, process.stderr);
    return EXIT.errors;
  }
  if (toStdout) {
    process.stdout.write(emitted.text);
  } else {
    writeFileAtomic(out, emitted.text);
    process.stdout.write(`wrote ${out}: run it with \`npx tsx ${out}\` (--help lists its options)\n`);
  }
  return EXIT.ok;
}

/** An existing OUT is replaced only when it is a program rnnc build wrote (E0902). */
function refuseForeign(out: string): void {
  let first: string;
  try {
    first = readFileSync(out, 'utf8').split('\n', 1)[0] ?? '';
  } catch {
    return; // a new file, or one writeFileAtomic will report
  }
  if (!PROGRAM_OPENING.test(first)) {
    throw new RnncError('E0902', `${out} exists and is not a program rnnc build wrote, so it is left as it is`, out, 'give another path with -o, or move the file away first');
  }
}
