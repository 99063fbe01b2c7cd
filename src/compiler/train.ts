// The train block: Keras's compile() and fit() arguments, each checked as its declaration in
// train-spec.ts says, with every default filled in, and the loss checked against the output.

import type { Entry, Expr, TrainDecl } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { isFn, type FnValue } from './config-value.ts';
import type { CheckContext } from './context.ts';
import { argumentOf, wrappedLayers, type DataEntry, type TrainConfig } from './ir.ts';
import type { ModelBody } from './sequential.ts';
import { suggest } from './suggest.ts';
import { convertValue, fnValue, hasGap, lookupEntry, withBareStrings, type ValueContext, type VocabEntryLike } from './args.ts';
import { trainVocab, type TrainVocabName } from './vocab-access.ts';
import { outputNames } from './io-names.ts';
import { perOutputExprs } from './per-output.ts';
import { checkFileNames } from './file-names.ts';
import { TRAIN_SETTINGS, trainSetting, type SettingSpec } from './train-spec.ts';
import { lastDim } from './tensor-type.ts';
import { checkSequenceSettings } from './train-sequences.ts';
import { blockEntries, type BlockKind } from './block-entries.ts';
import type { Code } from '../diagnostics/codes.ts';

// Made once, not per train block (a closure made per call costs a name-defining call under tsx).
const TRAIN_BLOCK: BlockKind = {
  block: 'train',
  isSetting: (k) => trainSetting(k) !== undefined,
  names: () => TRAIN_SETTINGS.map((s) => s.name),
  unknown: 'E0503',
  twice: 'E0512',
};

export function checkTrain(decl: TrainDecl, body: ModelBody | undefined, ctx: CheckContext): TrainConfig | undefined {
  // The names are listed only for an unknown key's message, not for every block that checks clean.
  const entries = blockEntries(decl.entries, TRAIN_BLOCK, ctx.report);
  const given = entries.given;
  let ok = entries.ok;

  const values = withBareStrings(ctx.values);
  // Each setting by its declaration (train-spec.ts), into the IR's field of the same order.
  const config: Record<string, unknown> = {};
  const outputs = body ? outputNames(body) : [];
  for (const spec of TRAIN_SETTINGS as readonly SettingSpec[]) {
    const entry = given.get(spec.name);
    const value = checkSetting(spec, entry, decl, ctx, values, outputs);
    if (value === undefined) {
      ok = false;
      continue;
    }
    config[spec.field] = value.value;
    if (value.keys && spec.value.kind === 'entries' && spec.value.keysField) config[spec.value.keysField] = value.keys;
    if (value.perOutput && 'perOutput' in spec.value && spec.value.perOutput) config[spec.value.perOutput.field] = value.perOutput;
  }
  // The names of records of files that checked (one mistake, one diagnostic).
  if (body && !checkFileNames(given, body, ctx, (setting) => config[trainSetting(setting)!.field] !== undefined)) ok = false;

  // Each output's loss against that output (a model of several: each output's own, or the one for all).
  const losses = config['losses'] as FnValue[] | undefined;
  const lossEntry = given.get('loss');
  if (losses && lossEntry && body) losses.forEach((loss, i) => checkLossAgainstOutput(loss, perOutputRange(lossEntry.value, outputs[i]!, i), body, i, ctx));
  const optimizer = config['optimizer'] as FnValue | undefined;
  const optimizerEntry = given.get('optimizer');
  if (optimizer && optimizerEntry && !checkSchedule(optimizer, optimizerEntry, given.get('callbacks'), ctx)) ok = false;
  const heldOut = given.get('validation_data');
  const split = given.get('validation_split');
  if (heldOut && split && typeof config['validationSplit'] === 'number' && config['validationSplit'] > 0) {
    // Keras's fit() ignores validation_split when validation_data is given; one of the two would do nothing.
    ctx.report(
      diagnostic('E0522', split.key.range, '`validation_split` does nothing beside `validation_data`', {
        label: 'ignored by Keras',
        related: [{ range: heldOut.key.range, message: 'the held-out samples are given here' }],
        hint: 'keep one: `validation_data` (files of held-out samples) or `validation_split` (the last fraction of the data)',
      }),
    );
    ok = false;
  }
  if (body && !checkSequenceSettings(config, given, body, decl.range, ctx)) ok = false;
  if (!ok) return undefined;
  // Added in place rather than spread into a copy: the config is built key by key, and copying
  // an object of twenty-odd keys was a sizeable part of checking a train block.
  config['range'] = decl.range;
  return config as unknown as TrainConfig;
}

/** A setting's checked value (and, for a list of entries, the keys they were written as), or
 *  undefined when it is wrong or a required one is missing. */
function checkSetting(
  spec: SettingSpec,
  entry: Entry | undefined,
  decl: TrainDecl,
  ctx: CheckContext,
  values: ValueContext,
  outputs: readonly string[],
): { value: unknown; keys?: string[]; perOutput?: unknown[] } | undefined {
  const v = spec.value;
  // Given per output (a record by output name, or a list in their order): each output's
  // expression; 'one' for one value that every output shares.
  const rule = v.kind === 'per-output' ? { everyOutput: true } : 'perOutput' in v ? v.perOutput : undefined;
  const each = entry && rule ? perOutputExprs(entry.value, outputs, { setting: spec.name, everyOutput: rule.everyOutput }, ctx, v.kind === 'entries') : 'one';
  if (each === undefined) return undefined;
  switch (v.kind) {
    case 'entry': {
      if (!entry && v.default === undefined) {
        // The one required setting is the loss.
        ctx.report(diagnostic('E0503', decl.keyword, `the train block does not say which ${spec.name} to minimise`, { label: `no \`${spec.name}\``, hint: 'add for example `loss = mean_squared_error`' }));
        return undefined;
      }
      const expr: Expr = entry ? entry.value : { kind: 'Name', name: v.default!, range: decl.keyword };
      const check = (e: Expr) => named(e, trainVocab(v.vocab), v.vocab, v.code, ctx, values);
      const fns = each === 'one' ? [check(expr)] : each.map((e) => check(e!));
      if (!fns.every((f) => f !== undefined)) return undefined;
      if (entry && v.vocab === 'optimizer') checkClipping(fns[0]!, entry.value.range, ctx);
      return { value: fns[0], ...(v.perOutput ? { perOutput: each === 'one' ? outputs.map(() => fns[0]!) : fns } : {}) };
    }
    case 'entries': {
      const lists = each === 'one' ? [entry ? listItems(entry.value) : []] : each.map((e) => (e ? listItems(e) : []));
      const checked = lists.map((items) => namedList(items, v.vocab, v.code, ctx, values));
      if (!checked.every((c) => c !== undefined)) return undefined;
      const fns = checked.flatMap((c) => c.fns);
      const flat = { value: v.namesOnly ? fns.map((f) => f.name) : fns, keys: checked.flatMap((c) => c.keys) };
      if (!v.perOutput) return flat;
      // One list (for a model of one output, or an empty one): every output's.
      const perOutput = each === 'one' ? outputs.map(() => checked[0]!) : checked;
      return { ...flat, perOutput: perOutput.map((c) => ({ names: c.fns.map((f) => f.name), keys: c.keys })) };
    }
    case 'value': {
      const value = entry ? convertValue(entry.value, v.type, values, { argName: spec.name, owner: 'train' }) : v.default;
      return value === undefined ? undefined : { value };
    }
    case 'per-output': {
      if (!entry) return { value: v.default };
      const exprs = each === 'one' ? [entry.value] : each.map((e) => e!);
      const per = exprs.map((e) => convertValue(e, v.type, values, { argName: spec.name, owner: 'train' }));
      if (!per.every((n) => n !== undefined)) return undefined;
      if (each === 'one' && per[0] === null) return { value: null };
      // One number weighs every output; None for one output is Keras's unweighted loss, a weight of 1.
      const numbers = per.map((n) => (n === null ? 1 : n));
      return { value: each === 'one' ? outputs.map(() => numbers[0]!) : numbers };
    }
    case 'files': {
      const files = checkFiles(spec.name, v.keys, entry, ctx);
      return files ? { value: files } : undefined;
    }
  }
}

/** A list of losses, metrics or callbacks, each with the key Keras logs it under. */
function namedList(items: readonly Expr[], vocab: TrainVocabName, code: Code, ctx: CheckContext, values: ValueContext): { fns: FnValue[]; keys: string[] } | undefined {
  const fns: FnValue[] = [];
  const keys: string[] = [];
  let ok = true;
  for (const item of items) {
    const fn = named(item, trainVocab(vocab), vocab, code, ctx, values);
    if (!fn) {
      ok = false;
      continue;
    }
    // Keras logs a metric given as a string under that string (`mae`, not
    // `mean_absolute_error`); one given as a class under the class's default name.
    keys.push(item.kind === 'Name' ? item.name : item.kind === 'String' ? item.value : fn.name);
    fns.push(fn);
  }
  return ok ? { fns, keys } : undefined;
}

function listItems(expr: Expr): readonly Expr[] {
  return expr.kind === 'List' || expr.kind === 'Tuple' ? expr.items : [expr];
}

/** A loss, optimizer, metric or callback: bare, quoted, or a call with arguments. */
/** `values` is the train block's context, which accepts bare names for strings. */
function named(expr: Expr, entries: readonly VocabEntryLike[], what: string, code: Code, ctx: CheckContext, values: ValueContext): FnValue | undefined {
  if (expr.kind === 'Missing') return undefined;
  let text: string;
  let range = expr.range;
  if (expr.kind === 'Name') text = expr.name;
  else if (expr.kind === 'String') text = expr.value;
  else if (expr.kind === 'Call' && !expr.apply) {
    text = expr.callee.name;
    range = expr.callee.range;
  } else {
    if (hasGap(expr)) return undefined;
    ctx.report(diagnostic('E0204', expr.range, `a ${what} is written as a name, such as \`${entries[0]?.name ?? 'adam'}\`, or a call with arguments`, { label: `expected a ${what}` }));
    return undefined;
  }
  const entry = lookupEntry(entries, text);
  if (!entry) {
    const [best] = suggest(text, entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]));
    ctx.report(
      diagnostic(code, range, `unknown ${what} \`${text}\``, {
        label: best ? `did you mean \`${best}\`?` : `not a known ${what}`,
        hint: best ? `did you mean \`${best}\`?` : `known: ${entries.slice(0, 6).map((e) => e.name).join(', ')}, …`,
        ...(best && expr.kind !== 'String' ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range, newText: best }] }] } : {}),
      }),
    );
    return undefined;
  }
  const v = fnValue(entry, expr.kind === 'Call' ? expr : undefined, values);
  if (!v && expr.kind !== 'Call') {
    const required = (entry.args ?? []).filter((a) => a.default === undefined).map((a) => `\`${a.name}\``);
    ctx.report(diagnostic('E0203', range, `${entry.name} needs ${required.join(', ')}`, { label: 'missing arguments', hint: `write \`${entry.name}(${(entry.args ?? []).filter((a) => a.default === undefined).map((a) => `${a.name}=…`).join(', ')})\`` }));
  }
  return v;
}

function checkFiles(name: string, keys: readonly string[], entry: Entry | undefined, ctx: CheckContext): Record<string, DataEntry> | undefined {
  if (!entry) return {};
  const v = entry.value;
  if (v.kind === 'String') return { x: v.value };
  if (v.kind !== 'Record') {
    if (hasGap(v)) return undefined;
    ctx.report(diagnostic('E0204', v.range, `\`${name}\` is written as a record of files: \`{ x = "x.npy", y = "y.npy" }\``, { label: 'expected a record' }));
    return undefined;
  }
  const out: Record<string, DataEntry> = {};
  for (const e of v.entries) {
    if (!keys.includes(e.key.name)) {
      const [best] = suggest(e.key.name, keys);
      ctx.report(diagnostic('E0503', e.key.range, `\`${name}\` has no entry \`${e.key.name}\``, { label: best ? `did you mean \`${best}\`?` : 'unknown entry', hint: `entries: ${keys.join(', ')}` }));
      return undefined;
    }
    const val = e.value;
    if (val.kind === 'String') out[e.key.name] = val.value;
    else if (val.kind === 'Number') out[e.key.name] = val.value;
    else if (val.kind === 'Name') out[e.key.name] = val.name;
    else if (val.kind === 'Record' && (e.key.name === 'x' || e.key.name === 'y')) {
      // One file per named input (x) or output (y): `x = { src = "src.npy", tgt = "tgt.npy" }`.
      const named: Record<string, string> = {};
      for (const f of val.entries) {
        if (f.value.kind !== 'String') {
          if (hasGap(f.value)) return undefined;
          ctx.report(diagnostic('E0204', f.value.range, `\`${f.key.name}\` must be a file path in quotes`, { label: 'expected a string' }));
          return undefined;
        }
        named[f.key.name] = f.value.value;
      }
      out[e.key.name] = named;
    } else {
      if (hasGap(val)) return undefined;
      ctx.report(diagnostic('E0204', val.range, `\`${e.key.name}\` must be a file path in quotes or a number`, { label: 'expected a string' }));
      return undefined;
    }
  }
  return out;
}

/** Layers that pass their input's activation on unchanged. */
const PASS_THROUGH: ReadonlySet<string> = new Set(['Dropout', 'Masking', 'Reshape', 'Flatten', 'RepeatVector']);

/** Where output `name` (the `index`th) is given its value in a per-output record or list; else the whole value. */
function perOutputRange(expr: Expr, name: string, index: number): Range {
  if (expr.kind === 'Record') return expr.entries.find((e) => e.key.name === name)?.value.range ?? expr.range;
  if (expr.kind === 'List') return expr.items[index]?.range ?? expr.range;
  return expr.range;
}

/** The activation output `index` of the model passes through last, looking through Dropout and friends. */
export function outputActivation(body: ModelBody, index = 0): string | undefined {
  let ref = body.outputs[index];
  for (let guard = 0; ref && ref.node >= 0 && guard < 1000; guard++) {
    const node = body.nodes[ref.node];
    if (!node) return undefined;
    const layer = node.layer;
    if (PASS_THROUGH.has(layer.type)) {
      ref = node.inputs[0];
      continue;
    }
    return argumentOf(wrappedLayers(layer)[0] ?? layer, 'activation');
  }
  return undefined;
}

function checkLossAgainstOutput(loss: FnValue, at: Range, body: ModelBody, index: number, ctx: CheckContext): void {
  const out = body.outputTypes[index];
  if (!out || out.kind === 'unknown') return;
  const act = outputActivation(body, index);
  const units = lastDim(out);
  const fromLogits = loss.args['from_logits'] === true;
  const name = loss.name;
  if (name === 'sparse_categorical_crossentropy') {
    if (units === 1) {
      ctx.report(
        diagnostic('E0506', at, `sparse_categorical_crossentropy needs one score per class, but the model outputs a single unit`, {
          label: 'needs (None, classes)',
          hint: 'end the model with `Dense(n, activation=softmax)` for n classes, or use binary_crossentropy for two classes with one sigmoid unit',
        }),
      );
    } else if (!fromLogits && act !== undefined && act !== 'softmax') {
      ctx.report(
        diagnostic('W0513', at, `sparse_categorical_crossentropy expects probabilities, but the output's activation is ${act}`, {
          label: `output activation: ${act}`,
          hint: 'use `activation=softmax` on the last layer, or `loss = sparse_categorical_crossentropy(from_logits=true)`',
        }),
      );
    }
  } else if (name === 'categorical_crossentropy') {
    if (units === 1) {
      ctx.report(diagnostic('E0506', at, 'categorical_crossentropy needs one score per class, but the model outputs a single unit', { label: 'needs (None, classes)', hint: 'for two classes with one unit use binary_crossentropy' }));
    }
  } else if (name === 'binary_crossentropy') {
    if (act === 'softmax' && !fromLogits) {
      ctx.report(
        diagnostic('E0507', at, `binary_crossentropy wants a sigmoid probability per output, but the model ends in a softmax`, {
          label: 'softmax output',
          hint: units === 1 ? 'a softmax over one unit is always 1: use `Dense(1, activation=sigmoid)`' : 'use categorical_crossentropy with a softmax, or sigmoid units with binary_crossentropy',
        }),
      );
    } else if (!fromLogits && act !== undefined && act !== 'sigmoid' && act !== 'hard_sigmoid') {
      ctx.report(
        diagnostic('W0513', at, `binary_crossentropy expects probabilities in [0, 1], but the output's activation is ${act}`, {
          label: `output activation: ${act}`,
          hint: 'use `Dense(1, activation=sigmoid)`, or `loss = binary_crossentropy(from_logits=true)`',
        }),
      );
    }
  } else if ((name === 'mean_squared_error' || name === 'mean_absolute_error') && act === 'softmax') {
    ctx.report(
      diagnostic('W0508', at, `a softmax output trained with ${name} usually learns poorly`, {
        label: 'regression loss on class probabilities',
        hint: 'use categorical_crossentropy (one-hot labels) or sparse_categorical_crossentropy (integer labels)',
      }),
    );
  }
  if (fromLogits && (act === 'softmax' || act === 'sigmoid')) {
    ctx.report(diagnostic('W0513', at, `from_logits=true expects raw scores, but the output already applies ${act}`, { label: `applies ${act} twice`, hint: `remove \`from_logits=true\`, or make the last activation linear` }));
  }
}

/**
 * A learning-rate schedule that Keras would refuse: PiecewiseConstantDecay's values must be one
 * more than its boundaries (its constructor raises), and ReduceLROnPlateau cannot set a rate that
 * follows a schedule (the optimizer raises "not settable" at the first plateau, epochs in).
 */
function checkSchedule(optimizer: FnValue, optimizerEntry: Entry, callbacksEntry: Entry | undefined, ctx: CheckContext): boolean {
  const schedule = optimizer.args['learning_rate'];
  if (!isFn(schedule)) return true;
  const at = optimizerEntry.value.range;
  if (schedule.name === 'PiecewiseConstantDecay') {
    const boundaries = schedule.args['boundaries'] as readonly number[];
    const values = schedule.args['values'];
    const count = typeof values === 'number' ? 1 : (values as readonly number[]).length;
    if (count !== boundaries.length + 1) {
      ctx.report(
        diagnostic('E0520', at, `PiecewiseConstantDecay needs one more value than boundaries, but has ${boundaries.length} boundar${boundaries.length === 1 ? 'y' : 'ies'} and ${count} value${count === 1 ? '' : 's'}`, {
          label: 'values do not fit the boundaries',
          hint: 'the first value holds up to the first boundary, the last one after the last boundary',
        }),
      );
      return false;
    }
    if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1]!)) {
      ctx.report(diagnostic('E0520', at, 'PiecewiseConstantDecay’s boundaries must increase', { label: 'boundaries out of order', hint: 'list the step numbers in increasing order' }));
      return false;
    }
  }
  const plateau = callbacksEntry ? listItems(callbacksEntry.value).find((e) => calleeName(e)?.toLowerCase() === 'reducelronplateau') : undefined;
  if (plateau) {
    ctx.report(
      diagnostic('E0521', plateau.range, `ReduceLROnPlateau cannot lower a learning rate that follows ${schedule.name}`, {
        label: 'sets the learning rate',
        related: [{ range: at, message: 'the rate follows this schedule' }],
        hint: 'use the schedule or the callback: give the optimizer a number as learning_rate, or remove ReduceLROnPlateau',
      }),
    );
    return false;
  }
  return true;
}

function calleeName(e: Expr): string | undefined {
  return e.kind === 'Call' ? e.callee.name : e.kind === 'Name' ? e.name : e.kind === 'String' ? e.value : undefined;
}

/** keras/src/optimizers/base_optimizer.py: "Only one of clipnorm, clipvalue and global_clipnorm can be set". */
function checkClipping(optimizer: FnValue, range: Range, ctx: CheckContext): void {
  const given = ['clipnorm', 'global_clipnorm', 'clipvalue'].filter((k) => optimizer.args[k] !== null && optimizer.args[k] !== undefined);
  if (given.length < 2) return;
  ctx.report(
    diagnostic('E0517', range, `an optimizer takes one kind of gradient clipping, but this one sets ${given.map((k) => `\`${k}\``).join(' and ')}`, {
      label: 'more than one clipping argument',
      hint: 'keep one: clipnorm (per weight), global_clipnorm (all weights together) or clipvalue (per element)',
    }),
  );
}
