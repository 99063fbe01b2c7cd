// The front end of another revision against the working tree's, side by side in one run:
// parse and parse + check of bench/generate-source.ts's 10,000-line file, interleaved run by run
// (base, new, base, new, …) so that both see the same load, and the first check of a fresh process
// (cold: module loading done, the parser's self-analysis and JIT warm-up not) in alternating child
// processes. Medians of wall time and of process CPU time (user + system, which a loaded machine
// inflates less than wall time). Nothing here is asserted; docs/performance.md keeps the figures.
//
//   npx tsx bench/front-end-compare.ts [REV=main] [RUNS=30] [COLD_RUNS=5]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateValidFile } from './generate-source.ts';

type Check = (text: string, path?: string) => unknown;
type Parse = (text: string, path?: string) => unknown;

interface Tree {
  readonly name: string;
  readonly root: string;
  parse?: Parse;
  check?: Check;
}

const repo = resolve(import.meta.dirname, '..');
const [rev = 'main', runsArg = '30', coldArg = '5'] = process.argv.slice(2);
const runs = Number(runsArg);
const coldRuns = Number(coldArg);

/** The revision's src/ in a temporary directory that resolves packages from this checkout. */
function extract(revision: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnc-front-end-'));
  const archive = join(dir, 'src.tar');
  execFileSync('git', ['-C', repo, 'archive', '-o', archive, revision, 'src', 'package.json', 'tsconfig.json']);
  execFileSync('tar', ['-x', '-f', archive, '-C', dir]);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function sample(f: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { wall, cpu: (u.user + u.system) / 1000 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** The first check of the benchmark file in a fresh process, after its modules are loaded. */
function cold(root: string, scratch: string): { wall: number; cpu: number } {
  // The script lives in the scratch directory, never in the checkout.
  const script = join(scratch, `cold-check-${root === repo ? 'new' : 'base'}.ts`);
  writeFileSync(
    script,
    [
      `import { check } from ${JSON.stringify(join(root, 'src/compiler/check.ts'))};`,
      `import { generateValidFile } from ${JSON.stringify(join(repo, 'bench/generate-source.ts'))};`,
      `const text = generateValidFile(10_000);`,
      `const c = process.cpuUsage(); const t = performance.now(); check(text, 'bench.rnn');`,
      `const wall = performance.now() - t; const u = process.cpuUsage(c);`,
      `process.stdout.write(JSON.stringify({ wall, cpu: (u.user + u.system) / 1000 }));`,
    ].join('\n'),
  );
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, encoding: 'utf8' });
  return JSON.parse(out) as { wall: number; cpu: number };
}

const baseRoot = extract(rev);
try {
  const trees: Tree[] = [
    { name: rev, root: baseRoot },
    { name: 'working tree', root: repo },
  ];
  for (const t of trees) {
    t.parse = ((await import(join(t.root, 'src/parser/index.ts'))) as { parse: Parse }).parse;
    t.check = ((await import(join(t.root, 'src/compiler/check.ts'))) as { check: Check }).check;
  }
  const text = generateValidFile(10_000);
  const mb = Buffer.byteLength(text) / 1e6;
  const loadBefore = loadavg()[0]!;

  const colds = new Map<string, { wall: number; cpu: number }[]>(trees.map((t) => [t.name, []]));
  for (let i = 0; i < coldRuns; i++) for (const t of trees) colds.get(t.name)!.push(cold(t.root, baseRoot));

  const parses = new Map<string, { wall: number; cpu: number }[]>(trees.map((t) => [t.name, []]));
  const checks = new Map<string, { wall: number; cpu: number }[]>(trees.map((t) => [t.name, []]));
  for (const t of trees) t.check!(text); // each tree's first (cold) run is measured above
  for (let i = 0; i < runs; i++) {
    for (const t of trees) parses.get(t.name)!.push(sample(() => t.parse!(text, 'bench.rnn')));
    for (const t of trees) checks.get(t.name)!.push(sample(() => t.check!(text, 'bench.rnn')));
  }

  const row = (what: string, xs: readonly { wall: number; cpu: number }[], rate: boolean): string => {
    const wall = median(xs.map((x) => x.wall));
    const cpu = median(xs.map((x) => x.cpu));
    const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms${rate ? ` ${(mb / (ms / 1000)).toFixed(1).padStart(5)} MB/s` : ''}`;
    return `  ${what.padEnd(22)} wall ${fmt(wall)}   cpu ${fmt(cpu)}   fastest wall ${fmt(Math.min(...xs.map((x) => x.wall)))}`;
  };
  const lines = [
    `front end, ${rev} against the working tree: ${mb.toFixed(2)} MB, ${text.split('\n').length} lines; ${runs} interleaved runs, medians; load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
  ];
  for (const t of trees) {
    lines.push(`${t.name}:`);
    lines.push(row('parse', parses.get(t.name)!, true));
    lines.push(row('parse + check', checks.get(t.name)!, true));
    lines.push(row(`first check (${coldRuns} cold)`, colds.get(t.name)!, false));
  }
  const ratio = (m: Map<string, { wall: number; cpu: number }[]>, key: 'wall' | 'cpu') =>
    (median(m.get(rev)!.map((x) => x[key])) / median(m.get('working tree')!.map((x) => x[key]))).toFixed(2);
  lines.push(
    `speed-up (${rev} time ÷ working tree time): parse ${ratio(parses, 'wall')}× wall, ${ratio(parses, 'cpu')}× cpu; parse + check ${ratio(checks, 'wall')}× wall, ${ratio(checks, 'cpu')}× cpu; first check ${ratio(colds, 'wall')}× wall, ${ratio(colds, 'cpu')}× cpu`,
  );
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  rmSync(baseRoot, { recursive: true, force: true });
}
