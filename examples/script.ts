// What the example scripts share: flags (--epochs N, --limit N, --plot FILE), a line per epoch
// as `rnnc train` prints it, and the curves drawn as `rnnc train --plot` draws them.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatLogs } from '../src/console/epoch-line.ts';
import { plotSvg } from '../src/cli/plot.ts';
import type { NdArray } from '../src/runtime/data/nd-array.ts';
import type { History } from '../src/runtime/train/fit.ts';
import type { FitEvents } from '../src/runtime/train/fit.ts';

export interface ScriptFlags {
  readonly epochs?: number;
  /** Train on the first N samples only (a quick look). */
  readonly limit?: number;
  readonly plot?: string;
}

export function scriptFlags(argv = process.argv.slice(2)): ScriptFlags {
  const { values } = parseArgs({ args: argv, options: { epochs: { type: 'string' }, limit: { type: 'string' }, plot: { type: 'string' } } });
  const whole = (v: string | undefined) => (v === undefined ? undefined : Number.parseInt(v, 10));
  const epochs = whole(values.epochs);
  const limit = whole(values.limit);
  return { ...(epochs ? { epochs } : {}), ...(limit ? { limit } : {}), ...(values.plot ? { plot: values.plot } : {}) };
}

export const epochLines: FitEvents = {
  onEpochEnd(epoch, logs, seconds) {
    console.log(`Epoch ${epoch + 1}: ${seconds.toFixed(1)}s - ${formatLogs(logs)}`);
  },
  onMessage: (line) => console.log(line),
};

export async function drawCurves(file: string | undefined, history: History, title: string): Promise<void> {
  if (!file) return;
  writeFileSync(file, await plotSvg(history.epochs, { title }));
  console.log(`curves drawn to ${file}`);
}

/** The first `n` samples of an array (all of them when n is undefined). */
export function firstRows(a: NdArray, n: number | undefined): NdArray {
  if (n === undefined || n >= a.shape[0]!) return a;
  const row = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return { ...a, shape: [n, ...a.shape.slice(1)], data: a.data.subarray(0, n * row) };
}
