// The decode block: how a model trained with teacher forcing generates. From which input is fed
// back, the checker derives the decoder plan (ir.ts, DecodePlan): the nodes that do not depend on
// the fed input run once per source (the encoder, whose final states start the decoder), and the
// nodes that do run one time step per call, carrying their states. It checks that this is sound:
// the fed input is a sequence of token ids read by an Embedding of the output's vocabulary, the
// output gives one distribution per step, and every layer between them can run one step at a time
// (no Bidirectional, no go_backwards, nothing that mixes time steps).

import type { DecodeDecl, Expr, ModelDecl } from '../parser/ast.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Range } from '../source/text.ts';
import { DECODE_SETTINGS, DEFAULT_MAX_LENGTH, decodeSetting } from './decode-spec.ts';
import { wrappedLayers, type CheckedLayer, type CheckedModel, type DecodePlan, type IRNode, type TrainConfig, type ValueRef } from './ir.ts';
import { blockEntries } from './block-entries.ts';
import { checkTextFeed, idTokensOnly, type DecodeToken, type TextFeed } from './decode-text.ts';
import { suggest } from './suggest.ts';
import { formatType, lastDim, type ValueType } from './tensor-type.ts';

type Report = (d: Diagnostic) => void;

/** Which model each decode block decodes with: its name, or the only model of the file. */
export function assignDecodeBlocks(models: readonly ModelDecl[], blocks: readonly DecodeDecl[], report: Report): Map<ModelDecl, DecodeDecl> {
  const out = new Map<ModelDecl, DecodeDecl>();
  const byName = new Map<string, ModelDecl>();
  for (const m of models) if (m.name && !byName.has(m.name.name)) byName.set(m.name.name, m);
  const names = models.flatMap((m) => (m.name ? [m.name.name] : []));
  for (const b of blocks) {
    let target: ModelDecl | undefined;
    if (b.model) {
      target = byName.get(b.model.name);
      if (!target) {
        report(
          diagnostic('E0542', b.model.range, `there is no model named \`${b.model.name}\` to decode with`, {
            label: 'unknown model',
            hint: names.length ? `models in this file: ${names.join(', ')}` : 'define it with `model NAME { … }`',
            ...(names.length === 1 ? { fixes: [{ title: `change to \`${names[0]}\``, edits: [{ range: b.model.range, newText: names[0]! }] }] } : {}),
          }),
        );
        continue;
      }
    } else if (models.length === 1) target = models[0];
    else {
      report(
        diagnostic('E0542', b.keyword, models.length ? `this file has ${models.length} models; say which one this block decodes with` : 'there is no model for this decode block', {
          label: 'which model?',
          hint: models.length ? `write \`decode ${names[0] ?? 'NAME'} { … }\`` : 'define a model with `model NAME { … }`',
        }),
      );
      continue;
    }
    if (!target) continue;
    const earlier = out.get(target);
    if (earlier) {
      report(diagnostic('E0542', b.keyword, `model \`${target.name?.name ?? ''}\` already has a decode block`, { label: 'second decode block', related: [{ range: earlier.keyword, message: 'first decode block' }], hint: 'merge the two blocks' }));
      continue;
    }
    out.set(target, b);
  }
  return out;
}

/** The block's own settings, each checked by itself (no model needed). */
interface Settings {
  feed?: { name: string; range: Range };
  /** A token id, or (for a text feed) the token as text: `start = "[start]"`. */
  start?: DecodeToken;
  end?: DecodeToken;
  maxLength: number;
}

function readSettings(decl: DecodeDecl, report: Report): Settings | undefined {
  const entries = blockEntries(decl.entries, { block: 'decode', isSetting: (k) => Boolean(decodeSetting(k)), names: () => DECODE_SETTINGS.map((s) => s.name), unknown: 'E0540', twice: 'E0541' }, report);
  const given = entries.given;
  let ok = entries.ok;
  const out: Settings = { maxLength: DEFAULT_MAX_LENGTH };
  const feed = given.get('feed');
  if (feed) {
    const v = feed.value;
    if (v.kind === 'Name' || v.kind === 'String') out.feed = { name: v.kind === 'Name' ? v.name : v.value, range: v.range };
    else if (v.kind !== 'Missing') {
      report(diagnostic('E0543', v.range, '`feed` is the name of one of the model\'s inputs', { label: 'expected an input\'s name', hint: 'write for example `feed = tgt`' }));
      ok = false;
    } else ok = false;
  }
  for (const key of ['start', 'end'] as const) {
    const e = given.get(key);
    if (!e || e.value.kind === 'None') continue;
    const token = tokenOf(e.value, key, report);
    if (token === undefined) ok = false;
    else out[key] = token;
  }
  const max = given.get('max_length');
  if (max) {
    const v = max.value;
    if (v.kind === 'Number' && v.isInteger && v.value >= 1) out.maxLength = v.value;
    else {
      if (v.kind !== 'Missing') report(diagnostic('E0543', v.range, '`max_length` is a positive integer', { label: 'expected an integer ≥ 1', hint: 'write for example `max_length = 20`' }));
      ok = false;
    }
  }
  return ok ? out : undefined;
}

function tokenOf(v: Expr, key: string, report: Report): DecodeToken | undefined {
  if (v.kind === 'Number' && v.isInteger && v.value >= 0) return { id: v.value, range: v.range };
  if (v.kind === 'String') return { token: v.value, range: v.range };
  if (v.kind !== 'Missing') {
    report(diagnostic('E0543', v.range, `\`${key}\` is a token id (an integer ≥ 0) or, for a text input, a token as text${key === 'end' ? ', or None' : ''}`, { label: 'expected a token', hint: `write for example \`${key} = ${key === 'start' ? 1 : 2}\`, or \`${key} = "${key === 'start' ? '[start]' : '[end]'}"\`` }));
  }
  return undefined;
}

/** Check the block against the checked model; the plan, or undefined after reporting why not. */
export function checkDecode(decl: DecodeDecl, modelDecl: ModelDecl, model: CheckedModel, report: Report): DecodePlan | undefined {
  const settings = readSettings(decl, report);
  if (!settings) return undefined;
  // A model that did not check has unknown types; its own diagnostics say why.
  if (model.outputTypes.some((t) => t.kind === 'unknown') || model.nodes.some((n) => n.layer.outputTypes.some((t) => t.kind === 'unknown'))) return undefined;

  const feed = feedInput(decl, settings, model, inputNames(modelDecl, model), report);
  if (feed === undefined) return undefined;
  const input = model.inputs[feed]!;
  let text: TextFeed | undefined;
  const feedName = inputNames(modelDecl, model)[feed] ?? input.name;
  if (input.type.dtype === 'string') {
    text = checkTextFeed(decl, settings, model, { index: feed, name: feedName }, report);
    if (!text) return undefined;
  } else if (!idTokensOnly(settings, feedName, report)) return undefined;
  else if (input.type.dtype !== 'int32' || input.type.shape.length !== 2) {
    report(
      diagnostic('E0320', input.range, `the fed input \`${input.name}\` must be a sequence of token ids, shape (batch, time) and dtype int32, or text through a TextVectorization; it is ${formatType(input.type)} ${input.type.dtype}`, {
        label: 'not a sequence of token ids',
        related: [{ range: settings.feed?.range ?? decl.keyword, message: 'fed back here' }],
        hint: 'declare it as `Input(shape=(None,), dtype=int32)` and read it with an Embedding',
      }),
    );
    return undefined;
  }
  const start = text ? text.start : settings.start?.id;
  const end = text ? text.end : settings.end?.id;

  const fedDependent = dependsOnFeed(model, feed);
  const stepNodes = model.nodes.filter((n) => fedDependent[n.id]).map((n) => n.id);
  const encoderNodes = model.nodes.filter((n) => !fedDependent[n.id]).map((n) => n.id);

  const output = checkOutput(decl, model, fedDependent, report);
  if (!output) return undefined;
  const vocabulary = output.vocabulary;

  // The fed tokens enter through Embeddings of the output's vocabulary: the token chosen at one
  // step is the id read at the next (after a fed TextVectorization, which passes ids on).
  const fedValue: ValueRef = text ? { node: text.node.id, index: 0 } : { node: -1, index: feed };
  const readers = model.nodes.filter((n) => n.inputs.some((r) => r.node === fedValue.node && r.index === fedValue.index));
  let ok = true;
  for (const n of readers) {
    if (n.layer.type !== 'Embedding') {
      report(diagnostic('E0321', n.layer.range, `the fed input \`${input.name}\` goes into ${article(n.layer.type)} \`${n.layer.type}\`; generation feeds token ids, which an Embedding reads`, { label: 'not an Embedding', hint: `read \`${input.name}\` with \`Embedding(${vocabulary}, …)\`` }));
      ok = false;
    } else if (n.layer.config.input_dim !== vocabulary) {
      report(
        diagnostic('E0321', n.layer.range, `this Embedding reads ${n.layer.config.input_dim} tokens, but the output chooses among ${vocabulary}: a generated token must be an id the Embedding can read`, {
          label: `input_dim ${n.layer.config.input_dim}`,
          related: [{ range: output.layer.range, message: `${vocabulary} tokens` }],
          hint: `make both ${vocabulary}: \`Embedding(${vocabulary}, …)\``,
        }),
      );
      ok = false;
    } else if (n.layer.config.mask_zero && start === 0 && settings.start) {
      report(diagnostic('E0545', settings.start.range, 'the start token 0 is padding for this Embedding (mask_zero=true): the first step would be skipped', { label: 'masked', related: [{ range: n.layer.range, message: 'mask_zero=true' }], hint: 'use another id for `<go>`, such as 1' }));
      ok = false;
    }
  }
  if (readers.length === 0) {
    report(diagnostic('E0321', input.range, `nothing reads the fed input \`${input.name}\``, { label: 'unused', hint: 'read it with an Embedding on the path to the output' }));
    ok = false;
  }

  for (const id of stepNodes) if (!checkStepNode(model.nodes[id]!, feed, fedDependent, model, report)) ok = false;

  for (const [key, id] of [['start', start], ['end', end]] as const) {
    const t = settings[key];
    if (t && id !== undefined && id >= vocabulary) {
      report(diagnostic('E0545', t.range, `token ${id} is not in the vocabulary of ${vocabulary} tokens (ids 0–${vocabulary - 1})`, { label: 'out of range', related: [{ range: output.layer.range, message: `${vocabulary} tokens` }], hint: `use an id below ${vocabulary}` }));
      ok = false;
    }
  }
  if (settings.start === undefined && model.inputs.length > 1) {
    report(diagnostic('E0546', decl.keyword, 'a model with an encoder needs a start token: the decoder\'s first step reads it', { label: 'no `start`', hint: 'add `start = 1` (the id of `<go>`)' }));
    ok = false;
  }
  if (!ok) return undefined;
  return {
    feed,
    start: start ?? null,
    end: end ?? null,
    maxLength: settings.maxLength,
    vocabulary,
    scores: output.scores,
    ...(text ? { text: text.text } : {}),
    encoderNodes,
    stepNodes,
    range: decl.range,
  };
}

/**
 * Each input's name as the decode block writes it: the name it is bound to (`tgt` in
 * `tgt = Input(…)`), else its layer name (`input_layer` of a Sequential model).
 */
function inputNames(decl: ModelDecl, model: CheckedModel): string[] {
  return model.inputs.map((input) => {
    for (const s of decl.body) {
      if (s.kind === 'BindStmt' && s.targets.length === 1 && s.value.range.start === input.range.start && s.value.range.end === input.range.end) return s.targets[0]!.name;
    }
    return input.name;
  });
}

function feedInput(decl: DecodeDecl, settings: Settings, model: CheckedModel, names: readonly string[], report: Report): number | undefined {
  if (!settings.feed) {
    if (model.inputs.length === 1) return 0;
    report(diagnostic('E0544', decl.keyword, `model \`${model.name}\` has ${model.inputs.length} inputs; say which one is fed back`, { label: 'no `feed`', hint: `add \`feed = ${names[names.length - 1] ?? 'NAME'}\` (the target shifted by one step)` }));
    return undefined;
  }
  const named = settings.feed.name;
  const index = names.indexOf(named) >= 0 ? names.indexOf(named) : model.inputs.findIndex((i) => i.name === named);
  if (index >= 0) return index;
  const [best] = suggest(settings.feed.name, names);
  report(
    diagnostic('E0544', settings.feed.range, `model \`${model.name}\` has no input named \`${settings.feed.name}\``, {
      label: best ? `did you mean \`${best}\`?` : 'unknown input',
      hint: `its inputs: ${names.join(', ')}`,
      ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: settings.feed.range, newText: best }] }] } : {}),
    }),
  );
  return undefined;
}

/** Per node: whether it reads the fed input, directly or through other nodes. */
function dependsOnFeed(model: CheckedModel, feed: number): boolean[] {
  const out: boolean[] = [];
  const fed = (r: ValueRef) => (r.node === -1 ? r.index === feed : out[r.node] === true);
  for (const n of model.nodes) out[n.id] = n.inputs.some(fed) || (n.initialState ?? []).some(fed);
  return out;
}

interface OutputFacts {
  readonly vocabulary: number;
  readonly scores: 'probabilities' | 'logits';
  /** The layer that makes the scores (for ranges). */
  readonly layer: CheckedLayer;
}

/** The one output: one score per token per time step, from a softmax (or logits with from_logits). */
function checkOutput(decl: DecodeDecl, model: CheckedModel, fedDependent: readonly boolean[], report: Report): OutputFacts | undefined {
  if (model.outputs.length !== 1) {
    report(diagnostic('E0322', decl.keyword, `model \`${model.name}\` has ${model.outputs.length} outputs; decoding reads one distribution over tokens per step`, { label: 'several outputs', hint: 'decode with a model of one output' }));
    return undefined;
  }
  const ref = model.outputs[0]!;
  if (ref.node < 0 || !fedDependent[ref.node]) {
    report(diagnostic('E0322', decl.keyword, 'the output does not depend on the fed input, so feeding back a token changes nothing', { label: 'output independent of `feed`', hint: 'feed the input the decoder reads' }));
    return undefined;
  }
  const node = model.nodes[ref.node]!;
  const type = model.outputTypes[0]!;
  const last = type.kind === 'tensor' ? lastDim(type) : null;
  if (type.kind !== 'tensor' || type.shape.length !== 3 || last === null) {
    report(
      diagnostic('E0322', node.range, `the output is ${formatType(type)}; decoding needs one distribution per time step, (batch, time, tokens)`, {
        label: 'not per time step',
        related: [{ range: decl.keyword, message: 'decoded here' }],
        hint: 'give the recurrent layer before it return_sequences=true (and wrap the Dense in TimeDistributed if you like)',
      }),
    );
    return undefined;
  }
  const scoring = scoringLayer(node.layer);
  const activation = scoring && 'activation' in scoring.config ? scoring.config.activation : undefined;
  if (activation === 'softmax') return { vocabulary: last, scores: 'probabilities', layer: scoring! };
  if (activation === 'linear' && fromLogits(model.train)) return { vocabulary: last, scores: 'logits', layer: scoring! };
  report(
    diagnostic('E0323', (scoring ?? node.layer).range, `the output's activation is ${activation === undefined ? `that of ${article(node.layer.type)} \`${node.layer.type}\`` : `\`${activation}\``}; decoding chooses tokens by their probabilities, so it needs a softmax`, {
      label: 'not a distribution over tokens',
      hint: 'end with `Dense(V, activation=softmax)`, or a linear Dense trained with `loss = SparseCategoricalCrossentropy(from_logits=true)`',
    }),
  );
  return undefined;
}

/** The layer whose activation makes the output: a Dense or Activation, or the one TimeDistributed wraps. */
function scoringLayer(layer: CheckedLayer): CheckedLayer | undefined {
  if (layer.type === 'Dense' || layer.type === 'Activation') return layer;
  if (layer.type === 'TimeDistributed') {
    const [inner] = wrappedLayers(layer);
    return inner && (inner.type === 'Dense' || inner.type === 'Activation') ? inner : undefined;
  }
  return undefined;
}

function fromLogits(train: TrainConfig | undefined): boolean {
  return train?.loss.args['from_logits'] === true;
}

/** Layers that compute each time step from that step alone (apart from a recurrent layer's state). */
const STEPWISE = new Set<string>(['Embedding', 'Dense', 'Activation', 'Dropout', 'Masking', 'TimeDistributed', 'Concatenate', 'Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum']);
const NORMALIZATIONS = new Set<string>(['LayerNormalization', 'BatchNormalization', 'Normalization']);

/** Whether a node on the fed path can run one time step per call; reports why not. */
function checkStepNode(node: IRNode, feed: number, fedDependent: readonly boolean[], model: CheckedModel, report: Report): boolean {
  const layer = node.layer;
  const refuse = (message: string, hint: string): false => {
    report(diagnostic('E0324', layer.range, message, { label: 'cannot run one step at a time', hint }));
    return false;
  };
  if (layer.type === 'Bidirectional') {
    return refuse('a Bidirectional layer reads the whole sequence backwards too, so it cannot generate one token at a time', 'use a forward LSTM/GRU in the decoder; Bidirectional belongs in the encoder (the input that is not fed back)');
  }
  if (layer.type === 'LSTM' || layer.type === 'GRU' || layer.type === 'SimpleRNN') {
    if (layer.config.go_backwards) return refuse(`this ${layer.type} has go_backwards=true: it reads the last step first, which generation has not made yet`, 'remove go_backwards from the decoder; reverse the source instead, as the course does');
    if (!layer.config.return_sequences) return refuse(`this ${layer.type} returns only its last step (return_sequences=false), so the output is not one distribution per generated token`, 'set return_sequences=true');
    const fromStep = (node.initialState ?? []).find((r) => r.node >= 0 && fedDependent[r.node]);
    if (fromStep) return refuse(`the initial state of this ${layer.type} is computed from the fed input, which changes at every step`, 'start the decoder from the encoder\'s states');
  } else if (layer.type === 'Conv1D') {
    if (layer.config.kernel_size !== 1 || layer.config.strides !== 1) return refuse('a Conv1D with a kernel wider than one step mixes neighbouring time steps, so it cannot run one step at a time', 'keep convolutions in the encoder');
  } else if (NORMALIZATIONS.has(layer.type)) {
    const axis = 'axis' in layer.config ? layer.config.axis : -1;
    if (axis !== -1 && axis !== 2) return refuse(`this ${layer.type} normalises over axis ${String(axis)}, not the features of one step`, 'normalise the last axis (axis=-1)');
  } else if (layer.type === 'TextVectorization') {
    // Only the fed text's own (decode-text.ts): at a step it passes the fed id on.
    return true;
  } else if (!STEPWISE.has(layer.type)) {
    return refuse(`${article(layer.type)} \`${layer.type}\` mixes time steps or changes the time axis, so it cannot run one step at a time`, 'keep it in the encoder, on the path of the input that is not fed back');
  }
  // A step sees one time step of the fed path; a sequence from elsewhere would not line up.
  for (const r of node.inputs) {
    const fromElsewhere = r.node === -1 ? r.index !== feed : !fedDependent[r.node];
    const t: ValueType | undefined = r.node === -1 ? model.inputs[r.index]?.type : model.nodes[r.node]?.layer.outputTypes[r.index];
    if (fromElsewhere && t?.kind === 'tensor' && t.shape.length === 3) {
      return refuse('this layer reads a whole sequence that is not fed back together with the generated step, and the two would not line up one step at a time', 'combine the encoder with the decoder through initial_state');
    }
  }
  return true;
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a';
}
