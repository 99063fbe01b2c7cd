// Pre-trained Embedding tables: `Embedding(input_dim, output_dim, weights="table.npy")`. Keras's
// Embedding(weights=[matrix]) builds the layer and calls set_weights (keras/src/layers/core/
// embedding.py, __init__); rnnc reads the matrix from a .npy file, its path relative to the .rnn
// file, and assigns it over the initializer's draw before training starts. Frozen or not is the
// common argument `trainable` (a frozen table gets no gradient and counts as non-trainable).
//
// The table must be floats of shape (input_dim, output_dim), every value finite: E0519 names the
// file otherwise, E0601/E0602 when it cannot be read as .npy, E0625 for a NaN or an infinity.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckedLayer } from '../../compiler/ir.ts';
import { wrappedLayers } from '../../compiler/ir.ts';
import { firstNonFinite, nonFiniteHint } from '../data/finite.ts';
import { describe, formatDims, indexOf, showNumber } from '../data/nd-array.ts';
import { readNpy } from '../data/npy-read.ts';
import { RnncError } from '../errors.ts';
import { tf } from '../tf.ts';
import type { Network } from './network.ts';

/** The file an Embedding's `weights` names, or null. */
function tableFile(layer: CheckedLayer): string | null {
  return layer.type === 'Embedding' ? layer.config.weights : null;
}

function readTable(path: string, file: string): ReturnType<typeof readNpy> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : 'it cannot be read';
    throw new RnncError('E0601', `cannot read ${file}: ${reason}`, file, 'the path given to weights= is relative to the .rnn file');
  }
  return readNpy(bytes, file);
}

/** Loads every Embedding table named by `weights=` into `net`, paths relative to `baseDir`. */
export function loadPretrainedTables(net: Network, baseDir: string): void {
  for (const node of net.model.nodes) {
    const layer = node.layer;
    for (const inner of wrappedLayers(layer)) {
      const wrapped = tableFile(inner);
      if (wrapped !== null) {
        throw new RnncError('E0519', `Embedding \`${inner.name}\` is wrapped in ${layer.type}: rnnc loads weights="${wrapped}" only into an Embedding of the model itself`, wrapped, 'apply the Embedding directly, outside the wrapper');
      }
    }
    const file = tableFile(layer);
    if (file === null || layer.type !== 'Embedding') continue;
    const table = readTable(resolve(baseDir, file), file);
    const want = [layer.config.input_dim, layer.config.output_dim];
    if (table.dtype !== 'float32' || table.shape.length !== 2 || table.shape[0] !== want[0] || table.shape[1] !== want[1]) {
      throw new RnncError(
        'E0519',
        `${file} holds ${describe(table)}, but Embedding \`${layer.name}\` needs a float table of shape ${formatDims(want)} (input_dim, output_dim)`,
        file,
        table.shape.length === 2 && table.dtype === 'float32'
          ? `give the Embedding input_dim=${table.shape[0]} and output_dim=${table.shape[1]}, or the table that belongs to it`
          : 'save the table as a 2-D float array: numpy.save("table.npy", matrix.astype("float32"))',
      );
    }
    const bad = firstNonFinite(table.data);
    if (bad >= 0) {
      const value = table.data[bad]!;
      throw new RnncError('E0625', `${file} holds ${showNumber(value)} at ${indexOf(bad, table.shape)} (the table of Embedding \`${layer.name}\`)`, file, nonFiniteHint(value, table.fileDtype));
    }
    const variable = net.weights.find((w) => w.node === node.id && w.spec.name === 'embeddings')!.variable;
    tf.tidy(() => variable.assign(tf.tensor(table.data, variable.shape, 'float32')));
  }
}
