import { check } from '../../compiler/check.ts';
import type { CheckedModel } from '../../compiler/ir.ts';
import { suggest } from '../../compiler/suggest.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import type { SourceText } from '../../source/text.ts';
import { EXIT, printDiagnostics, readSource, RnncError } from '../io.ts';

/**
 * The one model a command runs (train, build, graph): FILE read and checked, its diagnostics on
 * stderr (warnings too), and the model `--model` names or the file's only one; the exit code when
 * the file has errors. A file with no model is E0702.
 */
export function checkedModel(file: string, name: string | undefined): { readonly model: CheckedModel; readonly source: SourceText } | number {
  const source = readSource(file);
  const result = check(source.text, source.path);
  if (result.diagnostics.length) printDiagnostics(result.diagnostics, result.parse.source, process.stderr);
  if (hasErrors(result.diagnostics)) return EXIT.errors;
  const [model] = selectModels(result.models, name, file, true);
  if (!model) throw new RnncError('E0702', `\`${file}\` defines no model`, file, 'define one with `model NAME { … }`');
  return { model, source: result.parse.source };
}

/** The models a command acts on: the one `--model` names, or all (or the only one, if `single`). */
export function selectModels(models: readonly CheckedModel[], name: string | undefined, file: string, single: boolean): CheckedModel[] {
  if (name !== undefined) {
    const m = models.find((x) => x.name === name);
    if (!m) {
      const [best] = suggest(name, models.map((x) => x.name));
      throw new RnncError('E0702', `\`${file}\` has no model named \`${name}\``, { context: `--model ${name}` }, best ? `did you mean \`${best}\`?` : `models: ${models.map((x) => x.name).join(', ') || 'none'}`);
    }
    return [m];
  }
  if (single && models.length > 1) {
    throw new RnncError('E0702', `\`${file}\` defines ${models.length} models; say which one`, file, `add --model with one of: ${models.map((x) => x.name).join(', ')}`);
  }
  return [...models];
}
