// A linear-time UnsortedSegmentSum for the benchmark's peer, so tfjs-layers can train B3 at all.
//
// tfjs's gather gradient (an Embedding's) is UnsortedSegmentSum. The WASM backend has no such
// kernel (docs/performance.md), and the CPU backend's loops over every segment, materializing an
// equal/cast/multiply/sum of the whole gradient for each and freeing them only at the end: for B3
// (10,000 segments × a [6400, 64] gradient) that is about 33 GB, and one training step did not
// finish in five minutes here. The bench registers this scatter-add instead, on both backends, only
// in its own process: the peer then computes the same gradient, in one pass.

import { tf } from '../../src/runtime/tf.ts';

interface Backend {
  readSync(dataId: object): Float32Array | Int32Array;
  makeTensorInfo?(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: 'float32', memoryOffset: undefined, values: Float32Array): tf.TensorInfo;
}

function segmentSum({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const b = backend as Backend;
  const x = inputs['x']!;
  const ids = b.readSync(inputs['segmentIds']!.dataId);
  const values = b.readSync(x.dataId);
  const segments = attrs!['numSegments'] as number;
  const width = x.shape.slice(1).reduce((a, n) => a * n, 1);
  const out = new Float32Array(segments * width);
  for (let r = 0; r < ids.length; r++) {
    const at = ids[r]! * width;
    if (ids[r]! < 0 || ids[r]! >= segments) continue;
    for (let k = 0; k < width; k++) out[at + k] = out[at + k]! + values[r * width + k]!;
  }
  const shape = [segments, ...x.shape.slice(1)];
  return b.makeTensorInfo ? b.makeTensorInfo(shape, 'float32', out) : b.makeOutput!(shape, 'float32', undefined, out);
}

/** Registers the kernel for wasm and cpu in this process (replacing the CPU backend's). */
export function useLinearSegmentSum(): void {
  for (const backendName of ['wasm', 'cpu']) {
    if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: segmentSum });
  }
}
