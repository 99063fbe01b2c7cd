// Real checked train configurations for the runtime tests: a tiny .rnn source through the checker,
// so the runtime sees exactly what the checker hands it (every Keras default filled in).

import { expect } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { FnValue } from '../../../src/compiler/config-value.ts';
import type { TrainConfig } from '../../../src/compiler/ir.ts';

export function trainConfig(settings: { loss?: string; optimizer?: string; metrics?: string }, units = 4): TrainConfig {
  const lines = [
    `  loss = ${settings.loss ?? 'mse'}`,
    ...(settings.optimizer ? [`  optimizer = ${settings.optimizer}`] : []),
    ...(settings.metrics ? [`  metrics = ${settings.metrics}`] : []),
  ];
  const result = check(`model m {\n  Dense(${units}, input=(3,))\n}\ntrain {\n${lines.join('\n')}\n}\n`, 'test.rnn');
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.models[0]!.train!;
}

export const lossFn = (src: string, units = 4): FnValue => trainConfig({ loss: src }, units).loss;
export const optimizerFn = (src: string): FnValue => trainConfig({ optimizer: src }).optimizer;

/** A small deterministic stream of numbers in [0, 1). */
export function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol = atol): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) {
      expect.fail(`element ${i}: ${a} is not within ${atol} + ${rtol}·|e| of ${e}\nactual:   [${Array.from(actual).join(', ')}]\nexpected: [${Array.from(expected).join(', ')}]`);
    }
  }
}
