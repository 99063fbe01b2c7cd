// Document symbols: each model with its layers (a Sequential model) or its bindings and the
// layers applied in them (a functional model), and each train block with its settings.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { CheckedModel, IRNode } from '../compiler/ir.ts';
import { formatType } from '../compiler/tensor-type.ts';
import type { ModelDecl, SettingsDecl } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import type { Analysis } from './analysis.ts';
import { modelIndex, valueTypes } from './model-index.ts';

function symbol(a: Analysis, name: string, kind: SymbolKind, range: Range, selection: Range, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  // An editor rejects a selection outside the symbol's range; recovery can produce one.
  const start = Math.min(Math.max(selection.start, range.start), range.end);
  const end = Math.min(Math.max(selection.end, start), range.end);
  return {
    name: name || '?',
    kind,
    range: a.range(range),
    selectionRange: a.range({ start, end }),
    ...(detail ? { detail } : {}),
    ...(children?.length ? { children } : {}),
  };
}

function layerSymbol(a: Analysis, node: IRNode): DocumentSymbol {
  const l = node.layer;
  return symbol(a, l.name, SymbolKind.Function, node.range, l.range, `${l.type} → ${l.outputTypes.map(formatType).join(', ')}`);
}

function modelSymbol(a: Analysis, decl: ModelDecl): DocumentSymbol {
  const { model } = modelIndex(a, decl);
  const nodes = model?.nodes ?? [];
  let children: DocumentSymbol[];
  if (model?.kind === 'functional') {
    // Each node under the statement it is applied in (statements are in source order).
    const inside = decl.body.map((): DocumentSymbol[] => []);
    for (const n of nodes) {
      const i = statementAt(decl, n.range.start);
      if (i >= 0 && n.range.end <= decl.body[i]!.range.end) inside[i]!.push(layerSymbol(a, n));
    }
    children = decl.body.flatMap((s, i) => {
      const layers = inside[i]!;
      if (s.kind === 'OutputStmt') return [symbol(a, 'output', SymbolKind.Event, s.range, s.keyword, undefined, layers)];
      if (s.kind === 'LayerStmt') return layers;
      return s.targets
        .filter((t) => t.name !== '_')
        .map((t, k) => {
          const type = valueTypes(a, decl, { kind: 'Name', name: t.name, range: t.range });
          return symbol(a, t.name, SymbolKind.Variable, s.range, t.range, type?.map(formatType).join(', '), k === 0 ? layers : undefined);
        });
    });
  } else children = nodes.map((n) => layerSymbol(a, n));
  return symbol(a, decl.name?.name ?? 'model', SymbolKind.Class, decl.range, decl.name?.range ?? decl.keyword, model ? describe(model) : undefined, children);
}

/** The index of the last statement starting at or before the offset, or -1. */
function statementAt(decl: ModelDecl, offset: number): number {
  let lo = 0;
  let hi = decl.body.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (decl.body[mid]!.range.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function describe(model: CheckedModel): string {
  const total = model.params.trainable + model.params.nonTrainable;
  return `${model.kind}, ${total.toLocaleString('en-US')} parameters`;
}

function settingsSymbol(a: Analysis, decl: SettingsDecl): DocumentSymbol {
  const keyword = decl.kind === 'Train' ? 'train' : 'decode';
  const entries = decl.entries.map((e) => symbol(a, e.key.name, SymbolKind.Property, e.range, e.key.range, a.source.slice(e.value.range).slice(0, 60)));
  return symbol(a, decl.model ? `${keyword} ${decl.model.name}` : keyword, SymbolKind.Namespace, decl.range, decl.model?.range ?? decl.keyword, undefined, entries);
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  return a.result.parse.file.decls.map((d) => (d.kind === 'Model' ? modelSymbol(a, d) : settingsSymbol(a, d)));
}
