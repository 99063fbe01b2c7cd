// The exact versions of the TensorFlow.js packages rnnc runs on, read from their installed
// package.json files without loading them: `rnnc build` pins a program's dependencies to these,
// since the program's kernels call into tfjs-backend-wasm's internals (its heap and GEMM).

import { createRequire } from 'node:module';

export interface TfjsVersions {
  readonly '@tensorflow/tfjs-core': string;
  readonly '@tensorflow/tfjs-backend-wasm': string;
}

export function tfjsVersions(): TfjsVersions {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return { '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'), '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm') };
}
