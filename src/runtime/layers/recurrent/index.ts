// SimpleRNN, LSTM, GRU and Bidirectional kernels, by registry type.

import type { LayerKernel } from '../kernel.ts';
import type { CellType } from './config.ts';
import { BIDIRECTIONAL_KERNEL } from './bidirectional.ts';
import { RNN_KERNEL } from './rnn-kernel.ts';

// One kernel for the three cell types (a KernelTable entry takes exactly its key's type).
export const RECURRENT_KERNELS: { readonly [K in CellType]?: LayerKernel<CellType> } & { readonly Bidirectional?: LayerKernel<'Bidirectional'> } = {
  SimpleRNN: RNN_KERNEL,
  LSTM: RNN_KERNEL,
  GRU: RNN_KERNEL,
  Bidirectional: BIDIRECTIONAL_KERNEL,
};
