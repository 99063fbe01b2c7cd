// Every non-recurrent layer's kernel, by registry type.

import type { LayerKernel } from './kernel.ts';

export const NON_RECURRENT_KERNELS: Readonly<Record<string, LayerKernel>> = {};
