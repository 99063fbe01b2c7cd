// SimpleRNN, LSTM, GRU and Bidirectional kernels, by registry type.

import type { LayerKernel } from '../kernel.ts';

export const RECURRENT_KERNELS: Readonly<Record<string, LayerKernel>> = {};
