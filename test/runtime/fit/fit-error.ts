// The RnncError one epoch of fit throws, for tests of what training refuses; the model is disposed.

import type { RnnModel } from '../../../src/runtime/api.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import type { Dataset } from '../../../src/runtime/train/fit.ts';

export async function fitError(rnn: RnnModel, data: Dataset): Promise<RnncError> {
  try {
    await rnn.fit(data, { epochs: 1 });
  } catch (e) {
    if (e instanceof RnncError) return e;
    throw e;
  } finally {
    rnn.dispose();
  }
  throw new Error('fit did not fail');
}
