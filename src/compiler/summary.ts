// Keras 3's model.summary(), reproduced from keras/src/utils/summary_utils.py and the rich
// table it draws: the same columns, widths, box characters, shape spelling, thousands
// separators and parameter-size lines, so a Keras user sees the table they know.

import type { CheckedModel, IRNode } from './ir.ts';
import { formatShape, type ValueType } from './tensor-type.ts';

export interface SummaryOptions {
  /**
   * Keras uses min(88, terminal columns - 4) for Sequential-like models and min(108, …) for
   * others; off a terminal Python's fallback of 80 columns gives 76. Defaults to that fallback.
   */
  readonly terminalColumns?: number;
}

interface Layout {
  readonly lineLength: number;
  readonly header: readonly string[];
  readonly justify: readonly ('left' | 'right')[];
  readonly positions: readonly number[];
}

export function summary(model: CheckedModel, options: SummaryOptions = {}): string {
  const given = options.terminalColumns;
  const columns = given !== undefined && Number.isFinite(given) ? Math.floor(given) : 80;
  const seqLike = isSequentialLike(model);
  const layout: Layout = seqLike
    ? { lineLength: Math.min(88, columns - 4), header: ['Layer (type)', 'Output Shape', 'Param #'], justify: ['left', 'left', 'right'], positions: [0.45, 0.8, 1.0] }
    : {
        lineLength: Math.min(108, columns - 4),
        header: ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'],
        justify: ['left', 'left', 'right', 'left'],
        positions: [0.3, 0.56, 0.74, 1.0],
      };
  const rows: string[][] = [];
  // Keras lists a functional model's InputLayers; a Sequential model built with input_shape has none.
  if (model.kind === 'functional') {
    for (const input of model.inputs) {
      rows.push([`${input.name} (InputLayer)`, formatShape(input.type.shape), '0', ...(seqLike ? [] : ['-'])]);
    }
  }
  for (const node of model.nodes) {
    const fields = [`${node.layer.name} (${node.layer.type})`, formatOutputs(node.layer.outputTypes), (node.layer.params.trainable + node.layer.params.nonTrainable).toLocaleString('en-US')];
    if (!seqLike) fields.push(connections(model, node));
    rows.push(fields);
  }
  const { trainable, nonTrainable } = model.params;
  const lines = [`Model: "${model.name}"`, ...drawTable(layout, rows)];
  lines.push(` Total params: ${(trainable + nonTrainable).toLocaleString('en-US')} (${readableSize((trainable + nonTrainable) * 4)})`);
  lines.push(` Trainable params: ${trainable.toLocaleString('en-US')} (${readableSize(trainable * 4)})`);
  lines.push(` Non-trainable params: ${nonTrainable.toLocaleString('en-US')} (${readableSize(nonTrainable * 4)})`);
  return lines.join('\n') + '\n';
}

/** One output: `(None, 64)`; several: `[(None, 64), (None, 64)]` (Keras prints str(list)). */
function formatOutputs(outputs: readonly ValueType[]): string {
  const shapes = outputs.map((t) => (t.kind === 'unknown' ? '?' : formatShape(t.shape)));
  return shapes.length === 1 ? shapes[0]! : `[${shapes.join(', ')}]`;
}

function connections(model: CheckedModel, node: IRNode): string {
  const refs = [...node.inputs, ...(node.initialState ?? [])];
  const names = refs.map((r) => {
    const name = r.node < 0 ? (model.inputs[r.index]?.name ?? '?') : (model.nodes[r.node]?.layer.name ?? '?');
    return `${name}[0][${r.node < 0 ? 0 : r.index}]`;
  });
  return names.length ? names.join(', ') : '-';
}

/**
 * Keras treats a functional model as Sequential-like when each depth of its graph holds one
 * node reading one tensor; then it prints three columns instead of four.
 */
function isSequentialLike(model: CheckedModel): boolean {
  if (model.kind === 'sequential') return true;
  if (model.inputs.length > 1) return false;
  const depth = new Map<number, number>();
  const byDepth = new Map<number, number>();
  for (const node of model.nodes) {
    const refs = [...node.inputs, ...(node.initialState ?? [])];
    if (refs.length > 1) return false;
    const d = 1 + Math.max(0, ...refs.map((r) => (r.node < 0 ? 0 : (depth.get(r.node) ?? 0))));
    depth.set(node.id, d);
    byDepth.set(d, (byDepth.get(d) ?? 0) + 1);
  }
  return [...byDepth.values()].every((n) => n === 1);
}

/** Python's "{:.2f} {unit}" over powers of 1024, rounding halves to even as Python does. */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${fixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${fixed2(size)} PB`;
}

function fixed2(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5) return ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2);
  return x.toFixed(2);
}

// ---- the rich table ----------------------------------------------------------------------------

/**
 * rich.table.Table(width=line_length, show_lines=True) with fixed column widths, box HEAVY_HEAD.
 * rich adds one space of padding on each side of a cell and then, because the fixed widths plus
 * padding exceed the table width, takes the excess back evenly (rich's ratio_reduce).
 */
function columnWidths(layout: Layout): number[] {
  const widths: number[] = [];
  let current = 0;
  for (const pos of layout.positions) {
    const w = Math.trunc(pos * layout.lineLength) - current;
    widths.push(w);
    current += w;
  }
  const padded = widths.map((w) => w + 2);
  const available = layout.lineLength - (layout.positions.length + 1);
  let excess = padded.reduce((a, b) => a + b, 0) - available;
  if (excess <= 0) return padded;
  let totalRatio = padded.length;
  // On a terminal too narrow for the table (Keras's own would break), every column keeps one
  // character between its padding; cells then wrap a character a line, and the table is wider
  // than the terminal rather than broken.
  return padded.map((w) => {
    const distributed = Math.min(w, roundHalfEven(excess / totalRatio));
    excess -= distributed;
    totalRatio -= 1;
    return Math.max(MIN_COLUMN, w - distributed);
  });
}

/** One character and its padding. */
const MIN_COLUMN = 3;

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function drawTable(layout: Layout, rows: readonly string[][]): string[] {
  const widths = columnWidths(layout);
  const rule = (left: string, fill: string, mid: string, right: string) => left + widths.map((w) => fill.repeat(w)).join(mid) + right;
  const out = [rule('┏', '━', '┳', '┓')];
  out.push(...rowLines(layout.header, widths, layout.justify, '┃'));
  out.push(rule('┡', '━', '╇', '┩'));
  rows.forEach((row, i) => {
    if (i > 0) out.push(rule('├', '─', '┼', '┤'));
    out.push(...rowLines(row, widths, layout.justify, '│'));
  });
  out.push(rule('└', '─', '┴', '┘'));
  return out;
}

function rowLines(cells: readonly string[], widths: readonly number[], justify: readonly ('left' | 'right')[], bar: string): string[] {
  const wrapped = cells.map((c, i) => wrap(c, widths[i]! - 2));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let k = 0; k < height; k++) {
    const parts = wrapped.map((w, i) => {
      const text = w[k] ?? '';
      const inner = widths[i]! - 2;
      return ' ' + (justify[i] === 'right' ? text.padStart(inner) : text.padEnd(inner)) + ' ';
    });
    lines.push(bar + parts.join(bar) + bar);
  }
  return lines;
}

/** Word-wrap like rich: break at spaces, fold words longer than the width (at least 1). */
function wrap(text: string, requested: number): string[] {
  const width = Math.max(1, requested);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    const candidate = line ? `${line} ${w}` : w;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    while (w.length > width) {
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    line = w;
  }
  lines.push(line);
  return lines;
}
