// SimpleRNN, LSTM, GRU and Bidirectional kernels, by registry type.

import type { LayerKernel } from '../kernel.ts';
import { BIDIRECTIONAL_KERNEL } from './bidirectional.ts';
import { RNN_KERNEL } from './rnn-kernel.ts';

export const RECURRENT_KERNELS: Readonly<Record<string, LayerKernel>> = {
  SimpleRNN: RNN_KERNEL,
  LSTM: RNN_KERNEL,
  GRU: RNN_KERNEL,
  Bidirectional: BIDIRECTIONAL_KERNEL,
};
