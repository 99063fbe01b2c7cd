// `rnnc train --plot curve.svg`: the loss and each metric per epoch, training beside validation,
// drawn by Vega-Lite and rendered to SVG headless by Vega (no browser, no canvas, no network).
// One panel per quantity: `loss` and `val_loss` share a panel, `accuracy` and `val_accuracy` the
// next. A quantity that falls over more than a factor of 20 (a loss, usually) gets a log axis, so
// the late epochs, where the interesting differences are, do not flatten against zero.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Logs } from '../runtime/train/callbacks.ts';

interface Point {
  readonly epoch: number;
  readonly value: number;
  readonly set: 'training' | 'validation';
}

export interface PlotOptions {
  /** Shown above the panels: the model's name and how the run went. */
  readonly title?: string;
}

/** Each quantity's points, keyed by its training name (`loss`, `accuracy`, `mae`). */
export function curves(epochs: readonly Logs[]): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  epochs.forEach((logs, i) => {
    for (const [key, value] of Object.entries(logs)) {
      if (!Number.isFinite(value) || key === 'lr' || key === 'learning_rate') continue;
      const validation = key.startsWith('val_');
      const name = validation ? key.slice(4) : key;
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push({ epoch: i + 1, value, set: validation ? 'validation' : 'training' });
    }
  });
  return out;
}

export function plotSpec(epochs: readonly Logs[], options: PlotOptions = {}): TopLevelSpec {
  const panels = [...curves(epochs)].map(([name, points]) => panel(name, points, epochs.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: { text: options.title, anchor: 'start' as const } } : {}),
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: '#ccc' } },
    hconcat: panels,
  };
}

function panel(name: string, points: readonly Point[], epochs: number) {
  const values = points.map((p) => p.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const logAxis = low > 0 && high / low > 20;
  return {
    width: 320,
    height: 200,
    title: name,
    data: { values: points },
    mark: { type: 'line' as const, point: epochs <= 40, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', scale: { domain: [1, Math.max(2, epochs)] }, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative' as const, title: logAxis ? `${name} (log scale)` : name, scale: logAxis ? { type: 'log' as const } : { zero: false } },
      color: {
        field: 'set',
        type: 'nominal' as const,
        title: null,
        scale: { domain: ['training', 'validation'], range: ['#1f77b4', '#ff7f0e'] },
        legend: { orient: 'bottom' as const },
      },
    },
  };
}

/** The SVG text of the curves. */
export async function plotSvg(epochs: readonly Logs[], options: PlotOptions = {}): Promise<string> {
  const { spec } = compile(plotSpec(epochs, options));
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
