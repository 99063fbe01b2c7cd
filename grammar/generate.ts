// Writes grammar/railroad.html: syntax diagrams of the .rnn grammar, drawn by Chevrotain from the
// parser itself (`npm run grammar`). test/parser/railroad.test.ts fails when the committed file
// no longer matches the parser.
//
// The diagrams show the language, not the parser's recovery: the productions that only exist to
// catch errors (stray tokens, too-deep brackets) are left out, and the lists the parser reads as
// `{ item [","] }` — so that it can report a missing comma instead of failing — are drawn as the
// language has them, `[ item { "," item } [","] ]`.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSyntaxDiagramsCode, type ISerializedGast } from 'chevrotain';
import { parser, RECOVERY_RULES } from '../src/parser/parser.ts';

type Production = ISerializedGast & { name?: string; idx?: number };

const HIDDEN_TERMINALS = new Set(['TooDeep']);

function isOptionalComma(p: Production | undefined): boolean {
  const only: Production | undefined = p?.definition?.[0];
  return p?.type === 'Option' && p.definition?.length === 1 && only?.type === 'Terminal' && only.name === 'Comma';
}

function language(prods: readonly Production[]): Production[] {
  const out: Production[] = [];
  for (const p of prods) {
    if (p.type === 'NonTerminal' && RECOVERY_RULES.includes(p.name ?? '')) continue;
    if (p.type === 'Terminal' && HIDDEN_TERMINALS.has(p.name ?? '')) continue;
    if (p.definition === undefined) {
      out.push(p);
      continue;
    }
    if (p.type === 'Alternation') {
      const alts = p.definition
        .map((a) => ({ ...a, definition: language(a.definition ?? []) }))
        .filter((a) => a.definition.length > 0);
      if (alts.length === 1) out.push(...alts[0]!.definition);
      else if (alts.length > 1) out.push({ ...p, definition: alts });
      continue;
    }
    const def = language(p.definition);
    if (def.length === 0) continue;
    if (p.type === 'Repetition' && def.length > 1 && isOptionalComma(def[def.length - 1])) {
      const item = def.slice(0, -1);
      const comma = def[def.length - 1]!.definition![0]!;
      out.push({
        type: 'Option',
        idx: p.idx,
        definition: [...item, { type: 'Repetition', idx: p.idx, definition: [comma, ...item] }, { type: 'Option', idx: p.idx, definition: [comma] }],
      });
      continue;
    }
    out.push({ ...p, definition: def });
  }
  return out;
}

/** The HTML of the diagrams, as committed in grammar/railroad.html. */
export function railroadHtml(): string {
  const rules = (parser().getSerializedGastProductions() as Production[])
    .filter((r) => !RECOVERY_RULES.includes(r.name ?? ''))
    .map((r) => ({ ...r, definition: language(r.definition ?? []) }));
  return createSyntaxDiagramsCode(rules);
}

export const RAILROAD_PATH = fileURLToPath(new URL('./railroad.html', import.meta.url));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(RAILROAD_PATH, railroadHtml());
  console.log(`wrote ${RAILROAD_PATH}`);
}
