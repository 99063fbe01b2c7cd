// Labels against the model's output and its loss, as Keras's losses read them:
//   sparse_categorical_crossentropy  one whole class id per output position, 0 ≤ id < classes:
//                                    (N,) or (N, 1) for (None, C), (N, T) or (N, T, 1) for (None, T, C)
//   categorical losses               one-hot rows shaped exactly like the output
//   binary losses                    the output's shape, values in [0, 1]
//   the others (mse, mae, huber, …)  the output's shape
// Like Keras 3's squeeze_or_expand_to_same_rank, a missing trailing axis of 1 is accepted:
// (N,) labels for an output (None, 1). Sparse labels come back int32 without the trailing 1;
// all others float32. Positions in messages are indices into the file's array as it is.

import type { CheckedModel } from '../../compiler/ir.ts';
import { formatShape, type Dim, type TensorType } from '../../compiler/tensor-type.ts';
import { RnncError } from '../errors.ts';
import { describe, indexOf, int32, reshape, showNumber, toFloat32, type NdArray } from './nd-array.ts';

const CATEGORICAL = ['categorical_crossentropy', 'categorical_focal_crossentropy', 'categorical_hinge', 'kl_divergence'];
const BINARY = ['binary_crossentropy', 'binary_focal_crossentropy'];

/** Labels for output `which`; `concrete` is its type for this data's lengths, when the shape rules
 *  could tell. Keras applies one loss to every output of a model. */
export function fitLabels(model: CheckedModel, y: NdArray, file: string, concrete: TensorType | undefined, which = 0): NdArray {
  const declared = model.outputTypes[which]!;
  if (declared.kind === 'unknown') return toFloat32(y);
  const out = concrete ?? declared;
  const loss = model.train?.losses[which] ?? model.train?.loss;
  const lossName = loss?.name ?? 'mean_squared_error';
  const mismatch = (want: readonly Dim[], hint: string) =>
    new RnncError(
      'E0620',
      `${file} holds ${describe(y)} labels, but the model outputs ${formatShape(out.shape)}${loss ? ` under ${lossName}` : ''}, which wants labels shaped ${formatShape([y.shape[0] ?? null, ...want.slice(1)])}`,
      file,
      hint,
    );

  if (lossName === 'sparse_categorical_crossentropy') {
    const want = out.shape.slice(0, -1);
    const shaped = squeezeTo(y, want);
    if (!fits(shaped, want)) {
      const oneHot = fits(y, out.shape);
      throw mismatch(want, oneHot ? 'these look like one-hot rows: use categorical_crossentropy, or pass y.argmax(-1)' : 'give one class id per sample (or per step of a sequence output)');
    }
    const ignore = loss?.args['ignore_class'];
    return reshape(classIds(y, file, out.shape[out.shape.length - 1] ?? null, typeof ignore === 'number' ? ignore : undefined), shaped.shape);
  }
  if (CATEGORICAL.includes(lossName)) {
    if (!fits(y, out.shape)) {
      const ids = fits(squeezeTo(y, out.shape.slice(0, -1)), out.shape.slice(0, -1));
      throw mismatch(out.shape, ids ? `these look like class ids: use sparse_categorical_crossentropy, or one-hot encode them` : `give one row of ${out.shape[out.shape.length - 1]} class probabilities per sample`);
    }
    return toFloat32(y);
  }
  const shaped = expandTo(y, out.shape);
  if (!fits(shaped, out.shape)) throw mismatch(out.shape, 'reshape the labels to the output shape, or change the last layer to produce that shape');
  if (BINARY.includes(lossName)) inUnitInterval(y, file, lossName);
  return toFloat32(shaped);
}

/** Whether `a` has `want`'s rank and every fixed axis after the batch. */
function fits(a: NdArray, want: readonly Dim[]): boolean {
  return a.shape.length === want.length && want.every((d, axis) => axis === 0 || d === null || d === a.shape[axis]);
}

/** Drops a trailing axis of 1 that `want` does not have. */
function squeezeTo(a: NdArray, want: readonly Dim[]): NdArray {
  return a.shape.length === want.length + 1 && a.shape[a.shape.length - 1] === 1 ? reshape(a, a.shape.slice(0, -1)) : a;
}

/** Adds a trailing axis of 1 that `want` has and `a` lacks. */
function expandTo(a: NdArray, want: readonly Dim[]): NdArray {
  return a.shape.length === want.length - 1 && want[want.length - 1] === 1 ? reshape(a, [...a.shape, 1]) : a;
}

function classIds(a: NdArray, file: string, classes: number | null, ignore: number | undefined): NdArray {
  const out = new Int32Array(a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    const v = a.data[i]!;
    const ok = Number.isInteger(v) && ((v >= 0 && (classes === null || v < classes)) || v === ignore);
    if (!ok) {
      const range = classes === null ? 'whole numbers from 0' : `0 to ${classes - 1}`;
      throw new RnncError(
        'E0621',
        `${file} holds the label ${showNumber(v)} at ${indexOf(i, a.shape)}, but the output scores ${classes ?? 'its'} classes, so labels are ${range}`,
        file,
        v === classes ? 'labels counted from 1 need shifting: y - 1' : Number.isInteger(v) ? 'widen the last layer to one unit per class' : 'class labels are whole numbers; for probabilities use categorical_crossentropy',
      );
    }
    out[i] = v;
  }
  return int32(a.shape, out, a.fileDtype);
}

function inUnitInterval(a: NdArray, file: string, lossName: string): void {
  const bad = a.data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad < 0) return;
  throw new RnncError(
    'E0622',
    `${file} holds the label ${showNumber(a.data[bad]!)} at ${indexOf(bad, a.shape)}, but ${lossName} compares labels in [0, 1] with probabilities`,
    file,
    'map the two classes to 0 and 1, for example (y + 1) / 2 for labels -1 and 1',
  );
}
