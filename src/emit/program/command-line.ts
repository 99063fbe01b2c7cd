// The emitted program's command line: the flags of `rnnc train` that fit a program carrying one
// model (no --model; no --backend, since it always runs on the WASM backend). A mistake in them is
// reported as rnnc reports it — error[E0703] with a hint — and exits 2.

import type { DataFlags } from '../../console/data-flags.ts';
import { RnncError } from '../../runtime/errors.ts';

export interface ProgramFlags extends DataFlags {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly out?: string;
  readonly log?: string;
  readonly help?: boolean;
}

type ValueKind = 'text' | 'positive' | 'whole';

interface FlagSpec {
  readonly key: Exclude<keyof ProgramFlags, 'help'>;
  readonly kind: ValueKind;
  readonly value: string;
  readonly doc: string;
}

const FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--x': { key: 'x', kind: 'text', value: 'FILE', doc: 'inputs, in the formats of the train block’s data (default: that data)' },
  '--y': { key: 'y', kind: 'text', value: 'FILE', doc: 'targets, in the format of the train block’s' },
  '--data': { key: 'data', kind: 'text', value: 'FILE', doc: 'inputs and targets in one file: JSON Lines, or a CSV series with --window' },
  '--column': { key: 'column', kind: 'text', value: 'NAME', doc: 'CSV: the column of the series (name or 0-based index)' },
  '--window': { key: 'window', kind: 'positive', value: 'N', doc: 'CSV: time steps per input window' },
  '--horizon': { key: 'horizon', kind: 'positive', value: 'N', doc: 'CSV: how many steps ahead the target lies' },
  '--epochs': { key: 'epochs', kind: 'positive', value: 'N', doc: 'epochs (overrides the train block)' },
  '--batch-size': { key: 'batchSize', kind: 'positive', value: 'N', doc: 'batch size (overrides the train block)' },
  '--seed': { key: 'seed', kind: 'whole', value: 'N', doc: 'seed for weights, dropout and shuffling: the same seed repeats a run exactly' },
  '--out': { key: 'out', kind: 'text', value: 'DIR', doc: 'save the trained model there (TensorFlow.js Layers format)' },
  '--log': { key: 'log', kind: 'text', value: 'FILE', doc: 'write one JSON object per epoch to this file' },
};

const usageError = (message: string, hint: string) => new RnncError('E0703', message, { context: 'command line' }, hint);

/** The help text: one line per flag. */
export function usage(program: string): string {
  const rows = Object.entries(FLAGS).map(([flag, spec]) => [`${flag} ${spec.value}`, spec.doc] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  // The TypeScript program runs with tsx; the JavaScript one `rnnc build --project` writes beside it, with node.
  const runner = program.endsWith('.js') ? 'node' : 'npx tsx';
  return [`usage: ${runner} ${program} [options]`, '', ...rows.map(([left, doc]) => `  ${left.padEnd(width)}  ${doc}`), `  ${'--help'.padEnd(width)}  print this help`].join('\n');
}

function value(spec: FlagSpec, flag: string, text: string): string | number {
  if (spec.kind === 'text') return text;
  const n = Number(text);
  const least = spec.kind === 'positive' ? 1 : 0;
  if (text.trim() === '' || !Number.isInteger(n) || n < least) {
    throw usageError(`${flag} expects a whole number of at least ${least}, got \`${text}\``, `for example ${flag} ${least === 1 ? 10 : 42}`);
  }
  return n;
}

/** `--flag value` and `--flag=value`, as rnnc's own command line takes them. */
export function parseFlags(argv: readonly string[]): ProgramFlags {
  const flags: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--help' || word === '-h') {
      flags['help'] = true;
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const spec = Object.hasOwn(FLAGS, flag) ? FLAGS[flag] : undefined;
    if (!spec) throw usageError(`unknown option \`${flag}\``, `the options are ${Object.keys(FLAGS).join(', ')} and --help`);
    const text = eq > 0 ? word.slice(eq + 1) : argv[++i];
    if (text === undefined) throw usageError(`${flag} needs a value`, `${flag} ${spec.value}`);
    flags[spec.key] = value(spec, flag, text);
  }
  return flags as ProgramFlags;
}
