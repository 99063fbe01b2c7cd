// Bidirectional: keras/src/layers/rnn/bidirectional.py. Runs a copy of the recurrent layer
// forwards and a copy with go_backwards=True, then merges their outputs.
//
// Outputs (compute_output_shape / call): the merged output — or, with merge_mode=None, the
// forward and backward outputs — followed, with return_state, by the forward states and then
// the backward states. concat doubles the last axis; sum, mul and ave keep it. Mask
// (compute_mask): outputs keep the input mask only with return_sequences; states never.
// Weights: the forward layer is renamed `forward_<name>` and the copy `backward_<name>`; Keras 3
// stores them at `bidirectional/forward_lstm/lstm_cell/kernel`. We name them
// `forward_lstm/kernel`, relative to the Bidirectional layer and without the cell scope, which
// is also the TensorFlow.js Layers naming the saved models use.

import type { LayerConfig, WrappedLayer } from '../config-value.ts';
import { replacingLast, tensor, type TensorType } from '../tensor-type.ts';
import { arg, T } from './args.ts';
import { defineLayer, E, fail, fmt, isFailure, ok, type Failure } from './define.ts';
import type { ConfigOf, LayerDef, ShapeResult, WeightSpec } from './layer-def.ts';
import { checkSequenceInput, RECURRENT_LAYERS, STATE_COUNT, type SharedConfig } from './recurrent.ts';

const ARGS = [
  {
    name: 'layer',
    type: T.layer(true),
    doc: 'The recurrent layer to run in both directions: SimpleRNN, LSTM or GRU.',
    positional: true,
  },
  arg('merge_mode', T.optional(T.vocab('merge_mode')), 'concat', 'How to combine the directions: concat, sum, mul, ave, or None for two outputs.', {
    positional: true,
  }),
  arg('backward_layer', T.optional(T.layer(true)), null, 'A separate layer for the backward direction (must have go_backwards=true).'),
] as const;

type Config = ConfigOf<typeof ARGS>;

/** What the rules read of a recurrent layer's config (every recurrent layer has these). */
type RecurrentFlags = Pick<SharedConfig, 'go_backwards' | 'stateful' | 'return_sequences' | 'return_state'>;

interface Direction {
  readonly def: LayerDef;
  readonly config: LayerConfig;
  /** Weight-name prefix. */
  readonly name: string;
}


/** A recurrent layer's flags: innerDef checked that the layer is one, so its config has them. */
const flags = (layer: { readonly config: LayerConfig }): RecurrentFlags => layer.config as unknown as RecurrentFlags;

const stripPrefix = (s: string, prefix: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s);

function innerDef(layer: WrappedLayer, argName: string): LayerDef | Failure {
  const def = RECURRENT_LAYERS.get(layer.type);
  if (def) return def;
  return fail(E.ARGS, `Bidirectional needs a recurrent layer (SimpleRNN, LSTM or GRU), but gets ${layer.type}`, {
    arg: argName,
  });
}

// The shape rule, the weights and the output count each ask for the directions of one config;
// built once per (immutable) config, since the backward copy copies the whole inner config.
const DIRECTIONS = new WeakMap<Config, [Direction, Direction] | Failure>();

/** The forward and backward layers, as Bidirectional.__init__ builds and verifies them. */
function directions(config: Config): [Direction, Direction] | Failure {
  const cached = DIRECTIONS.get(config);
  if (cached !== undefined) return cached;
  const dirs = buildDirections(config);
  DIRECTIONS.set(config, dirs);
  return dirs;
}

function buildDirections(config: Config): [Direction, Direction] | Failure {
  const layer = config.layer;
  if (!layer) return fail(E.ARGS, 'Bidirectional needs a recurrent layer to wrap', { arg: 'layer' });
  const fwdDef = innerDef(layer.layer, 'layer');
  if (isFailure(fwdDef)) return fwdDef;
  const forward = { def: fwdDef, config: layer.layer.config, name: `forward_${stripPrefix(layer.layer.name, 'forward_')}` };

  const given = config.backward_layer;
  let backward: Direction;
  if (given) {
    const bwdDef = innerDef(given.layer, 'backward_layer');
    if (isFailure(bwdDef)) return bwdDef;
    // A given backward layer keeps its own name (Keras does not rename it).
    backward = { def: bwdDef, config: given.layer.config, name: given.layer.name };
  } else {
    // The copy always has go_backwards=True, whatever the wrapped layer says.
    backward = {
      def: fwdDef,
      config: { ...layer.layer.config, go_backwards: true },
      name: `backward_${stripPrefix(layer.layer.name, 'backward_')}`,
    };
  }
  // _verify_layer_config
  const argName = given ? 'backward_layer' : 'layer';
  const [fwdFlags, bwdFlags] = [flags(forward), flags(backward)];
  if (fwdFlags.go_backwards === bwdFlags.go_backwards) {
    return fail(E.ARGS, 'Bidirectional needs its forward and backward layers to read in opposite directions, but both have the same go_backwards', {
      arg: argName,
      hint: given ? 'set go_backwards=true on the backward layer only' : 'remove go_backwards=true from the wrapped layer',
    });
  }
  for (const a of ['stateful', 'return_sequences', 'return_state'] as const) {
    if (fwdFlags[a] !== bwdFlags[a]) {
      return fail(E.ARGS, `Bidirectional needs the same ${a} in its forward and backward layers`, { arg: argName });
    }
  }
  return [forward, backward];
}

function merge(mode: string | null, y: TensorType, yb: TensorType): TensorType[] | Failure {
  if (mode === null) return [y, yb];
  const last = y.shape.length - 1;
  if (mode === 'concat') {
    const a = y.shape[last] ?? null;
    const b = yb.shape[last] ?? null;
    const shape = replacingLast(y.shape, a === null || b === null ? null : a + b);
    return [tensor(shape, y.dtype, y.masked)];
  }
  if (fmt(y.shape) !== fmt(yb.shape)) {
    return fail(E.DIM, `Bidirectional with merge_mode=${mode} needs both directions to return the same shape, but gets ${fmt(y.shape)} and ${fmt(yb.shape)}`, {
      arg: 'merge_mode',
    });
  }
  return [y];
}

function inferShape(inputs: readonly TensorType[], config: Config): ShapeResult {
  const dirs = directions(config);
  if (isFailure(dirs)) return dirs;
  const [forward, backward] = dirs;
  // Rank, dtype and features are checked as Bidirectional's own input spec (Keras copies the
  // wrapped layer's); unroll and stateful are left to the wrapped layer, whose arguments they are.
  const x = checkSequenceInput('Bidirectional', inputs);
  if (isFailure(x)) return x;
  const fwd = forward.def.inferShape(inputs, forward.config);
  if (!fwd.ok) return fwd;
  const bwd = backward.def.inferShape(inputs, backward.config);
  if (!bwd.ok) return bwd;
  const [y, ...fStates] = fwd.outputs;
  const [yb, ...bStates] = bwd.outputs;
  if (!y || !yb) return fail(E.ARGS, 'Bidirectional: the wrapped layer returned no output');
  const merged = merge(config.merge_mode, y, yb);
  if (isFailure(merged)) return merged;
  return ok(...merged, ...fStates, ...bStates);
}

function weights(inputs: readonly TensorType[], config: Config): WeightSpec[] {
  const dirs = directions(config);
  if (isFailure(dirs)) return [];
  const [forward, backward] = dirs.map((d) => d.def.weights(inputs, d.config).map((w) => ({ ...w, name: `${d.name}/${w.name}` })));
  return forward!.concat(backward!);
}

function outputCount(config: Config): number {
  const layer = config.layer;
  const backward = config.backward_layer ?? layer;
  const outputs = config.merge_mode === null ? 2 : 1;
  if (!layer || !backward || !flags(layer.layer).return_state) return outputs;
  return outputs + (STATE_COUNT[layer.layer.type] ?? 1) + (STATE_COUNT[backward.layer.type] ?? 1);
}

export const BIDIRECTIONAL = defineLayer({
  name: 'Bidirectional',
  category: 'wrapper',
  autoName: 'bidirectional',
  doc: 'Runs a recurrent layer over the sequence forwards and backwards and merges the two outputs (concat doubles the last axis).',
  args: ARGS,
  arity: 'one',
  acceptsMask: true, // bidirectional.py: self.supports_masking = True
  inferShape,
  weights,
  outputCount,
});
