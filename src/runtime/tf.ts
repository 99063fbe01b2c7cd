// The one door to TensorFlow.js. Everything in src/runtime imports `tf` from here, so the
// backend is set up in one place and the rest of the project never imports TensorFlow.js.
//
// tfjs-core's Node bundle registers no gradients and no chained ops (`a.add(b)` fails): rnnc
// never uses tfjs's autodiff — every layer's backward pass is written by hand in its kernel —
// and always calls ops as functions (`tf.add(a, b)`).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// PROD silences TensorFlow.js's console chatter — the CPU backend's "install tfjs-node" banner,
// deprecation notes — which would land in the middle of rnnc's own output.
tf.env().set('PROD', true);

export { tf };
export type Tensor = tf.Tensor;

export type BackendName = 'wasm' | 'cpu';

let wasmPathsSet = false;

/**
 * Select and initialize a backend. The WASM binaries are read from the installed package's
 * dist/ folder — never downloaded. Node gets the SIMD build, single-threaded.
 */
export async function initBackend(name: BackendName = 'wasm'): Promise<void> {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(join(dirname(pkg), 'dist') + '/');
    wasmPathsSet = true;
  }
  if (tf.getBackend() === name) return;
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend of TensorFlow.js could not be initialized`);
  await tf.ready();
}
