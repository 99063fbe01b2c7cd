// One layer constructor (`LSTM(64, return_sequences=true)`) checked against the registry, and
// applied to input types: shape rule, mask rule, weights. Shared by Sequential and functional
// models, and by wrappers for their inner layer.

import type { Arg, CallExpr } from '../parser/ast.ts';
import type { Range, SourceText } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Code } from '../diagnostics/codes.ts';
import type { Fix } from '../diagnostics/diagnostic.ts';
import { bindArgs, type BindTarget, type BoundArgs } from './args.ts';
import { isLayerValue, type LayerConfig, type LayerValue } from './config-value.ts';
import type { CheckedLayer } from './ir.ts';
import { paramCount, type ArgSpec, type LayerDef } from './layers/layer-def.ts';
import { COMMON_ARGS, layerNames, lookupLayer } from './layers/registry.ts';
import { claimName, type CheckContext } from './context.ts';
import { suggest } from './suggest.ts';
import { formatShape, UNKNOWN, withBatch, type Dim, type TensorType, type ValueType } from './tensor-type.ts';
import { isVocabName } from './vocab-access.ts';
import { kerasLegacyArg, type UnknownArgAdvice } from './keras-legacy-args.ts';
import { textMisuse } from './text-checks.ts';

/** A constructor call that has been resolved and whose arguments were bound. */
export interface LayerCtor {
  readonly def: LayerDef;
  readonly call: CallExpr;
  readonly bound: BoundArgs;
  /** Every argument, defaults filled in, including the common ones (name, input, trainable). */
  readonly config: LayerConfig;
  readonly name: string;
  /** `input=(…)` if given: the shape without the batch axis. */
  readonly inputShape?: readonly Dim[];
  readonly trainable: boolean;
}

/** Where a value came from, so a shape error can point at the layer that produced it. */
export interface Producer {
  readonly layer: CheckedLayer;
  readonly ctor: LayerCtor;
}

const WITH_COMMON = new WeakMap<LayerDef, readonly ArgSpec[]>();

/** A layer's own arguments and the common ones, as one list built once per layer. */
function specsWithCommon(def: LayerDef): readonly ArgSpec[] {
  let specs = WITH_COMMON.get(def);
  if (!specs) WITH_COMMON.set(def, (specs = [...def.args, ...COMMON_ARGS]));
  return specs;
}

export function resolveLayer(call: CallExpr, ctx: CheckContext, role: 'layer' | 'inner' = 'layer'): LayerDef | undefined {
  const def = lookupLayer(call.callee.name);
  if (def) return def;
  const name = call.callee.name;
  if (isVocabName(name)) {
    ctx.report(
      diagnostic('E0211', call.callee.range, `\`${name}\` is not a layer`, {
        label: 'not a layer',
        hint: 'optimizers, losses, metrics and callbacks belong in the `train` block',
      }),
    );
    return undefined;
  }
  const [best] = suggest(name, layerNames());
  ctx.report(
    diagnostic('E0201', call.callee.range, `unknown layer \`${name}\``, {
      label: best ? `did you mean \`${best}\`?` : 'not a known layer',
      hint: best ? `did you mean \`${best}\`?` : `known layers include ${layerNames().slice(0, 8).join(', ')}, …`,
      ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: call.callee.range, newText: best }] }] } : {}),
    }),
  );
  void role;
  return undefined;
}

/** Resolve and bind a constructor; assigns the Keras-style name in evaluation order. */
export function checkCtor(call: CallExpr, ctx: CheckContext): LayerCtor | undefined {
  const def = resolveLayer(call, ctx);
  if (!def) {
    // Still visit nested calls so their mistakes are reported too.
    return undefined;
  }
  // Keras names the layer when it is constructed, before inner layers of a wrapper are bound?
  // No: Python evaluates `Bidirectional(LSTM(64))` inside out, so the inner LSTM is named first.
  const bound = bindArgs(new LayerTarget(def, call, ctx.source), call.args, ctx.values);
  // The config keeps the common arguments too (name, input, trainable), as Keras's get_config does.
  const config = bound.config as LayerConfig;
  const userName = config['name'];
  const name = typeof userName === 'string' ? claimName(userName, bound.valueRange('name') ?? call.range, ctx) : ctx.names.next(def.autoName);
  const input = config['input'];
  const trainable = config['trainable'] !== false;
  return Array.isArray(input)
    ? { def, call, bound, config, name, inputShape: input as Dim[], trainable }
    : { def, call, bound, config, name, trainable };
}

/**
 * What bindArgs binds a layer's arguments to, with Keras 2's spellings as advice. A class, so
 * that the advice is a method: a closure made per call costs a name-defining call under tsx
 * (esbuild's keepNames), and this runs for every layer of every model.
 */
class LayerTarget implements BindTarget {
  readonly what: string;
  readonly callee: CallExpr['callee'];
  readonly specs: readonly ArgSpec[];

  constructor(
    def: LayerDef,
    private readonly call: CallExpr,
    private readonly source: SourceText,
  ) {
    this.what = def.name;
    this.callee = call.callee;
    this.specs = specsWithCommon(def);
  }

  advise(arg: Arg, removal: Range): UnknownArgAdvice | undefined {
    return kerasLegacyArg(this.call, arg, removal, this.source);
  }
}

/** A wrapper's inner layer: checked like any constructor, typed later by the wrapper. */
export function checkInnerCtor(call: CallExpr, recurrentOnly: boolean, owner: string, ctx: CheckContext): LayerValue | undefined {
  if (call.apply) {
    ctx.report(
      diagnostic('E0210', call.apply.range, `the layer inside ${owner} is not applied to anything`, {
        label: 'remove this',
        hint: `${owner} applies it; write \`${owner}(${call.callee.name}(…))(x)\``,
      }),
    );
    return undefined;
  }
  const ctor = checkCtor(call, ctx);
  if (!ctor) return undefined;
  if (recurrentOnly && ctor.def.category !== 'recurrent') {
    ctx.report(
      diagnostic('E0210', call.callee.range, `${owner} needs a recurrent layer (SimpleRNN, LSTM or GRU), but gets ${ctor.def.name}`, {
        label: 'not a recurrent layer',
        hint: `write for example \`${owner}(LSTM(64))\``,
      }),
    );
    return undefined;
  }
  if (!ctor.bound.ok) return undefined;
  const layer = typed({
    type: ctor.def.name,
    name: ctor.name,
    config: ctor.config,
    inputTypes: [],
    outputTypes: [],
    weights: [],
    params: { trainable: 0, nonTrainable: 0 },
    range: call.range,
  });
  return { kind: 'layer', layer };
}

export interface Applied {
  readonly layer: CheckedLayer;
  readonly outputs: readonly ValueType[];
}

/**
 * Apply a checked constructor to input types. Unknown inputs or a config that did not bind give
 * unknown outputs silently; a shape rule's error is reported once, pointing at the narrowest
 * culprit, with the producer of the input as related information.
 */
export function applyLayer(
  ctor: LayerCtor,
  inputs: readonly ValueType[],
  producers: readonly (Producer | undefined)[],
  ctx: CheckContext,
): Applied {
  const { def, config, call } = ctor;
  if (!ctor.bound.ok || !allKnown(inputs)) return failed(ctor, inputs);
  const known = inputs as readonly TensorType[];

  let maskedIndex = -1; // a loop, not findIndex and a callback: this runs for every layer
  for (let i = 0; i < known.length && maskedIndex < 0; i++) if (known[i]!.masked) maskedIndex = i;
  if (maskedIndex >= 0 && !def.acceptsMask) {
    const producer = producers[maskedIndex];
    ctx.report(
      diagnostic('E0306', call.callee.range, `${def.name} cannot take a mask, but its input carries one`, {
        label: 'cannot take a mask',
        ...(producer ? { related: [{ range: producer.ctor.call.range, message: 'the mask comes through here' }] } : {}),
        hint: 'a recurrent layer without return_sequences consumes the mask; or drop mask_zero / Masking',
      }),
    );
    return failed(ctor, inputs);
  }

  const text = textMisuse(def, config, known, producers);
  if (text) {
    ctx.report(diagnostic(text.code as Code, (text.arg && ctor.bound.argRange(text.arg)) || call.callee.range, text.message, { label: text.label, hint: text.hint }));
    return failed(ctor, inputs);
  }
  const result = def.inferShape(known, config);
  if (!result.ok) {
    const e = result.error;
    const range = (e.arg && (ctor.bound.argRange(e.arg) ?? innerArgRange(ctor, e.arg))) || call.range;
    const extra = e.code === 'E0301' ? needsSequenceHelp(producers[0], known[0], ctx) : {};
    ctx.report(
      diagnostic(e.code as Code, range, e.message, {
        ...(e.label ? { label: e.label } : {}),
        ...(e.hint ? { hint: e.hint } : {}),
        ...extra,
      }),
    );
    return failed(ctor, inputs);
  }
  const weights = def.weights(known, config);
  const layer = makeLayer(ctor, completeInnerLayer(def, config, known), known, result.outputs, weights);
  return { layer, outputs: result.outputs };
}

function allKnown(inputs: readonly ValueType[]): boolean {
  for (const t of inputs) if (t.kind === 'unknown') return false;
  return true;
}

/** A layer that could not be typed: unknown outputs, as many as its config says, and no weights. */
function failed(ctor: LayerCtor, inputs: readonly ValueType[]): Applied {
  const count = ctor.bound.ok ? (ctor.def.outputCount?.(ctor.config) ?? 1) : 1;
  const outputs: ValueType[] = [];
  for (let i = 0; i < count; i++) outputs.push(UNKNOWN);
  return { layer: makeLayer(ctor, ctor.config, inputs, outputs, []), outputs };
}

function makeLayer(ctor: LayerCtor, config: LayerConfig, inputs: readonly ValueType[], outputs: readonly ValueType[], weights: CheckedLayer['weights']): CheckedLayer {
  const counted = paramCount(weights);
  const params = ctor.trainable ? counted : { trainable: 0, nonTrainable: counted.trainable + counted.nonTrainable };
  return typed({
    type: ctor.def.name,
    name: ctor.name,
    config,
    inputTypes: inputs,
    outputTypes: outputs,
    weights: ctor.trainable ? weights : weights.map((w) => ({ ...w, trainable: false })),
    params,
    range: ctor.call.range,
  });
}

/** A layer as the checker assembles it: its config as bindArgs built it, from the def's `args`. */
interface BoundLayer extends Omit<CheckedLayer, 'type' | 'config'> {
  readonly type: string;
  readonly config: LayerConfig;
}

/**
 * Where a config becomes typed, once: bindArgs converted every argument of `def.args` to the type
 * its spec gives and filled every default, which is what ConfigOf (layers/layer-def.ts) reads off
 * the same specs. (A layer whose arguments did not bind keeps what could be bound; the back ends
 * run only models that checked clean.)
 */
function typed(layer: BoundLayer): CheckedLayer {
  return layer as unknown as CheckedLayer;
}

/** Fill in the inner layer of a wrapper with its own input and output types and weights. */
function completeInnerLayer(def: LayerDef, config: LayerConfig, inputs: readonly TensorType[]): LayerConfig {
  if (def.category !== 'wrapper') return config; // only wrappers hold a layer
  const inner = config['layer'];
  if (!isLayerValue(inner) || inputs.length !== 1) return config;
  const innerDef = lookupLayer(inner.layer.type);
  const input = inputs[0]!;
  if (!innerDef) return config;
  // Bidirectional runs the inner layer on the same sequence; TimeDistributed on one step.
  const innerInput: TensorType =
    def.name === 'TimeDistributed' ? { ...input, shape: withBatch(input.shape[0] ?? null, input.shape.slice(2)), masked: false } : input;
  const r = innerDef.inferShape([innerInput], inner.layer.config);
  if (!r.ok) return config;
  const weights = innerDef.weights([innerInput], inner.layer.config);
  const layer = typed({
    ...inner.layer,
    inputTypes: [innerInput],
    outputTypes: r.outputs,
    weights,
    params: paramCount(weights),
    range: (inner.layer as unknown as CheckedLayer).range,
  });
  return { ...config, layer: { kind: 'layer', layer } };
}

/** For "LSTM needs a sequence": point at the recurrent layer that returned only its last step. */
function needsSequenceHelp(producer: Producer | undefined, input: TensorType | undefined, ctx: CheckContext): { related?: { range: Range; message: string }[]; hint?: string; fixes?: Fix[] } {
  if (!input) return {};
  if (!producer) {
    // The model's input itself is a vector per sample: the shape given, not a layer, is the mistake.
    const [, n] = input.shape;
    return { hint: `the model's input gives one vector per sample; a sequence is (time, features) per sample: ${n === null ? 'for example (None, 1)' : `(${n}, 1) for ${n} steps of one feature`}` };
  }
  const rnn = recurrentCore(producer.ctor);
  if (!rnn || rnn.config['return_sequences'] === true) {
    return { related: [{ range: producer.ctor.call.range, message: `returns ${formatShape(input.shape)}` }] };
  }
  const args = rnn.call.args.args;
  const last = args[args.length - 1];
  const at = last ? last.range.end : rnn.call.args.range.start + 1;
  return {
    related: [{ range: producer.ctor.call.range, message: `returns only its last step: ${formatShape(input.shape)}` }],
    hint: `add return_sequences=true to the ${rnn.def.name} on line ${ctx.source.position(rnn.call.range.start).line}`,
    fixes: [{ title: `add return_sequences=true to the ${rnn.def.name}`, edits: [{ range: { start: at, end: at }, newText: last ? ', return_sequences=true' : 'return_sequences=true' }] }],
  };
}

/** The recurrent layer whose return_sequences decides a layer's output rank: itself or a Bidirectional's inner. */
function recurrentCore(ctor: LayerCtor): { def: LayerDef; call: CallExpr; config: LayerConfig } | undefined {
  if (ctor.def.category === 'recurrent') return ctor;
  const inner = ctor.config['layer'];
  if (ctor.def.name === 'Bidirectional' && isLayerValue(inner)) {
    const call = ctor.call.args.args.find((a) => a.value.kind === 'Call')?.value;
    const innerDef = lookupLayer(inner.layer.type);
    if (call?.kind === 'Call' && innerDef) return { def: innerDef, call, config: inner.layer.config };
  }
  return undefined;
}

/** A wrapper passes on its inner layer's errors naming the inner argument (`unroll`): find it there. */
function innerArgRange(ctor: LayerCtor, arg: string): Range | undefined {
  for (const a of ctor.call.args.args) {
    if (a.value.kind !== 'Call') continue;
    const hit = a.value.args.args.find((x) => x.name?.name === arg);
    if (hit) return hit.range;
  }
  return undefined;
}
