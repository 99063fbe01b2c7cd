import { check } from '../../compiler/check.ts';
import { summary } from '../../compiler/summary.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { EXIT, printDiagnostics, readSource, RnncError } from '../io.ts';
import { selectModels } from './select-model.ts';

export function runSummary(file: string, options: { model?: string }): number {
  const source = readSource(file);
  const result = check(source.text, source.path);
  // Warnings go to stderr as for `check` and `train`; the table still prints (errors stop it).
  if (result.diagnostics.length) printDiagnostics(result.diagnostics, result.parse.source, process.stderr);
  if (hasErrors(result.diagnostics)) return EXIT.errors;
  const models = selectModels(result.models, options.model, file, false);
  if (models.length === 0) throw new RnncError('E0702', `\`${file}\` defines no model`, file, 'define one with `model NAME { … }`');
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  process.stdout.write(models.map((m) => summary(m, columns ? { terminalColumns: columns } : {})).join('\n'));
  return EXIT.ok;
}
