// `rnnc predict`, `evaluate` and `export`: the .rnn file checked, and the one of its models that a
// saved directory holds. The saved model records which of the file's models it is; with one model
// in the file, that one is taken and a mismatch is the loader's to report (E08xx, at the directory).

import { check, type CheckResult } from '../../compiler/check.ts';
import type { CheckedModel } from '../../compiler/ir.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { RnncError } from '../../runtime/errors.ts';
import { savedModelName } from '../../runtime/save/saved-name.ts';
import { EXIT, printDiagnostics, readSource } from '../io.ts';

/** The checked file and the model `dir` holds, or the exit code after printing the file's errors. */
export function modelForSavedDir(file: string, dir: string): { model: CheckedModel; result: CheckResult } | number {
  const source = readSource(file);
  const result = check(source.text, source.path);
  if (hasErrors(result.diagnostics)) {
    printDiagnostics(result.diagnostics, result.parse.source, process.stderr);
    return EXIT.errors;
  }
  const saved = savedModelName(dir);
  const model = (saved !== null ? result.models.find((m) => m.name === saved) : undefined) ?? (result.models.length === 1 ? result.models[0] : undefined);
  if (!model) {
    const names = result.models.map((m) => m.name).join(', ') || 'none';
    throw new RnncError('E0804', saved ? `${dir} holds model \`${saved}\`, which ${file} does not define` : `cannot tell which of ${file}'s models ${dir} holds`, dir, `the file defines: ${names}`);
  }
  return { model, result };
}
