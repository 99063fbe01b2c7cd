// `npm run fuzz -- --minutes 60`: runs every fuzz target (test/fuzz/targets.ts) with fresh seeds
// until the time is up, in a worker thread the main thread watches. It writes each distinct
// finding — fast-check's shrunk counterexample, or the input of a case that hung — to fuzz-out/
// (gitignored), and prints per target the cases run, the findings and the time spent.
//
//   --minutes N        how long to run (default 5)
//   --targets a,b      only these targets (default all: check, fmt, summary, lsp-features,
//                      lsp-documents, lsp-server, data, saved-model)
//   --seed N           the first seed (default: the time); batch k runs with seed N + k
//   --out DIR          where findings go (default fuzz-out)
//   --hang-seconds N   a case that runs this long is a hang (default 60)

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TARGETS } from './targets.ts';
import type { Job, Report } from './worker.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const minutes = Number(option('minutes', '5'));
const names = option('targets', TARGETS.map((t) => t.name).join(',')).split(',');
const firstSeed = Number(option('seed', String(Date.now() % 2 ** 31)));
const out = resolve(option('out', 'fuzz-out'));
const hangMs = Number(option('hang-seconds', '60')) * 1000;
for (const n of names) if (!TARGETS.some((t) => t.name === n)) throw new Error(`no fuzz target ${n}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
if (!(minutes > 0)) throw new Error('--minutes takes a positive number');

/** Cases per batch: a batch is one fc.check, shrunk when it fails. */
const BATCH: Readonly<Record<string, number>> = { 'lsp-server': 20, 'saved-model': 100 };

interface Stats {
  cases: number;
  findings: number;
  ms: number;
}
const stats = new Map<string, Stats>(names.map((n) => [n, { cases: 0, findings: 0, ms: 0 }]));
const seen = new Set<string>();
mkdirSync(out, { recursive: true });

/** JSON with typed arrays as base64, so that a data file's bytes can be written back. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v), 2);
}

/** The first line of an error without its numbers and quoted parts: findings of one bug share it. */
function signature(target: string, error: string): string {
  const line = error.split('\n').find((l) => l.trim() !== '') ?? error;
  return `${target}: ${line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`/g, '…').replace(/\d+/g, 'N').slice(0, 200)}`;
}

function record(target: string, seed: number, kind: 'failure' | 'hang', finding: { counterexample: unknown; path: string | null; error: string }): void {
  const s = stats.get(target)!;
  s.findings++;
  const sig = signature(target, finding.error);
  if (seen.has(sig)) return;
  seen.add(sig);
  const base = join(out, `${target}-${kind}-${seed}`);
  const reproduce = kind === 'failure' ? `fc.assert(property, { seed: ${seed}, path: ${JSON.stringify(finding.path)}, endOnFailure: true })` : 'run the input through the target (it hung)';
  writeFileSync(`${base}.json`, toJson({ target, kind, seed, path: finding.path, reproduce, error: finding.error, input: finding.counterexample }) + '\n');
  const input = finding.counterexample as { text?: unknown; start?: unknown } | string | null;
  const text = typeof input === 'string' ? input : typeof input?.text === 'string' ? input.text : undefined;
  if (text !== undefined) writeFileSync(`${base}.rnn`, text);
  console.log(`finding (${kind}) in ${target}, seed ${seed}: ${sig}\n  → ${base}.json`);
}

let worker!: Worker;
let onReport: (r: Report) => void = () => {};
let lastCase: unknown = null;
let lastHeard = Date.now();
let dead = false;

function startWorker(): void {
  // The worker runs TypeScript: it registers tsx's loader first, as bin/rnnc.js does.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); });`;
  worker = new Worker(boot, { eval: true });
  dead = false;
  worker.on('message', (r: Report) => {
    lastHeard = Date.now();
    if (r.kind === 'case') lastCase = r.input;
    else onReport(r);
  });
  worker.on('error', (e) => ((dead = true), onReport({ kind: 'done', target: '', seed: 0, runs: 0, failure: { counterexample: lastCase, path: null, error: `the worker died: ${e.stack ?? e.message}` } })));
}

/** Runs one batch; resolves with the worker's report, or a hang. */
function batch(job: Job): Promise<Report | 'hang'> {
  lastHeard = Date.now();
  return new Promise((done) => {
    const watch = setInterval(() => {
      if (Date.now() - lastHeard > hangMs) {
        clearInterval(watch);
        done('hang');
      }
    }, 1000);
    onReport = (r) => {
      clearInterval(watch);
      done(r);
    };
    worker.postMessage(job);
  });
}

const started = Date.now();
const deadline = started + minutes * 60_000;
let lastPrint = started;
startWorker();
for (let k = 0; Date.now() < deadline; k++) {
  const target = names[k % names.length]!;
  const seed = firstSeed + k;
  const t0 = Date.now();
  const result = await batch({ target, seed, runs: BATCH[target] ?? 200 });
  const s = stats.get(target)!;
  s.ms += Date.now() - t0;
  if (result === 'hang') {
    record(target, seed, 'hang', { counterexample: lastCase, path: null, error: `a case ran over ${hangMs / 1000} s` });
    await worker.terminate();
    startWorker();
    continue;
  }
  if (result.kind !== 'done') continue;
  s.cases += result.runs;
  if (result.failure) record(target, seed, 'failure', result.failure);
  if (dead) {
    await worker.terminate();
    startWorker();
  }
  if (Date.now() - lastPrint > 60_000) {
    lastPrint = Date.now();
    console.log(`${((Date.now() - started) / 60_000).toFixed(1)} min: ${[...stats].map(([n, x]) => `${n} ${x.cases}/${x.findings}`).join(', ')}`);
  }
}
await new Promise<void>((done) => {
  const timer = setTimeout(done, 10_000);
  onReport = () => (clearTimeout(timer), done());
  worker.on('message', (r: Report) => r.kind === 'closed' && (clearTimeout(timer), done()));
  worker.postMessage('close');
});
await worker.terminate();

console.log(`\nfuzzed ${((Date.now() - started) / 60_000).toFixed(1)} min from seed ${firstSeed}; findings in ${out}`);
console.log(`${'target'.padEnd(14)} ${'cases'.padStart(9)} ${'findings'.padStart(9)} ${'time'.padStart(9)}`);
for (const [n, s] of stats) console.log(`${n.padEnd(14)} ${String(s.cases).padStart(9)} ${String(s.findings).padStart(9)} ${`${(s.ms / 1000).toFixed(0)} s`.padStart(9)}`);
console.log(`distinct findings: ${seen.size}`);
process.exit(seen.size === 0 ? 0 : 1);
