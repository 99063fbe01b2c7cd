// `npm run bench [-- options]`: every benchmark of bench/ — the front end, the language server's
// latency and the recurrent models against tfjs-layers — as tables or as JSON. `--help` lists the
// options. --results also writes bench/RESULTS.md: the recurrent table, whether the run met the
// performance targets, the language server's latency, and the machine it all ran on.

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchFrontEnd, type FrontEndResult } from './front-end.ts';
import { benchLsp, formatLsp, type LspResult } from './lsp.ts';
import { benchRecurrent, type RecurrentResult } from './recurrent/bench.ts';
import { benchStartup, formatStartup, type StartupResult } from './startup/bench.ts';
import { formatRecurrent, formatTargets, recurrentTargets } from './recurrent/report.ts';
import { simdFeatures } from '../src/runtime/kernels/wasm-simd.ts';

const HELP = `npm run bench [-- options]: every benchmark in bench/ (about 3–4 minutes on 2 cores)

  --skip PARTS   leave out some of front-end, lsp, startup, recurrent (comma-separated)
  --only B1,B3   only these recurrent models
  --runs N       interleaved runs per recurrent contender (default 9)
  --json         the results as JSON instead of tables
  --results      also write bench/RESULTS.md (recurrent table, targets met, LSP latency, machine)
  --help         this text

Alone: npm run bench:lsp (language server latency), npm run bench:startup (whole processes:
rnnc's commands against node -e 0, a small training job against a tfjs-layers script), npm run bench:profile [B1|…|B4] (where one
rnnc training step's time and memory go).
`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const skip = new Set(option('--skip')?.split(',') ?? []);
const runs = Number(option('--runs') ?? 9);
const only = option('--only')?.split(',');
// The SIMD form rnnc's kernels were built with, chosen once per process (kernels/wasm-simd.ts).
const simd = simdFeatures() === 'relaxed' ? 'relaxed SIMD (fused multiply-add)' : 'SIMD without relaxed SIMD';
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, WebAssembly ${simd}`;
const loadBefore = loadavg()[0]!;

const frontEnd: FrontEndResult | null = skip.has('front-end') ? null : benchFrontEnd();
const lsp: LspResult | null = skip.has('lsp') ? null : await benchLsp();
const startup: StartupResult | null = skip.has('startup') ? null : await benchStartup();
const recurrent: RecurrentResult | null = skip.has('recurrent') ? null : await benchRecurrent({ runs, ...(only ? { only } : {}) });
const targets = recurrent ? recurrentTargets(recurrent) : [];

if (json) {
  process.stdout.write(JSON.stringify({ machine, loadBefore, frontEnd, lsp, startup, recurrent, targets }, null, 2) + '\n');
} else {
  const out = [`machine: ${machine}; load average ${loadBefore.toFixed(1)} at the start`, ''];
  if (frontEnd) {
    const f = frontEnd;
    out.push(
      `front end: generated file, ${f.lines.toLocaleString('en-US')} lines, ${(f.bytes / 1e6).toFixed(2)} MB, ${f.diagnostics} diagnostics`,
      `  parse            ${f.parseMs.toFixed(1).padStart(7)} ms   ${f.parseMBps.toFixed(1).padStart(6)} MB/s   (median)`,
      `  parse + check    ${f.parseCheckMs.toFixed(1).padStart(7)} ms   ${f.parseCheckMBps.toFixed(1).padStart(6)} MB/s   (median; target 20 MB/s)`,
      `  first run, cold  ${f.coldParseCheckMs.toFixed(1).padStart(7)} ms`,
      '',
    );
  }
  if (lsp) out.push(...formatLsp(lsp), '');
  if (startup) out.push('start-up, whole processes:', '', ...formatStartup(startup), '');
  if (recurrent) out.push(`recurrent models, ${runs} interleaved runs each:`, '', formatRecurrent(recurrent), '', 'targets:', '', formatTargets(targets), '');
  process.stdout.write(out.join('\n'));
}

if (recurrent && args.includes('--results')) {
  const text = [
    '# Recurrent benchmark — latest results',
    '',
    `Written by \`npm run bench -- --results\` on ${new Date().toISOString().slice(0, 10)}: ${machine}; ` +
      `load average ${loadBefore.toFixed(1)} at the start (other processes shared the two cores, so compare ratios measured side by side, not absolute times).`,
    `Times are medians (minima in brackets) of ${runs} runs interleaved with the peers'; speedups are ratios of medians.`,
    '',
    formatRecurrent(recurrent),
    '',
    '## Targets',
    '',
    formatTargets(targets),
    '',
    ...(lsp
      ? ['## Language server', '', 'The same run, `npm run bench` (alone: `npm run bench:lsp`); targets at the 95th percentile.', '', '```', ...formatLsp(lsp), '```', '']
      : []),
    ...(startup
      ? ['## Start-up', '', 'The same run (alone: `npm run bench:startup [-- --tsc] [--results]`): whole processes, as a user starts them.', '', ...formatStartup(startup), '']
      : []),
  ].join('\n');
  // The PyTorch target's section is measured by bench/pytorch/bench.ts, which needs Python: kept.
  const previous = readFileSync(new URL('./RESULTS.md', import.meta.url), 'utf8');
  const kept = previous.indexOf('## PyTorch target');
  const keptEnd = kept < 0 ? -1 : previous.indexOf('\n## ', kept + 1);
  const pytorch = kept < 0 ? '' : `\n${previous.slice(kept, keptEnd < 0 ? undefined : keptEnd + 1).trimEnd()}\n`;
  writeFileSync(new URL('./RESULTS.md', import.meta.url), text + pytorch);
}
