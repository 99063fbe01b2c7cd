// Document symbols: each model with its layers (a Sequential model) or its bindings and the
// layers applied in them (a functional model), and each train block with its settings.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { CheckedModel, IRNode } from '../compiler/ir.ts';
import { formatType } from '../compiler/tensor-type.ts';
import type { ModelDecl, TrainDecl } from '../parser/ast.ts';
import type { Range } from '../parser/source.ts';
import type { Analysis } from './analysis.ts';
import { irModel, valueTypes } from './hover.ts';

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
  const model = irModel(a, decl);
  const nodes = model?.nodes ?? [];
  let children: DocumentSymbol[];
  if (model?.kind === 'functional') {
    children = [];
    for (const s of decl.body) {
      const inside = nodes.filter((n) => n.range.start >= s.range.start && n.range.end <= s.range.end).map((n) => layerSymbol(a, n));
      if (s.kind !== 'BindStmt') {
        if (s.kind === 'OutputStmt') children.push(symbol(a, 'output', SymbolKind.Event, s.range, s.keyword, undefined, inside));
        else children.push(...inside);
        continue;
      }
      const targets = s.targets.filter((t) => t.name !== '_');
      targets.forEach((t, i) => {
        const type = valueTypes(a, decl, { kind: 'Name', name: t.name, range: t.range });
        children.push(symbol(a, t.name, SymbolKind.Variable, s.range, t.range, type?.map(formatType).join(', '), i === 0 ? inside : undefined));
      });
    }
  } else children = nodes.map((n) => layerSymbol(a, n));
  return symbol(a, decl.name?.name ?? 'model', SymbolKind.Class, decl.range, decl.name?.range ?? decl.keyword, model ? describe(model) : undefined, children);
}

function describe(model: CheckedModel): string {
  const total = model.params.trainable + model.params.nonTrainable;
  return `${model.kind}, ${total.toLocaleString('en-US')} parameters`;
}

function trainSymbol(a: Analysis, decl: TrainDecl): DocumentSymbol {
  const entries = decl.entries.map((e) => symbol(a, e.key.name, SymbolKind.Property, e.range, e.key.range, a.source.slice(e.value.range).slice(0, 60)));
  return symbol(a, decl.model ? `train ${decl.model.name}` : 'train', SymbolKind.Namespace, decl.range, decl.model?.range ?? decl.keyword, undefined, entries);
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  return a.result.parse.file.decls.map((d) => (d.kind === 'Model' ? modelSymbol(a, d) : trainSymbol(a, d)));
}
