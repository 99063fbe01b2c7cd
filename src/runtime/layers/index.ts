// Kernel lookup by the registry's layer type (`LSTM`, `Dense`, …). Looked up at call time, not
// built into a table when this module loads, so the order in which modules load cannot leave
// the table empty (TimeDistributed and Bidirectional look up their inner layers' kernels).

import { kernelIn, type LayerKernel } from './kernel.ts';
import { RECURRENT_KERNELS } from './recurrent/index.ts';
import { NON_RECURRENT_KERNELS } from './non-recurrent.ts';

export function kernelFor(type: string): LayerKernel {
  const k = kernelIn(NON_RECURRENT_KERNELS, type) ?? kernelIn(RECURRENT_KERNELS, type);
  if (!k) throw new Error(`no runtime kernel for layer ${type}`);
  return k;
}

export function hasKernel(type: string): boolean {
  return Object.hasOwn(NON_RECURRENT_KERNELS, type) || Object.hasOwn(RECURRENT_KERNELS, type);
}
