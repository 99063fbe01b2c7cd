// Kernel lookup by the registry's layer type (`LSTM`, `Dense`, …).

import type { LayerKernel } from './kernel.ts';
import { RECURRENT_KERNELS } from './recurrent/index.ts';
import { NON_RECURRENT_KERNELS } from './non-recurrent.ts';

const KERNELS: Readonly<Record<string, LayerKernel>> = { ...NON_RECURRENT_KERNELS, ...RECURRENT_KERNELS };

export function kernelFor(type: string): LayerKernel {
  const k = KERNELS[type];
  if (!k) throw new Error(`no runtime kernel for layer ${type}`);
  return k;
}

export function hasKernel(type: string): boolean {
  return type in KERNELS;
}
