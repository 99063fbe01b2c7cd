// rnnc build FILE [-o OUT.ts | --project DIR] [--model NAME] [--onnx] [--target pytorch]: check the
// model and write a standalone TypeScript program that trains it (src/emit) — one file, or with
// --project a folder ready to run (the program, its JavaScript, a package.json pinning TensorFlow.js),
// with --onnx a program that can also write the trained model as ONNX (`--onnx FILE`); with
// --target pytorch, one Python file that trains it with PyTorch (src/emit/pytorch). Nothing is
// written when the model does not check, when a name or path holds a character a program must not
// (E0901), when the model has no train block, or over a file rnnc did not write (E0902).

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { unsafeCharacter } from '../../emit/text.ts';
import { RnncError } from '../../runtime/errors.ts';
import { cannotWrite, EXIT, printDiagnostics, writeFileAtomic } from '../io.ts';
import { checkedModel } from './select-model.ts';
import type { EmitResult } from '../../emit/preflight.ts';
import type { SourceText } from '../../source/text.ts';

export interface BuildFlags {
  /** Where to write the program; `-` for standard output. Default: MODEL.ts beside the .rnn file. */
  readonly output?: string;
  /** A folder to write the program into, ready to run. */
  readonly project?: string;
  readonly model?: string;
  /** `typescript` (the default) or `pytorch`. */
  readonly target?: string;
  /** The TypeScript program takes `--onnx FILE` and writes the trained model as ONNX. */
  readonly onnx?: boolean;
}

export async function runBuild(file: string, flags: BuildFlags): Promise<number> {
  if (flags.output !== undefined && flags.project !== undefined) {
    throw new RnncError('E0703', '-o and --project both say where the program goes', { context: `rnnc build ${file}` }, 'give one: -o FILE.ts for the program alone, --project DIR for a folder ready to run');
  }
  if (flags.target === 'pytorch' && flags.project !== undefined) {
    throw new RnncError('E0703', '--project writes a TypeScript folder; the PyTorch program is one file', { context: `rnnc build ${file} --target pytorch` }, 'give -o FILE.py with --target pytorch');
  }
  if (flags.target === 'pytorch' && flags.onnx) {
    throw new RnncError('E0703', '--onnx is an option of the TypeScript program', { context: `rnnc build ${file} --target pytorch` }, 'leave --onnx out with --target pytorch, and export the model it saves with `rnnc export FILE --model DIR --onnx OUT.onnx`');
  }
  const checked = checkedModel(file, flags.model);
  if (typeof checked === 'number') return checked;
  if (flags.target === 'pytorch') return buildPytorch(file, flags, checked);
  const { model, source } = checked;
  // ts-morph loads only for the TypeScript program (ARCHITECTURE.md, rule 7).
  const { emitProgram, PROGRAM_OPENING } = await import('../../emit/emit-program.ts');
  const { PROJECT_MARK, projectFiles } = await import('../../emit/project.ts');

  const out = flags.project !== undefined ? join(flags.project, `${model.name}.ts`) : (flags.output ?? join(dirname(file), `${model.name}.ts`));
  const toStdout = flags.project === undefined && out === '-';
  const text = emitFor(file, out, toStdout, `${model.name}.ts`, source, (options) => emitProgram(model, source, { ...options, onnx: flags.onnx === true }));
  if (typeof text === 'number') return text;
  if (flags.project !== undefined) {
    const files = projectFiles(model.name, text, basename(file)).map((f) => ({ ...f, path: join(flags.project!, f.name) }));
    // A folder whose package.json rnnc wrote is rnnc's to rewrite; elsewhere each file is checked.
    refuseForeign(join(flags.project, 'package.json'), (_, text) => text.includes(PROJECT_MARK), 'a package.json rnnc build wrote');
    if (!isFile(join(flags.project, 'package.json'))) for (const f of files) refuseForeign(f.path, (first) => PROGRAM_OPENING.test(first), 'a file rnnc build wrote');
    try {
      mkdirSync(flags.project, { recursive: true });
    } catch (e) {
      throw cannotWrite(flags.project, e);
    }
    // package.json comes last (projectFiles' order): a folder with a package.json is whole.
    for (const f of files) writeFileAtomic(f.path, f.text);
    process.stdout.write(`wrote ${flags.project}: run it with \`cd ${flags.project} && npm install && node ${model.name}.js\` (--help lists its options)\n`);
    return EXIT.ok;
  }
  refuseForeign(out, (first) => PROGRAM_OPENING.test(first), 'a program rnnc build wrote');
  writeFileAtomic(out, text);
  process.stdout.write(
    `wrote ${out}: run it with \`npx tsx ${out}\` where @tensorflow/tfjs-core and @tensorflow/tfjs-backend-wasm${/from 'fflate'/.test(text) ? ' and fflate (for .npz)' : ''}${flags.onnx ? ' and protobufjs (for ONNX)' : ''} are installed (its opening comment names the versions), or write a folder ready to run with --project DIR\n`,
  );
  return EXIT.ok;
}

/** `rnnc build --target pytorch`: one Python file, MODEL.py beside the .rnn file by default. */
async function buildPytorch(file: string, flags: BuildFlags, { model, source }: Exclude<ReturnType<typeof checkedModel>, number>): Promise<number> {
  const { emitPytorch, PYTHON_OPENING } = await import('../../emit/pytorch/emit.ts');
  const out = flags.output ?? join(dirname(file), `${model.name}.py`);
  const text = emitFor(file, out, out === '-', `${model.name}.py`, source, (options) => emitPytorch(model, source, options));
  if (typeof text === 'number') return text;
  refuseForeign(out, (first) => PYTHON_OPENING.test(first), 'a program rnnc build --target pytorch wrote');
  writeFileAtomic(out, text);
  process.stdout.write(`wrote ${out}: run it with \`python3 ${out}\` where torch and numpy are installed, or on N processes with \`torchrun --nproc_per_node N ${out}\`\n`);
  return EXIT.ok;
}

/**
 * The program for `out`, from either back end: its text to write, or the exit code once it went to
 * standard output or its diagnostics were printed. The paths go into the program (its comments,
 * where it finds the .rnn file's data), so a character no path should hold is refused (E0901).
 */
function emitFor(file: string, out: string, toStdout: boolean, stdoutName: string, source: SourceText, emit: (options: { rnnPath: string; programName: string }) => EmitResult): string | number {
  for (const [what, path] of [['the .rnn file’s path', file], ['the output path', out]] as const) {
    const bad = unsafeCharacter(path);
    if (bad) throw new RnncError('E0901', `${what} holds ${bad.name}, which cannot go into the program`, { context: JSON.stringify(path) }, 'rename the file or folder');
  }
  const programDir = toStdout ? process.cwd() : dirname(resolve(out));
  const emitted = emit({ rnnPath: relative(programDir, resolve(file)).split(sep).join('/'), programName: toStdout ? stdoutName : basename(out) });
  if (!emitted.ok) {
    printDiagnostics(emitted.diagnostics, source, process.stderr);
    return EXIT.errors;
  }
  if (toStdout) {
    process.stdout.write(emitted.text);
    return EXIT.ok;
  }
  return emitted.text;
}

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** An existing file is replaced only when rnnc build wrote it (E0902). */
function refuseForeign(path: string, ours: (firstLine: string, text: string) => boolean, what: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return; // a new file, or one writeFileAtomic will report
  }
  if (!ours(text.split('\n', 1)[0] ?? '', text)) {
    throw new RnncError('E0902', `${path} exists and is not ${what}, so it is left as it is`, path, 'give another path (-o or --project), or move the file away first');
  }
}
