// The edge that touches the world for the command line: files, streams, colour, exit codes.
// Nothing below src/cli knows about `process`.

import { readFileSync } from 'node:fs';
import { SourceText } from '../source/text.ts';
import type { Diagnostic, LocatedDiagnostic } from '../diagnostics/diagnostic.ts';
import { renderFrame, renderSummaryLine } from '../diagnostics/render-frame.ts';
import { toJson, toJsonLocated, type JsonDiagnostic, type JsonLocatedDiagnostic } from '../diagnostics/render-json.ts';
import { cannotWrite, printLocatedError, useColor } from '../console/report.ts';
import { RnncError } from '../runtime/errors.ts';

export { EXIT } from './exit.ts';
export { writeFileAtomic } from '../console/write-file.ts';

export function readSource(path: string): SourceText {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    throw new RnncError('E0701', `cannot read \`${path}\`: ${reason}`, path, 'check the path; it is relative to the current directory');
  }
  return new SourceText(path, text);
}

/**
 * With --format json (or --json), what a command reports on stderr — its .rnn file's diagnostics,
 * the mistake that stopped it — is gathered here and written as one JSON array when it ends, in
 * the shape `rnnc check --format json` prints on stdout.
 */
let jsonReport: (JsonDiagnostic | JsonLocatedDiagnostic)[] | null = null;

export function reportInJson(): void {
  jsonReport = [];
}

/** Writes the JSON report, if the command runs with --format json and has something to say. */
export function flushJsonReport(): void {
  if (jsonReport?.length) process.stderr.write(JSON.stringify(jsonReport, null, 2) + '\n');
  jsonReport = null;
}

/** The mistake that stopped a command, on stderr: as text, or into the JSON report. */
export function printError(e: LocatedDiagnostic): void {
  if (jsonReport) jsonReport.push(toJsonLocated(e));
  else printLocatedError(e);
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], source: SourceText, stream: NodeJS.WriteStream = process.stdout): void {
  if (jsonReport && stream === process.stderr) {
    jsonReport.push(...diagnostics.map((d) => toJson(d, source)));
    return;
  }
  const color = useColor(stream);
  for (const d of diagnostics) stream.write(renderFrame(d, source, { color }) + '\n\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors || warnings) stream.write(`${source.path}: ${renderSummaryLine(errors, warnings)}\n`);
}

export { cannotWrite, RnncError };
