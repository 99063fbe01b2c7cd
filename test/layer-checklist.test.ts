// What a layer needs besides its registry entry (src/compiler/layers), for every layer of the
// registry. A layer added without one of these fails here ("Identity lacks a Keras parameter
// count: add it to test/compiler/registry/keras-params.ts"):
//
// - a runtime kernel (src/runtime/layers; test/runtime/layers/registry.test.ts holds it to the
//   checker's shapes and masks) and a sample model (test/runtime/layers/samples.ts);
// - a gradient check against finite differences: its sample in
//   test/runtime/layers/finite-differences.test.ts, or a model of test/runtime/model/gradient-cases.ts;
// - a Keras parameter count (test/compiler/registry/keras-params.ts);
// - a saved model: TensorFlow.js loads and runs the models of test/runtime/save/layer-models.ts,
//   rnnc reads back those of RNNC_ONLY_MODELS (what TensorFlow.js cannot load);
// - the emitter: an example with a train block or a model of test/emit/support.ts's COVERAGE, which
//   test/emit builds, type-checks and trains against `rnnc train`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/compiler/check.ts';
import { wrappedLayers, type CheckedLayer } from '../src/compiler/ir.ts';
import { LAYERS } from '../src/compiler/layers/registry.ts';
import { KERAS_PARAMS } from './compiler/registry/keras-params.ts';
import { COVERAGE } from './emit/support.ts';
import { NON_RECURRENT_KERNELS } from '../src/runtime/layers/non-recurrent.ts';
import { RECURRENT_KERNELS } from '../src/runtime/layers/recurrent/index.ts';
import { SAMPLES } from './runtime/layers/samples.ts';
import { GRADIENT_CASES } from './runtime/model/gradient-cases.ts';
import { LAYER_MODELS, RNNC_ONLY_MODELS } from './runtime/save/layer-models.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');

/** The layer types a .rnn source uses, wrapped ones included; `Input` for a functional model's inputs. */
function layerTypes(source: string): Set<string> {
  const { models, diagnostics } = check(source, 'checklist.rnn');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`a checklist model does not check: ${errors[0]!.message}\n${source}`);
  const out = new Set<string>();
  const visit = (l: CheckedLayer): void => {
    out.add(l.type);
    wrappedLayers(l).forEach(visit);
  };
  for (const m of models) {
    if (m.kind === 'functional') out.add('Input');
    m.nodes.forEach((n) => visit(n.layer));
  }
  return out;
}

const used = (sources: readonly string[]) => new Set(sources.flatMap((s) => [...layerTypes(s)]));

const withTrainBlock = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.rnn'))
  .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'))
  .filter((s) => check(s, 'example.rnn').models.some((m) => m.train));

const RECURRENT = new Set(Object.keys(RECURRENT_KERNELS));

const CHECKS: readonly { readonly what: string; readonly where: string; readonly has: (layer: string) => boolean }[] = [
  {
    what: 'a runtime kernel',
    where: 'src/runtime/layers (NON_RECURRENT_KERNELS or RECURRENT_KERNELS)',
    has: (l) => l in NON_RECURRENT_KERNELS || RECURRENT.has(l),
  },
  {
    what: 'a sample model for the kernel tests',
    where: 'test/runtime/layers/samples.ts (recurrent layers: their own tests in test/runtime/recurrent)',
    has: (l) => l in SAMPLES || RECURRENT.has(l) || l === 'Input',
  },
  {
    what: 'a gradient check against finite differences',
    where: 'a sample in test/runtime/layers/samples.ts, or a model in test/runtime/model/gradient-cases.ts',
    has: (() => {
      const models = used(GRADIENT_CASES.map((c) => c.source));
      return (l: string) => l in SAMPLES || models.has(l);
    })(),
  },
  {
    what: 'a Keras parameter count',
    where: 'test/compiler/registry/keras-params.ts',
    has: (l) => KERAS_PARAMS.some((k) => k.layer === l),
  },
  {
    what: 'a saved model that is read back',
    where: 'test/runtime/save/layer-models.ts: LAYER_MODELS (TensorFlow.js loads it) or RNNC_ONLY_MODELS (rnnc reads it back)',
    has: (() => {
      const models = used([...Object.values(LAYER_MODELS), ...Object.values(RNNC_ONLY_MODELS)]);
      return (l: string) => models.has(l);
    })(),
  },
  {
    what: 'an emitted program that trains it',
    where: 'an example with a train block, or a model of COVERAGE in test/emit/support.ts',
    has: (() => {
      const models = used([...withTrainBlock, ...Object.values(COVERAGE).map((c) => c.source)]);
      return (l: string) => models.has(l);
    })(),
  },
];

describe('every layer of the registry has what a layer needs', () => {
  it('reads the registry', () => {
    expect(LAYERS.size).toBeGreaterThan(20);
  });

  for (const need of CHECKS) {
    it(need.what, () => {
      const missing = [...LAYERS.keys()].filter((l) => !need.has(l)).map((l) => `${l} lacks ${need.what}: add it to ${need.where}`);
      expect(missing).toEqual([]);
    });
  }
});
