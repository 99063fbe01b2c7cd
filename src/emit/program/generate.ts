// The main of a program built from a model with a decode block: `generate` as its first word runs
// what `rnnc generate FILE` does (src/console/generate-run.ts, the same driver, so the same
// weights, flags and seed print the same bytes); anything else trains, as every emitted program
// does (./main.ts). A program of a model without a decode block carries none of this.
//
//   npx tsx PROGRAM.ts --out trained                                   train, and save the weights
//   npx tsx PROGRAM.ts generate --model trained [--source ids.npy | --prompt IDS] [--beam W | --temperature T --top-k K] [--seed S]

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATE_FLAGS } from '../../console/generate-flags.ts';
import { runGeneration, type GenerateRunFlags } from '../../console/generate-run.ts';
import { printLocatedError } from '../../console/report.ts';
import { RnncError } from '../../runtime/errors.ts';
import { usage } from './command-line.ts';
import { MODEL } from './generated.ts';
import { main } from './main.ts';

/** `rnnc generate`'s flags, then the two that take no value. */
const SWITCHES = [
  { name: '--json', doc: 'print one JSON object per sequence: its ids, whether it ended, its log-probability' },
  { name: '--help', doc: 'print this help' },
] as const;

export async function trainOrGenerate(argv: readonly string[], extras?: Parameters<typeof main>[1]): Promise<number> {
  const program = basename(fileURLToPath(import.meta.url));
  if (argv[0] !== 'generate') {
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
      process.stdout.write(`${usage(program)}\n\n${generateUsage(program)}\n`);
      return 0;
    }
    return main(argv, extras);
  }
  try {
    const flags = parseGenerateFlags(argv.slice(1));
    if (flags === 'help') {
      process.stdout.write(generateUsage(program) + '\n');
      return 0;
    }
    await runGeneration({ model: MODEL, flags, backend: 'wasm' });
    return 0;
  } catch (e) {
    if (!(e instanceof RnncError)) throw e;
    printLocatedError(e);
    return e.code.startsWith('E07') ? 2 : 1;
  }
}

function generateUsage(program: string): string {
  const rows = [...GENERATE_FLAGS.map((f) => [`${f.name} ${f.value.toUpperCase()}`, f.doc] as const), ...SWITCHES.map((s) => [s.name, s.doc] as const)];
  const width = Math.max(...rows.map(([left]) => left.length));
  const runner = program.endsWith('.js') ? 'node' : 'npx tsx';
  return [`usage: ${runner} ${program} generate --model DIR [options]`, '', ...rows.map(([left, doc]) => `  ${left.padEnd(width)}  ${doc}`)].join('\n');
}

/** The words after `generate`, read strictly by node:util's parseArgs; its complaints as E0703. */
function parseGenerateFlags(words: readonly string[]): GenerateRunFlags | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  for (const f of GENERATE_FLAGS) options[f.name.slice(2)] = { type: 'string', ...(f.repeatable ? { multiple: true } : {}) };
  const bad = (message: string, hint: string) => new RnncError('E0703', message, { context: 'command line' }, hint);
  const names = [...GENERATE_FLAGS, ...SWITCHES].map((f) => f.name).join(', ');
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ args: [...words], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // Node's own message names the word: `Unknown option '--temp'`, `Option '--beam <value>' argument missing`.
    const word = /'([^' ]+)/.exec((e as Error).message)?.[1] ?? '';
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw bad(SWITCHES.some((s) => s.name === word) ? `${word} takes no value` : `${word} needs a value`, `the options of generate are ${names}`);
    throw bad(code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? `unexpected word \`${word}\`` : `unknown option \`${word}\``, `the options of generate are ${names}`);
  }
  if (values['help'] === true) return 'help';
  const flags: Record<string, string | string[] | boolean> = { json: values['json'] === true };
  for (const f of GENERATE_FLAGS) {
    const v = values[f.name.slice(2)];
    if (typeof v === 'string') flags[f.key] = v;
    else if (Array.isArray(v)) flags[f.key] = v.map(String);
    else if (f.required) throw bad(`generate needs ${f.name} ${f.value.toUpperCase()}`, f.key === 'model' ? 'train first with --out DIR, then give that DIR' : `${f.name}: ${f.doc}`);
  }
  return flags as unknown as GenerateRunFlags;
}
