// NaN and infinities in data are refused before anything runs (E0625): a NaN input makes NaN
// predictions, a NaN or infinite label a NaN or infinite loss, and training would stop at the first
// such batch with E0515, whose hint (the learning rate) is then wrong. The message names the file,
// whether it is x or the labels, and the first bad value's index; the hint fits the cause.

import { RnncError } from '../errors.ts';
import { indexOf, showNumber, type NdArray } from './nd-array.ts';

/** What the values are in messages: the inputs or the labels. */
export type DataRole = 'x' | 'y';

/** The flat offset of the first NaN or infinity, or -1. */
export function firstNonFinite(data: Float32Array | Int32Array): number {
  if (data instanceof Int32Array) return -1;
  for (let i = 0; i < data.length; i++) {
    // v - v is 0 for every finite v, and NaN for NaN and both infinities.
    const v = data[i]!;
    if (v - v !== 0) return i;
  }
  return -1;
}

const FLOAT32_MAX = 3.4028234663852886e38;

export function nonFiniteHint(value: number, fileDtype: string | undefined): string {
  if (Number.isNaN(value)) return 'NaN usually marks a missing value: fill it (numpy.nan_to_num, pandas fillna) or drop the sample';
  if (fileDtype !== undefined && fileDtype !== 'float32') {
    return `a ${fileDtype} value beyond ±${showNumber(FLOAT32_MAX)} is infinite as float32, as is an infinity in the file: scale the data to roughly -1…1, or replace the infinities`;
  }
  return 'an infinity usually comes from a division by zero where the data was made: replace it, or drop the sample';
}

/** Throws E0625 at the first NaN or infinity of `a`, read from `file`. */
export function checkFinite(a: NdArray, file: string, role: DataRole): void {
  const bad = firstNonFinite(a.data);
  if (bad < 0) return;
  const value = a.data[bad]!;
  throw new RnncError('E0625', `${file} holds ${showNumber(value)} at ${indexOf(bad, a.shape)}${roleText(role)}`, file, nonFiniteHint(value, a.fileDtype));
}

/** Throws E0625 where `scale` made a finite value of `a` infinite. */
export function checkScaled(scaled: NdArray, original: NdArray, scale: number, file: string): void {
  const bad = firstNonFinite(scaled.data);
  if (bad < 0) return;
  throw new RnncError(
    'E0625',
    `${file} holds ${showNumber(original.data[bad]!)} at ${indexOf(bad, scaled.shape)}${roleText('x')}, which scale = ${scale} makes ${showNumber(scaled.data[bad]!)}`,
    file,
    `float32 reaches ±${showNumber(FLOAT32_MAX)}: use a smaller scale`,
  );
}

const roleText = (role: DataRole) => (role === 'x' ? ' (in x)' : ' (in the labels, y)');
