// The language server's latency on a 1,000-line document (`npm run bench:lsp [-- --json]`; also part
// of `npm run bench`):
//   - change → diagnostics: from sending a didChange to receiving the diagnostics of that version
//     (one keystroke at a time, each awaited, so nothing is coalesced away);
//   - change → completion: a keystroke (`, ` typed inside a call) and at once a completion
//     request there, as an editor sends them, to the answer — on text the server has not seen
//     before (it lexes it; completion in a call needs no check);
//   - completion alone: a request on a document already checked.
// The real `rnnc lsp` process, over stdio, with the test client. Targets: 50 ms and 100 ms at
// the 95th percentile for the first two.

import { cpus } from 'node:os';
import { CompletionRequest } from 'vscode-languageserver-protocol';
import { LspClient } from '../test/lsp/client.ts';
import { generateValidFile } from './generate-source.ts';

export interface Stats {
  readonly runs: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface LspResult {
  readonly lines: number;
  readonly changeToDiagnostics: Stats;
  readonly changeToCompletion: Stats;
  readonly completion: Stats;
}

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { runs: s.length, min: s[0]!, p50: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

export async function benchLsp(runs = 200): Promise<LspResult> {
  const text = generateValidFile(1000);
  const client = await LspClient.start();
  const uri = 'file:///bench/lsp.rnn';
  try {
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    // Keystrokes go into comments (`# model number 7` → `# model number 7x`) so every version is
    // a full, clean check of the same size.
    const comments = [...text.matchAll(/^# model number \d+$/gm)].map((m) => m.index + m[0].length);
    const calls = [...text.matchAll(/^ {2}LSTM\(32/gm)].map((m) => m.index + m[0].length);
    const changeToDiagnostics: number[] = [];
    const changeToCompletion: number[] = [];
    const completion: number[] = [];
    const warmup = 20;
    for (let i = 0; i < runs + warmup; i++) {
      const doc = client.doc(uri);
      // Even runs type an x at the end of a comment, odd runs delete it again.
      const c = comments[Math.floor(i / 2) % comments.length]!;
      const typing = i % 2 === 0;
      const started = performance.now();
      const version = await client.change(uri, [{ range: { start: doc.positionAt(c), end: doc.positionAt(typing ? c : c + 1) }, text: typing ? 'x' : '' }]);
      await client.diagnosticsFor(uri, version);
      if (i >= warmup) changeToDiagnostics.push(performance.now() - started);
      // After an odd run the text is as generated again.
      if (typing) continue;

      const call = client.doc(uri).positionAt(calls[i % calls.length]!);
      const cursor = { line: call.line, character: call.character + 2 };
      const typed = performance.now();
      const v2 = await client.change(uri, [{ range: { start: call, end: call }, text: ', ' }]);
      const items = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: cursor });
      if (i >= warmup) changeToCompletion.push(performance.now() - typed);
      const count = Array.isArray(items) ? items.length : (items?.items.length ?? 0);
      if (count === 0) throw new Error('completion offered nothing inside LSTM(32, ');
      await client.diagnosticsFor(uri, v2);
      const asked = performance.now();
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: cursor });
      if (i >= warmup) completion.push(performance.now() - asked);
      const v3 = await client.change(uri, [{ range: { start: call, end: cursor }, text: '' }]);
      await client.diagnosticsFor(uri, v3);
    }
    if (client.text(uri) !== text) throw new Error('the benchmark left the document changed');
    return { lines: text.split('\n').length, changeToDiagnostics: stats(changeToDiagnostics), changeToCompletion: stats(changeToCompletion), completion: stats(completion) };
  } finally {
    await client.stop();
  }
}

function row(name: string, s: Stats, target?: number): string {
  const f = (x: number) => x.toFixed(1).padStart(6);
  const verdict = target === undefined ? '' : s.p95 <= target ? `  (target ${target} ms: met)` : `  (target ${target} ms: missed)`;
  return `  ${name.padEnd(22)} p50 ${f(s.p50)} ms   p95 ${f(s.p95)} ms   min ${f(s.min)} ms   max ${f(s.max)} ms   n=${s.runs}${verdict}`;
}

/** The result as lines of text: what `npm run bench` and `npm run bench:lsp` print. */
export function formatLsp(result: LspResult): string[] {
  return [
    `language server: generated document, ${result.lines.toLocaleString('en-US')} lines`,
    row('change → diagnostics', result.changeToDiagnostics, 50),
    row('change → completion', result.changeToCompletion, 100),
    row('completion alone', result.completion),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchLsp();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write([`machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}`, ...formatLsp(result), ''].join('\n'));
}
