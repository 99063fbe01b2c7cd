// TimeDistributed: keras/src/layers/rnn/time_distributed.py. Applies one inner layer, with one
// set of weights, to every time step of a (B, T, …) input: the inner layer sees (B, …) and its
// output (B, …') becomes (B, T, …'). supports_masking is True and compute_mask is Layer's
// default, so the input mask passes through; the inner layer sees single steps, never a mask.
//
// The inner layer may be any layer of the registry, so the definition is made by a factory
// that receives the registry's lookup (this file cannot import registry.ts without a cycle).

import type { LayerConfig } from '../config-value.ts';
import { tensor, withBatch, type TensorType } from '../tensor-type.ts';
import { T } from './args.ts';
import { defineLayer, E, fail, isFailure, requireMinRank, single, type Failure } from './define.ts';
import type { ConfigOf, LayerDef, ShapeResult, WeightSpec } from './layer-def.ts';

type Lookup = (name: string) => LayerDef | undefined;

interface Inner {
  readonly def: LayerDef;
  readonly config: LayerConfig;
}

const ARGS = [{ name: 'layer', type: T.layer(false), doc: 'The layer to apply at each time step.', positional: true }] as const;

type Config = ConfigOf<typeof ARGS>;

function innerOf(lookup: Lookup, config: Config): Inner | Failure {
  const value = config.layer;
  if (!value) return fail(E.ARGS, 'TimeDistributed needs a layer to apply at each step', { arg: 'layer' });
  const def = lookup(value.layer.type);
  if (!def) return fail(E.ARGS, `TimeDistributed cannot apply the unknown layer ${value.layer.type}`, { arg: 'layer' });
  if (def.arity !== 'one' || def.category === 'input') {
    return fail(E.ARGS, `TimeDistributed needs a layer with one input, but ${def.name} is not one`, { arg: 'layer' });
  }
  return { def, config: value.layer.config };
}

/** (B, T, …) → the (B, …) each step is. */
const stepType = (x: TensorType): TensorType => tensor(withBatch(x.shape[0] ?? null, x.shape.slice(2)), x.dtype, false);

export function makeTimeDistributed(lookup: Lookup) {
  function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
    const x = single('TimeDistributed', inputs);
    if (isFailure(x)) return x;
    const tooFew = requireMinRank('TimeDistributed', x, 3, '(batch, time, …)');
    if (tooFew) return tooFew;
    const inner = innerOf(lookup, config);
    if (isFailure(inner)) return inner;
    const result = inner.def.inferShape([stepType(x)], inner.config);
    if (!result.ok) return result;
    const [y, ...rest] = result.outputs;
    if (!y || rest.length > 0) {
      return fail(E.ARGS, `TimeDistributed needs a layer with one output, but ${inner.def.name} returns ${result.outputs.length}`, {
        arg: 'layer',
        hint: 'remove return_state=true from the wrapped layer',
      });
    }
    // (batch, time) + the step's output without its batch axis.
    const shape = withBatch(y.shape[0] ?? null, y.shape);
    shape[1] = x.shape[1] ?? null;
    return { ok: true, outputs: [tensor(shape, y.dtype, x.masked)] };
  }

  function weights(inputs: readonly TensorType[], config: Config): readonly WeightSpec[] {
    const x = inputs[0];
    const inner = innerOf(lookup, config);
    if (!x || isFailure(inner)) return [];
    // One set of weights shared by every step, under the inner layer's own names.
    return inner.def.weights([stepType(x)], inner.config);
  }

  return defineLayer({
    name: 'TimeDistributed',
    category: 'wrapper',
    autoName: 'time_distributed',
    doc: 'Applies a layer to every time step of a (batch, time, …) input with one set of weights: TimeDistributed(Dense(1)) maps (None, T, 8) to (None, T, 1).',
    args: ARGS,
    arity: 'one',
    acceptsMask: true, // time_distributed.py: self.supports_masking = True
    inferShape,
    weights,
  });
}
