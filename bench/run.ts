// `npm run bench [-- --json] [-- --runs N] [-- --only B1,B3] [-- --skip front-end|recurrent] [-- --results]`:
// every benchmark of bench/, as tables or as JSON. --results also writes bench/RESULTS.md with the
// recurrent table and the machine it ran on.

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchFrontEnd, type FrontEndResult } from './front-end.ts';
import { benchRecurrent, type RecurrentResult } from './recurrent/bench.ts';
import { formatRecurrent } from './recurrent/report.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const skip = option('--skip');
const runs = Number(option('--runs') ?? 9);
const only = option('--only')?.split(',');
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`;
const loadBefore = loadavg()[0]!;

const frontEnd: FrontEndResult | null = skip === 'front-end' ? null : benchFrontEnd();
const recurrent: RecurrentResult | null = skip === 'recurrent' ? null : await benchRecurrent({ runs, ...(only ? { only } : {}) });

if (json) {
  process.stdout.write(JSON.stringify({ machine, loadBefore, frontEnd, recurrent }, null, 2) + '\n');
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
  if (recurrent) out.push(`recurrent models, ${runs} interleaved runs each:`, '', formatRecurrent(recurrent), '');
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
  ].join('\n');
  writeFileSync(new URL('./RESULTS.md', import.meta.url), text);
}
