// The train block: Keras's compile() and fit() arguments in one place, checked against the
// vocabularies, with every default filled in, and the loss checked against the model's output.

import type { Entry, Expr, TrainDecl } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { ConfigValue, FnValue } from './config-value.ts';
import { isLayerValue } from './config-value.ts';
import type { CheckContext } from './context.ts';
import { argumentOf, wrappedLayers, type TrainConfig } from './ir.ts';
import type { ModelBody } from './sequential.ts';
import { suggest } from './suggest.ts';
import { convertValue, fnValue, hasGap, lookupEntry, withBareStrings, type ValueContext, type VocabEntryLike } from './args.ts';
import type { ArgType } from './layers/layer-def.ts';
import { trainVocab } from './vocab-access.ts';
import { lastDim } from './tensor-type.ts';
import type { Code } from '../diagnostics/codes.ts';

/** Keras fit()'s defaults, and compile()'s default optimizer (rmsprop). */
const SETTINGS = ['loss', 'optimizer', 'metrics', 'epochs', 'batch_size', 'validation_split', 'shuffle', 'seed', 'callbacks', 'data'] as const;

export function checkTrain(decl: TrainDecl, body: ModelBody | undefined, ctx: CheckContext): TrainConfig | undefined {
  const given = new Map<string, Entry>();
  let ok = true;
  for (const e of decl.entries) {
    const key = e.key.name;
    if (!(SETTINGS as readonly string[]).includes(key)) {
      const [best] = suggest(key, SETTINGS);
      ctx.report(
        diagnostic('E0503', e.key.range, `a train block has no setting \`${key}\``, {
          label: best ? `did you mean \`${best}\`?` : 'unknown setting',
          hint: best ? `did you mean \`${best}\`?` : `settings: ${SETTINGS.join(', ')}`,
          ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: e.key.range, newText: best }] }] } : {}),
        }),
      );
      ok = false;
      continue;
    }
    const earlier = given.get(key);
    if (earlier) {
      ctx.report(diagnostic('E0512', e.key.range, `\`${key}\` is set twice`, { label: 'second time', related: [{ range: earlier.key.range, message: 'first set here' }], hint: 'keep one' }));
      ok = false;
      continue;
    }
    given.set(key, e);
  }

  const values = withBareStrings(ctx.values);

  const lossEntry = given.get('loss');
  let loss: FnValue | undefined;
  if (!lossEntry) {
    ctx.report(diagnostic('E0503', decl.keyword, 'the train block does not say which loss to minimise', { label: 'no `loss`', hint: 'add for example `loss = mean_squared_error`' }));
    ok = false;
  } else {
    loss = named(lossEntry.value, trainVocab('loss'), 'loss', 'E0501', ctx, values);
    if (!loss) ok = false;
  }
  const optEntry = given.get('optimizer');
  const optimizer = optEntry
    ? named(optEntry.value, trainVocab('optimizer'), 'optimizer', 'E0502', ctx, values)
    : named({ kind: 'Name', name: 'rmsprop', range: decl.keyword }, trainVocab('optimizer'), 'optimizer', 'E0502', ctx, values);
  if (!optimizer) ok = false;
  else if (optEntry) checkClipping(optimizer, optEntry.value.range, ctx);

  const metrics: string[] = [];
  const metricKeys: string[] = [];
  const metricsEntry = given.get('metrics');
  if (metricsEntry) {
    for (const item of listItems(metricsEntry.value)) {
      const m = named(item, trainVocab('metric'), 'metric', 'E0509', ctx, values);
      if (m) {
        metrics.push(m.name);
        // Keras logs a metric given as a string under that string (`mae`, not
        // `mean_absolute_error`); one given as a class under the class's default name.
        metricKeys.push(item.kind === 'Name' ? item.name : item.kind === 'String' ? item.value : m.name);
      } else ok = false;
    }
  }
  const callbacks: FnValue[] = [];
  const cbEntry = given.get('callbacks');
  if (cbEntry) {
    for (const item of listItems(cbEntry.value)) {
      const c = named(item, trainVocab('callback'), 'callback', 'E0510', ctx, values);
      if (c) callbacks.push(c);
      else ok = false;
    }
  }
  const epochs = setting(given, 'epochs', { kind: 'int', min: 1 }, 1, values);
  const batchSize = setting(given, 'batch_size', { kind: 'int', min: 1 }, 32, values);
  const validationSplit = setting(given, 'validation_split', { kind: 'float', min: 0, max: 1, maxExclusive: true }, 0, values);
  const shuffle = setting(given, 'shuffle', { kind: 'bool' }, true, values);
  const seed = setting(given, 'seed', { kind: 'optional', inner: { kind: 'int', min: 0 } }, null, values);
  if (epochs === undefined || batchSize === undefined || validationSplit === undefined || shuffle === undefined || seed === undefined) ok = false;
  const data = checkData(given.get('data'), ctx);
  if (!data) ok = false;

  if (loss && body) checkLossAgainstOutput(loss, lossEntry!, body, ctx);
  if (!ok || !loss || !optimizer) return undefined;
  return {
    loss,
    optimizer,
    metrics,
    metricKeys,
    epochs: epochs as number,
    batchSize: batchSize as number,
    validationSplit: validationSplit as number,
    shuffle: shuffle as boolean,
    seed: seed as number | null,
    callbacks,
    data: data ?? {},
    range: decl.range,
  };
}

/** A setting's checked value, its default when it is not given, or undefined when it is wrong. */
function setting(given: ReadonlyMap<string, Entry>, key: string, type: ArgType, fallback: ConfigValue, values: ValueContext): ConfigValue | undefined {
  const e = given.get(key);
  if (!e) return fallback;
  return convertValue(e.value, type, values, { argName: key, owner: 'train' });
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

function checkData(entry: Entry | undefined, ctx: CheckContext): Record<string, ConfigValue> | undefined {
  if (!entry) return {};
  const v = entry.value;
  if (v.kind === 'String') return { x: v.value };
  if (v.kind !== 'Record') {
    if (hasGap(v)) return undefined;
    ctx.report(diagnostic('E0204', v.range, '`data` is written as a record of files: `{ x = "x.npy", y = "y.npy" }`', { label: 'expected a record' }));
    return undefined;
  }
  const out: Record<string, ConfigValue> = {};
  // What the data loaders read (src/runtime/data/load.ts): files, a CSV series' column and
  // windows, and a factor the inputs are multiplied by (`scale = 0.00392156862745098`, 1/255).
  const keys = ['x', 'y', 'file', 'column', 'window', 'horizon', 'scale'];
  for (const e of v.entries) {
    if (!keys.includes(e.key.name)) {
      const [best] = suggest(e.key.name, keys);
      ctx.report(diagnostic('E0503', e.key.range, `\`data\` has no entry \`${e.key.name}\``, { label: best ? `did you mean \`${best}\`?` : 'unknown entry', hint: `entries: ${keys.join(', ')}` }));
      return undefined;
    }
    const val = e.value;
    if (val.kind === 'String') out[e.key.name] = val.value;
    else if (val.kind === 'Number') out[e.key.name] = val.value;
    else if (val.kind === 'Name') out[e.key.name] = val.name;
    else {
      if (hasGap(val)) return undefined;
      ctx.report(diagnostic('E0204', val.range, `\`${e.key.name}\` must be a file path in quotes or a number`, { label: 'expected a string' }));
      return undefined;
    }
  }
  return out;
}

/** The activation the model's output passes through last, looking through Dropout and friends. */
export function outputActivation(body: ModelBody): string | undefined {
  let ref = body.outputs[0];
  for (let guard = 0; ref && ref.node >= 0 && guard < 1000; guard++) {
    const node = body.nodes[ref.node];
    if (!node) return undefined;
    const layer = node.layer;
    if (['Dropout', 'Masking', 'Reshape', 'Flatten', 'RepeatVector'].includes(layer.type)) {
      ref = node.inputs[0];
      continue;
    }
    return argumentOf(wrappedLayers(layer)[0] ?? layer, 'activation');
  }
  return undefined;
}

function checkLossAgainstOutput(loss: FnValue, entry: Entry, body: ModelBody, ctx: CheckContext): void {
  const out = body.outputTypes[0];
  if (!out || out.kind === 'unknown' || body.outputTypes.length !== 1) return;
  const act = outputActivation(body);
  const units = lastDim(out);
  const fromLogits = loss.args['from_logits'] === true;
  const at = entry.value.range;
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
