// Inlay hints: each layer's output shape after its call, one per line — on a line holding
// several applications (`LSTM(256)(Embedding(8000, 128)(tgt))`) the outermost one, whose result
// the line binds. Inputs made by `Input(shape=…)` show their type the same way.

import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import { formatType, type ValueType } from '../compiler/tensor-type.ts';
import type { Range } from '../source/text.ts';
import type { Analysis } from './analysis.ts';

interface Shown {
  readonly range: Range;
  readonly types: readonly ValueType[];
  readonly tooltip: string;
}

export function inlayHints(a: Analysis, from: number, to: number): InlayHint[] {
  const byLine = new Map<number, Shown>();
  const consider = (s: Shown): void => {
    if (s.range.end < from || s.range.end > to) return;
    if (s.types.length === 0 || s.types.some((t) => t.kind === 'unknown')) return;
    const line = a.source.position(s.range.end).line;
    const seen = byLine.get(line);
    if (!seen || s.range.end - s.range.start > seen.range.end - seen.range.start) byLine.set(line, s);
  };
  for (const model of a.result.models) {
    for (const input of model.inputs) {
      // A Sequential model's `input=(…)` argument is not a line of its own: its layer shows the shape.
      if (a.text.startsWith('Input', input.range.start)) consider({ range: input.range, types: [input.type], tooltip: `input \`${input.name}\`` });
    }
    for (const node of model.nodes) {
      const { name, type, params } = node.layer;
      const total = params.trainable + params.nonTrainable;
      consider({ range: node.range, types: node.layer.outputTypes, tooltip: `${name} (${type}): ${total.toLocaleString('en-US')} parameters` });
    }
  }
  return [...byLine.values()]
    .sort((x, y) => x.range.end - y.range.end)
    .map((s) => ({
      position: a.position(s.range.end),
      label: `→ ${s.types.map(formatType).join(', ')}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: s.tooltip,
    }));
}
