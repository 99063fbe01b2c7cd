// The emitted program's command line: the flags of `rnnc train` that fit a program carrying one
// model (no --model; no --backend, since it always runs on the WASM backend), as FLAGS lists them
// — written by rnnc build from the train settings' declarations (src/compiler/train-spec.ts,
// trainFlags('program')). Node's parseArgs reads the words; a mistake in them is reported as
// rnnc reports it — error[E0703] with a hint — and exits 2.

import { parseArgs } from 'node:util';
import type { TrainRunFlags } from '../../console/train-run.ts';
import { RnncError } from '../../runtime/errors.ts';
import { FLAGS } from './generated.ts';

export interface ProgramFlags extends TrainRunFlags {
  readonly help?: boolean;
}

const usageError = (message: string, hint: string) => new RnncError('E0703', message, { context: 'command line' }, hint);

/** The help text: one line per flag. */
export function usage(program: string): string {
  const rows = FLAGS.map((f) => [`${f.name} ${f.value.toUpperCase()}`, f.doc] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  // The TypeScript program runs with tsx; the JavaScript one `rnnc build --project` writes beside it, with node.
  const runner = program.endsWith('.js') ? 'node' : 'npx tsx';
  return [`usage: ${runner} ${program} [options]`, '', ...rows.map(([left, doc]) => `  ${left.padEnd(width)}  ${doc}`), `  ${'--help'.padEnd(width)}  print this help`].join('\n');
}

/** `--flag value` and `--flag=value`, as rnnc's own command line takes them. */
export function parseFlags(argv: readonly string[]): ProgramFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of FLAGS) options[f.name.slice(2)] = { type: 'string' };
  options['help'] = { type: 'boolean', short: 'h' };
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const flags: Record<string, string | number | boolean> = {};
  for (const token of tokens) {
    const word = argv[token.index]!;
    const flag = FLAGS.find((f) => token.kind === 'option' && token.rawName === f.name);
    if (token.kind === 'option' && (token.rawName === '--help' || token.rawName === '-h') && token.value === undefined) {
      flags['help'] = true;
      continue;
    }
    if (token.kind !== 'option' || !flag) {
      // A word that is no flag of the program, as the user wrote it (without an `=value`).
      const eq = word.startsWith('--') ? word.indexOf('=') : -1;
      throw usageError(`unknown option \`${eq > 0 ? word.slice(0, eq) : word}\``, `the options are ${FLAGS.map((f) => f.name).join(', ')} and --help`);
    }
    if (token.value === undefined) throw usageError(`${flag.name} needs a value`, `${flag.name} ${flag.value.toUpperCase()}`);
    flags[flag.key] = flag.least === undefined ? token.value : wholeNumber(flag.name, flag.least, token.value);
  }
  return flags;
}

function wholeNumber(flag: string, least: number, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < least) {
    throw usageError(`${flag} expects a whole number of at least ${least}, got \`${text}\``, `for example ${flag} ${least === 1 ? 10 : 42}`);
  }
  return n;
}
