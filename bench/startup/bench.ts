// Start-up, measured as a user meets it: whole processes, each command run N times (median and
// minimum), interleaved so that a change in the machine's load touches every contender alike, and
// `node -e 0` in the same run as the floor. The small training job runs with rnnc and as a plain
// tfjs-layers script, side by side; each prints how long fit() took, so the process's time splits
// into start-up (everything else) and training.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspClient } from '../../test/lsp/client.ts';
import { writeJob } from './job.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'rnnc.js');
const EXAMPLES = join(ROOT, 'examples');

export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly runs: number;
}

export interface StartupRow {
  readonly name: string;
  readonly command: string;
  readonly total: Timing;
  /** fit()'s own time, for the training jobs. */
  readonly training?: Timing;
  readonly target?: number;
}

export interface StartupResult {
  readonly rows: readonly StartupRow[];
  readonly loadBefore: number;
  readonly loadAfter: number;
  /** The training job: rnnc's whole process against tfjs-layers'. */
  readonly jobSpeedup: number;
}

function timing(ms: readonly number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)]!, min: s[0]!, runs: s.length };
}

/** Runs a process to its end; its wall time in ms and its output. */
function time(args: readonly string[], cwd = ROOT): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

/** Spawn → initialize → didOpen → the first publishDiagnostics, as an editor opening a file. */
async function lspFirstDiagnostics(text: string): Promise<number> {
  const started = performance.now();
  const client = await LspClient.start();
  try {
    await client.open('file:///bench/next_number.rnn', text);
    await client.diagnosticsFor('file:///bench/next_number.rnn', 1);
    return performance.now() - started;
  } finally {
    await client.stop();
  }
}

const fitSeconds = (stdout: string) => {
  const m = /trained \d+ epochs in ([\d.]+)s/.exec(stdout);
  if (!m) throw new Error(`no training time in: ${stdout}`);
  return Number(m[1]) * 1000;
};

export async function benchStartup(runs = 11, jobRuns = 5): Promise<StartupResult> {
  const loadBefore = loadavg()[0]!;
  const rnnFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn')).map((f) => join('examples', f));
  const nextNumber = readFileSync(join(EXAMPLES, 'next_number.rnn'), 'utf8');
  const commands: { name: string; command: string; args: string[]; target?: number }[] = [
    { name: 'node -e 0', command: 'node -e 0 (the floor)', args: ['-e', '0'] },
    { name: 'rnnc --version', command: 'rnnc --version', args: [BIN, '--version'], target: 150 },
    { name: 'rnnc check', command: `rnnc check examples/*.rnn (${rnnFiles.length} files)`, args: [BIN, 'check', ...rnnFiles], target: 300 },
    { name: 'rnnc summary', command: 'rnnc summary examples/sentiment.rnn', args: [BIN, 'summary', join('examples', 'sentiment.rnn')], target: 350 },
  ];
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const lsp: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    for (const c of commands) {
      const { ms } = await time(c.args);
      if (i > 0) samples.get(c.name)!.push(ms); // the first round warms the disk cache
    }
    const ms = await lspFirstDiagnostics(nextNumber);
    if (i > 0) lsp.push(ms);
  }

  // The training job, both ways, interleaved.
  const dir = join(ROOT, 'bench', '.startup-job');
  const job = writeJob(dir);
  const rnncTotal: number[] = [];
  const rnncFit: number[] = [];
  const tfjsTotal: number[] = [];
  const tfjsFit: number[] = [];
  try {
    for (let i = 0; i < jobRuns + 1; i++) {
      const r = await time([BIN, 'train', job.rnn], dir);
      const t = await time([job.script], dir);
      if (i === 0) continue;
      pushRun(rnncTotal, rnncFit, r);
      pushRun(tfjsTotal, tfjsFit, t);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rows: StartupRow[] = [
    ...commands.map((c) => ({ name: c.name, command: c.command, total: timing(samples.get(c.name)!), ...(c.target ? { target: c.target } : {}) })),
    { name: 'rnnc lsp', command: 'rnnc lsp: spawn → initialize → first publishDiagnostics', total: timing(lsp), target: 500 },
    { name: 'rnnc train job', command: 'rnnc train job.rnn (GRU(96) → LSTM(48), 512 × (40, 12), 2 epochs)', total: timing(rnncTotal), training: timing(rnncFit) },
    { name: 'tfjs-layers job', command: 'node job-tfjs.mjs (tfjs-layers on WASM, sigmoid)', total: timing(tfjsTotal), training: timing(tfjsFit) },
  ];
  return { rows, loadBefore, loadAfter: loadavg()[0]!, jobSpeedup: timing(tfjsTotal).median / timing(rnncTotal).median };
}

function pushRun(total: number[], fit: number[], run: { ms: number; stdout: string }): void {
  total.push(run.ms);
  fit.push(fitSeconds(run.stdout));
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);

/** The result as a Markdown table and the verdicts: what `npm run bench:startup` prints. */
export function formatStartup(r: StartupResult): string[] {
  const floor = r.rows[0]!.total.median;
  const lines = [
    `Load average ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)}. Medians (minima) of ${r.rows[1]!.total.runs} runs, training jobs ${r.rows.at(-1)!.total.runs}, interleaved.`,
    '',
    '| command | whole process | above `node -e 0` | training (fit) | start-up | target | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of r.rows) {
    const t = row.total;
    const startup = row.training ? ms(t.median - row.training.median) : '';
    const met = row.target === undefined ? '' : t.median <= row.target ? 'yes' : 'no';
    lines.push(`| ${row.command} | ${ms(t.median)} (${ms(t.min)}) | ${row.name === 'node -e 0' ? '' : ms(t.median - floor)} | ${row.training ? ms(row.training.median) : ''} | ${startup} | ${row.target ? `≤ ${row.target} ms` : ''} | ${met} |`);
  }
  lines.push('', `The training job as a whole process: rnnc ${r.jobSpeedup.toFixed(1)}× faster than the tfjs-layers script (target ≥ 4×: ${r.jobSpeedup >= 4 ? 'met' : 'missed'}).`);
  return lines;
}

/**
 * The same commands from tsc's one-file-per-module output instead of the bundle: why the package
 * ships a bundle (scripts/build.mjs). Built into .tsc-out/ at the repository's root, so that its
 * JSON import of package.json resolves as from src/, and removed afterwards.
 */
export async function compareTsc(runs = 11): Promise<string[]> {
  const out = join(ROOT, '.tsc-out');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const config = join(ROOT, 'tsconfig.tsc-out.json');
  const options = { noEmit: false, rootDir: 'src', outDir: '.tsc-out', rewriteRelativeImportExtensions: true };
  writeFileSync(config, JSON.stringify({ extends: './tsconfig.json', compilerOptions: options, include: [], files: ['src/index.ts', 'src/cli/main.ts'] }));
  try {
    execFileSync(process.execPath, [tsc, '-p', config]);
    const check = ['check', join('examples', 'next_number.rnn')];
    const contenders = { 'bundle (dist/)': join(ROOT, 'dist', 'cli', 'main.js'), "tsc's output": join(out, 'cli', 'main.js') };
    const lines = ['| command | ' + Object.keys(contenders).join(' | ') + ' |', '|---|---|---|'];
    for (const args of [['--version'], check]) {
      const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, [] as number[]]));
      for (let i = 0; i < runs + 1; i++) {
        for (const [name, main] of Object.entries(contenders)) {
          const { ms } = await time([main, ...args]);
          if (i > 0) samples[name]!.push(ms);
        }
      }
      lines.push(`| rnnc ${args.join(' ')} | ${Object.values(samples).map((v) => `${Math.round(timing(v).median)} ms`).join(' | ')} |`);
    }
    return lines;
  } finally {
    rmSync(config, { force: true });
    if (existsSync(out)) rmSync(out, { recursive: true, force: true });
  }
}

/** Replaces (or adds) the `## Start-up` section of bench/RESULTS.md. */
function writeResults(lines: readonly string[]): void {
  const path = join(ROOT, 'bench', 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const section = ['## Start-up', '', `Written by \`npm run bench:startup -- --results\` (or \`npm run bench -- --results\`) on ${new Date().toISOString().slice(0, 10)}: whole processes, as a user starts them.`, '', ...lines, ''].join('\n');
  const start = text.indexOf('## Start-up');
  const end = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  const updated = start < 0 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, start) + section + (end < 0 ? '' : text.slice(end + 1));
  writeFileSync(path, updated);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const result = await benchStartup();
  const lines = formatStartup(result);
  if (args.includes('--tsc')) lines.push('', "The same commands from the bundle and from tsc's one-file-per-module output, interleaved:", '', ...(await compareTsc()));
  if (args.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(lines.join('\n') + '\n');
  if (args.includes('--results')) writeResults(lines);
}
