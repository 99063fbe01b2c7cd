// `npm run bench [-- --json]`: every benchmark of bench/, as a table or as JSON.

import { cpus } from 'node:os';
import { benchFrontEnd } from './front-end.ts';

const json = process.argv.includes('--json');
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`;
const frontEnd = benchFrontEnd();

if (json) {
  process.stdout.write(JSON.stringify({ machine, frontEnd }, null, 2) + '\n');
} else {
  const f = frontEnd;
  const fastest = (ms: number) => `fastest ${ms.toFixed(1)} ms, ${(f.bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`;
  process.stdout.write(
    [
      `machine: ${machine}`,
      '',
      `front end: generated file, ${f.lines.toLocaleString('en-US')} lines, ${(f.bytes / 1e6).toFixed(2)} MB, ${f.diagnostics} diagnostics`,
      `  parse            ${f.parseMs.toFixed(1).padStart(7)} ms   ${f.parseMBps.toFixed(1).padStart(6)} MB/s   (median; ${fastest(f.fastestParseMs)})`,
      `  parse + check    ${f.parseCheckMs.toFixed(1).padStart(7)} ms   ${f.parseCheckMBps.toFixed(1).padStart(6)} MB/s   (median; ${fastest(f.fastestParseCheckMs)}; target 20 MB/s)`,
      `  first run, cold  ${f.coldParseCheckMs.toFixed(1).padStart(7)} ms`,
      '',
    ].join('\n'),
  );
}
