import { readFileSync } from 'node:fs';
import { format } from '../../format/format.ts';
import { EXIT, printDiagnostics, readSource, writeFileAtomic } from '../io.ts';
import { SourceText } from '../../source/text.ts';

export function runFmt(files: string[], options: { check?: boolean }): number {
  let status: number = EXIT.ok;
  for (const file of files) {
    const source = readSource(file);
    const result = format(source.text, source.path);
    if (!result.ok) {
      printDiagnostics(result.diagnostics, new SourceText(file, source.text), process.stderr);
      status = EXIT.errors;
      continue;
    }
    if (result.text === source.text) continue;
    if (options.check) {
      process.stdout.write(`${file}: not formatted\n`);
      status = EXIT.errors;
    } else {
      // Re-read right before writing: never overwrite an edit made while we formatted.
      if (readFileSync(file, 'utf8') === source.text) writeFileAtomic(file, result.text);
      process.stdout.write(`${file}: formatted\n`);
    }
  }
  return status;
}
