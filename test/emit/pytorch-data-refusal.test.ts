// The PyTorch target's data readers take one x and one y file: it refuses (E0904, through
// PYTORCH_SETTINGS and planTrain) a train block with validation_data, files by input or output
// name, or an .npz archive, rather than write a program that reads other data; and Keras's
// per-output training (loss_weights, a model of several outputs) by name, rather than log otherwise.

import { describe, expect, it } from 'vitest';
import { check } from '../../src/compiler/check.ts';
import { planTrain } from '../../src/emit/pytorch/train-plan.ts';

const MODEL = 'model m {\n  a = Input(shape=(4,), name="a")\n  b = Input(shape=(4,), name="b")\n  output Dense(1)(Concatenate()([a, b]))\n}\n';

function plan(data: string) {
  const result = check(`${MODEL}train {\n  loss = mse\n  ${data}\n}\n`, 'm.rnn');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = result.models[0]!;
  return planTrain(model, model.train!);
}

describe('the PyTorch target and the data it cannot read', () => {
  it.each([
    ['validation_data = { x = "vx.npy", y = "vy.npy" }', 'the PyTorch target cannot emit the setting validation_data yet'],
    ['data = { x = { a = "a.npy", b = "b.npy" }, y = "y.npy" }', 'the PyTorch target cannot read the data entry `x` (files by input or output name, an .npz archive, or a text corpus) yet'],
    ['data = "pairs.npz"', 'the PyTorch target cannot read the data entry `x` (files by input or output name, an .npz archive, or a text corpus) yet'],
  ])('refuses %s', (data, message) => {
    const p = plan(data);
    expect('refused' in p && p.message).toBe(message);
  });

  it('refuses loss_weights by name, and a model of several outputs (per-output losses and metrics)', () => {
    const p = plan('loss_weights = 0.5');
    expect('refused' in p && p.message).toBe('the PyTorch target cannot emit the setting loss_weights yet');
    const two = check('model t {\n  a = Input(shape=(4,), name="a")\n  output Dense(1, name="u")(a), Dense(2, name="v")(a)\n}\ntrain {\n  loss = { u = mse, v = mae }\n  metrics = { v = [mae] }\n}\n', 't.rnn');
    expect(two.diagnostics).toEqual([]);
    const refused = planTrain(two.models[0]!, two.models[0]!.train!);
    expect('refused' in refused && refused.message).toBe("the PyTorch target cannot train a model of 2 outputs yet (each output's loss and metrics, loss_weights)");
  });

  it('still plans a block with one x and one y file', () => {
    expect('refused' in plan('data = { x = "x.npy", y = "y.npy" }')).toBe(false);
  });
});
