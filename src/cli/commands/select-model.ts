import type { CheckedModel } from '../../compiler/ir.ts';
import { suggest } from '../../compiler/suggest.ts';
import { UsageError } from '../io.ts';

/** The models a command acts on: the one `--model` names, or all (or the only one, if `single`). */
export function selectModels(models: readonly CheckedModel[], name: string | undefined, file: string, single: boolean): CheckedModel[] {
  if (name !== undefined) {
    const m = models.find((x) => x.name === name);
    if (!m) {
      const [best] = suggest(name, models.map((x) => x.name));
      throw new UsageError('E0702', `\`${file}\` has no model named \`${name}\``, best ? `did you mean \`${best}\`?` : `models: ${models.map((x) => x.name).join(', ') || 'none'}`, `--model ${name}`);
    }
    return [m];
  }
  if (single && models.length > 1) {
    throw new UsageError('E0702', `\`${file}\` defines ${models.length} models; say which one`, `add --model with one of: ${models.map((x) => x.name).join(', ')}`, file);
  }
  return [...models];
}
