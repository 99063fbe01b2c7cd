// Models written by tfjs-layers itself, for the import tests: built with @tensorflow/tfjs (a
// devDependency), saved through a save handler into model.json + weights.bin exactly as
// tf.io's file handlers lay them out (tfjs-core io/types.ts, ModelJSON), and run by tfjs for the
// expected outputs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export { tf };

/** Save `model` into DIR/model.json + DIR/weights.bin, as tfjs-node's file:// handler does. */
export async function saveTfjs(model: tf.LayersModel, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } });
    }),
  );
  return join(dir, 'model.json');
}

/** Deterministic inputs in [-1, 1) (or ids in [0, vocab) with some zeros for padding). */
export function inputs(shape: readonly number[], vocab?: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
    const u = r - Math.floor(r);
    out[i] = vocab === undefined ? 2 * u - 1 : Math.floor(u * vocab);
  }
  return out;
}

/** tfjs's prediction for the model on `x` (one input), as a flat array. */
export function tfjsPredict(model: tf.LayersModel, x: Float32Array, shape: readonly number[], dtype: 'float32' | 'int32' = 'float32'): Float32Array[] {
  const input = dtype === 'int32' ? tf.tensor(Int32Array.from(x), [...shape], 'int32') : tf.tensor(x, [...shape]);
  const out = model.predict(input);
  const list = Array.isArray(out) ? out : [out];
  return list.map((t) => t.dataSync() as Float32Array);
}
