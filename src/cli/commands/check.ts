import { check } from '../../compiler/check.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { toJson, type JsonDiagnostic } from '../../diagnostics/render-json.ts';
import { EXIT, printDiagnostics, readSource } from '../io.ts';

export function runCheck(files: string[], options: { format: string }): number {
  const sources = files.map(readSource); // unreadable files stop the run before any output
  let failed = false;
  const json: JsonDiagnostic[] = [];
  for (const source of sources) {
    const result = check(source.text, source.path);
    if (hasErrors(result.diagnostics)) failed = true;
    if (options.format === 'json') json.push(...result.diagnostics.map((d) => toJson(d, result.parse.source)));
    else if (result.diagnostics.length) printDiagnostics(result.diagnostics, result.parse.source);
    else process.stdout.write(`${source.path}: ok\n`);
  }
  if (options.format === 'json') process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  return failed ? EXIT.errors : EXIT.ok;
}
