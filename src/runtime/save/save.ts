// Save a checked model and its weights in the TensorFlow.js Layers format: DIR/model.json (the
// Keras topology, the weights manifest, and rnnc's own record under a key TensorFlow.js
// ignores) and DIR/weights.bin. `tf.loadLayersModel` reads the pair; the notes say where
// TensorFlow.js will refuse the model or compute other numbers than rnnc (tfjs-notes.ts).

import type { CheckedModel } from '../../compiler/ir.ts';
import { checkReplaceable, replaceDirectory } from './atomic-directory.ts';
import type { Json, RnncMetadata } from './json.ts';
import { buildModelJson, MODEL_FILE, WEIGHTS_FILE } from './model-json.ts';
import { tfjsNotes, type SaveNote } from './tfjs-notes.ts';
import { modelTopology } from './topology.ts';
import { checksum, encodeWeights, orderWeights, weightEntries, type SavedWeight } from './weights-file.ts';

export interface SaveExtras {
  /** Keras's training_config (loss, optimizer, metrics); tfjs-layers compiles the model with it. */
  readonly trainingConfig?: Json;
  /** Kept in model.json under `rnnc`: the .rnn `source`, and whatever else the caller records. */
  readonly rnnc?: RnncMetadata;
}

/**
 * Write DIR/model.json and DIR/weights.bin, replacing a previous model in DIR atomically.
 * `weights` are named `<layer>/<weight>` (`lstm/kernel`, `bidirectional/forward_lstm/bias`),
 * one for each of the model's weights, in any order.
 */
export async function saveModel(
  dir: string,
  model: CheckedModel,
  weights: readonly SavedWeight[],
  extras: SaveExtras = {},
): Promise<SaveNote[]> {
  const entries = weightEntries(model);
  const bin = encodeWeights(orderWeights(entries, weights));
  const rnnc: RnncMetadata = { ...extras.rnnc, model: model.name, weightsSha256: checksum(bin) };
  const json = buildModelJson(modelTopology(model), entries, rnnc, extras.trainingConfig);
  await replaceDirectory(dir, [
    [MODEL_FILE, JSON.stringify(json)],
    [WEIGHTS_FILE, bin],
  ]);
  return tfjsNotes(model);
}

/** Fail now, not after training, if `saveModel(dir, …)` would refuse DIR. */
export async function checkSaveTarget(dir: string): Promise<void> {
  await checkReplaceable(dir, [MODEL_FILE, WEIGHTS_FILE]);
}
