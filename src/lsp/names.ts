// Go to definition, references and rename for the names a file defines: the names bound in a
// functional model (scoped to that model) and model names (used by `train NAME`).

import type { Range } from '../source/text.ts';
import type { Analysis } from './analysis.ts';
import { modelDecls, namesOf, pathAt } from './syntax.ts';

export interface NameInfo {
  /** The occurrence under the cursor. */
  readonly at: Range;
  readonly name: string;
  /** Where it is defined, if it is. */
  readonly definition?: Range;
  /** Every occurrence, the definition included, in source order. */
  readonly occurrences: readonly Range[];
  /** The names already defined in the same scope: a rename must not take one of them. */
  readonly taken: ReadonlySet<string>;
}

const touches = (r: Range, offset: number) => r.start <= offset && offset <= r.end;

export function nameAt(a: Analysis, offset: number): NameInfo | undefined {
  const file = a.result.parse.file;
  const decl = pathAt(file, offset)[0];
  if (!decl) return undefined;
  if (decl.kind === 'Model') {
    if (decl.name && touches(decl.name.range, offset)) return modelName(a, decl.name.name, decl.name.range);
    const sites = namesOf(decl);
    const site = sites.find((s) => touches(s.range, offset));
    if (!site || site.name === '_') return undefined;
    const same = sites.filter((s) => s.name === site.name);
    const definition = same.find((s) => s.role === 'binding')?.range;
    const taken = new Set(sites.filter((s) => s.role === 'binding').map((s) => s.name));
    return { at: site.range, name: site.name, ...(definition ? { definition } : {}), occurrences: same.map((s) => s.range), taken };
  }
  if ((decl.kind === 'Train' || decl.kind === 'Decode') && decl.model && touches(decl.model.range, offset)) return modelName(a, decl.model.name, decl.model.range);
  return undefined;
}

function modelName(a: Analysis, name: string, at: Range): NameInfo {
  const file = a.result.parse.file;
  const defs = modelDecls(file).flatMap((m) => (m.name?.name === name ? [m.name.range] : []));
  const uses = file.decls.flatMap((d) => (d.kind !== 'Model' && d.model?.name === name ? [d.model.range] : []));
  const occurrences = [...defs, ...uses].sort((x, y) => x.start - y.start);
  const taken = new Set(modelDecls(file).flatMap((m) => (m.name ? [m.name.name] : [])));
  return { at, name, ...(defs[0] ? { definition: defs[0] } : {}), occurrences, taken };
}

const RESERVED = new Set(['model', 'train', 'decode', 'output', 'true', 'false', 'True', 'False', 'None', '_']);

/** Why a name cannot be a new name, or undefined if it can. */
export function invalidName(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `\`${name}\` is not a name: use letters, digits and _, not starting with a digit`;
  if (RESERVED.has(name)) return `\`${name}\` is reserved`;
  return undefined;
}
