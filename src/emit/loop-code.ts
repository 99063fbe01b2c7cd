// The generated `train` of an emitted program: Keras's fit() loop for its one train block, in
// plain sight. rnnc's src/runtime/train/fit.ts runs any train block; this writes the same loop
// out — the same calls in the same order, so the same numbers — with only the parts the block
// uses (metrics, validation, callbacks, shuffling), each tied to its line in the .rnn file.

import { CodeBlockWriter } from 'ts-morph';
import type { TrainConfig } from '../compiler/ir.ts';
import { declKey, type DeclKey } from './extract.ts';
import { identifierFor } from './text.ts';

const fit = (name: string) => declKey('src/runtime/train/fit.ts', name);
const batches = (name: string) => declKey('src/runtime/train/batches.ts', name);

/** What the loop calls, by what it calls them. */
export const LOOP_REFS = {
  Network: declKey('src/runtime/model/network.ts', 'Network'),
  Dataset: fit('Dataset'),
  FitSettings: fit('FitSettings'),
  FitEvents: fit('FitEvents'),
  History: fit('History'),
  Callback: declKey('src/runtime/train/callbacks.ts', 'Callback'),
  Logs: declKey('src/runtime/train/callbacks.ts', 'Logs'),
  splitValidation: fit('splitValidation'),
  heldOutNotBuilt: fit('heldOutNotBuilt'),
  workersNotBuilt: fit('workersNotBuilt'),
  lossFor: fit('lossFor'),
  lossTracker: fit('lossTracker'),
  makeOptimizer: declKey('src/runtime/train/optimizers.ts', 'makeOptimizer'),
  metricsFor: fit('metricsFor'),
  updateMetrics: fit('updateMetrics'),
  evaluate: fit('evaluate'),
  runControl: fit('runControl'),
  flushMessages: fit('flushMessages'),
  nonFiniteStep: fit('nonFiniteStep'),
  disposeStep: fit('disposeStep'),
  Rng: declKey('src/runtime/rng.ts', 'Rng'),
  sampleCount: batches('sampleCount'),
  batchRanges: batches('batchRanges'),
  takeRows: batches('takeRows'),
  identityOrder: batches('identityOrder'),
  adaptNormalization: declKey('src/runtime/train/adapt.ts', 'adaptNormalization'),
  adaptText: declKey('src/runtime/text/text-inputs.ts', 'adaptText'),
  textDataset: declKey('src/runtime/text/text-inputs.ts', 'textDataset'),
  checkStatefulBatches: declKey('src/runtime/train/stateful-batches.ts', 'checkStatefulBatches'),
  trainingSets: fit('trainingSets'),
  windowedTraining: declKey('src/runtime/train/windows.ts', 'windowedTraining'),
  trainWindows: fit('trainWindows'),
} as const;

/** What the loop for `train` calls: the roots of the copied code it needs. `adapts`: the model
 *  has a Normalization whose statistics training computes first; `text`: a TextVectorization;
 *  `stateful`: a stateful layer fixes the batch size. */
export function loopRefs(train: TrainConfig, adapts = false, text = false, stateful = false): DeclKey[] {
  const unused = new Set<keyof typeof LOOP_REFS>();
  if (!adapts) unused.add('adaptNormalization');
  if (!text) for (const k of ['adaptText', 'textDataset'] as const) unused.add(k);
  if (!stateful) for (const k of ['checkStatefulBatches', 'trainingSets'] as const) unused.add(k);
  // Truncated BPTT's batches are fit.ts's trainWindows, which calls the step's functions itself.
  if (train.truncatedBptt === null) for (const k of ['windowedTraining', 'trainWindows'] as const) unused.add(k);
  else for (const k of ['takeRows', 'disposeStep', 'nonFiniteStep'] as const) unused.add(k);
  if (!train.metrics.length) for (const k of ['metricsFor', 'updateMetrics'] as const) unused.add(k);
  if (!validates(train)) for (const k of ['splitValidation', 'evaluate'] as const) unused.add(k);
  else unused.add('heldOutNotBuilt');
  if (!train.callbacks.length) for (const k of ['runControl', 'flushMessages'] as const) unused.add(k);
  if (train.shuffle) unused.add('identityOrder');
  return (Object.keys(LOOP_REFS) as (keyof typeof LOOP_REFS)[]).filter((k) => !unused.has(k)).map((k) => LOOP_REFS[k]);
}

/** Whether the block holds samples out: a validation_split, or validation_data's files. */
export function validates(train: TrainConfig): boolean {
  return train.validationSplit > 0 || Object.keys(train.validationData).length > 0;
}

export interface LoopCodeContext {
  readonly train: TrainConfig;
  readonly nameOf: (key: DeclKey) => string;
  /** `epochs = 500  (next_number.rnn:11)`, or that the block leaves the setting to Keras. */
  readonly setting: (name: string) => string;
  /** `next_number.rnn:8`: where the train block starts. */
  readonly blockLine: string;
  /** The model has a Normalization without mean and variance: adapt it before the first epoch. */
  readonly adapts?: boolean;
  /** The model has a TextVectorization: adapt its vocabulary, then turn the texts into ids. */
  readonly text?: boolean;
  /** A stateful layer fixes the batch size: check the batches, and reset the states each epoch. */
  readonly stateful?: boolean;
}

export function loopCode(ctx: LoopCodeContext): string {
  const r = (k: keyof typeof LOOP_REFS) => ctx.nameOf(LOOP_REFS[k]);
  const { train } = ctx;
  const metrics = train.metrics.length > 0;
  const validation = validates(train);
  const given = Object.keys(train.validationData).length > 0;
  const callbacks = train.callbacks.length > 0;
  const windowed = train.truncatedBptt !== null;
  const carries = windowed || ctx.stateful === true;
  // Locals may shadow any top-level name but the ones the loop calls.
  const taken = new Set([...loopRefs(ctx.train, ctx.adapts, ctx.text, ctx.stateful).map((k) => ctx.nameOf(k)), 'train', 'performance', 'Number', 'Object', 'Record', 'Promise']);
  const v = Object.fromEntries(
    ['net', 'data', 'settings', 'callbacks', 'events', 'save', 'trainData', 'validation', 'loss', 'optimizer', 'metrics', 'rng', 'variables', 'run', 'history', 'n', 'batches', 'epoch', 'started', 'order', 'b', 'start', 'end', 'xs', 'ys', 'step', 'logs', 'a', 'm', 'w', 'key', 'validationLogs', 'c', 'trainIds', 'validationIds', 'windowed', 'tracker'].map((name) => [name, identifierFor(name, taken, 'local')]),
  ) as Record<string, string>;
  const epochLogs = `${v.tracker}.logs(${metrics ? v.metrics : '[]'})`;

  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  w.writeLine('/**');
  w.writeLine(` * Training: Keras's fit() for the train block, ${ctx.blockLine}, written out. Each epoch ${train.shuffle ? 'shuffles the samples,' : 'takes the samples in order,'}`);
  w.writeLine(' * runs a training step per batch (forward, loss, backward, then the optimizer), and logs the loss');
  w.writeLine(` * as the mean over the samples${metrics ? ' with the metrics' : ''}${validation ? ', then the same on the validation samples' : ''}. rnnc's fit.ts runs this loop for`);
  w.writeLine(' * any train block; the functions it calls are copied from rnnc, below.');
  w.writeLine(' */');
  const unused = (name: string, used: boolean) => (used ? v[name]! : `_${v[name]!}`);
  w.write(
    `async function train(${v.net}: ${r('Network')}, ${v.data}: ${r('Dataset')}, ${v.settings}: ${r('FitSettings')}, ${unused('callbacks', callbacks)}: readonly ${r('Callback')}[], ${v.events}: ${r('FitEvents')}, ${unused('save', callbacks)}: (dir: string) => Promise<void>): Promise<${r('History')}>`,
  ).block(() => {
    w.writeLine(`// ${ctx.setting('workers')}: this program trains on one thread and refuses --workers above 1 (E0725)`);
    w.writeLine(`if ((${v.settings}.workers ?? 1) > 1) throw ${r('workersNotBuilt')}(${v.settings}.workers!);`);
    let trainData = validation ? v.trainData! : v.data!;
    let validationData = v.validation!;
    if (!validation) {
      w.writeLine('// The block holds no samples out, so this loop has no validation: held-out samples given anyway are refused (E0706).');
      w.writeLine(`if (${v.data}.validation) throw ${r('heldOutNotBuilt')}();`);
    } else if (given) {
      w.writeLine(`// ${ctx.setting('validation_data')}, or --validation-x/--validation-y/--validation-data: evaluated after each epoch`);
      w.writeLine(`const { train: ${v.trainData}, ${v.validation === 'validation' ? 'validation' : `validation: ${v.validation}`} } = ${r('splitValidation')}(${v.data}, ${v.settings}.validationSplit, null);`);
    } else {
      w.writeLine(`// ${ctx.setting('validation_split')}: Keras holds out the last samples, before any shuffling (held-out files given by --validation-x take their place)`);
      const rest = v.validation === 'validation' ? 'validation' : `validation: ${v.validation}`;
      const shuffleSeed = train.shuffleBeforeSplit ? `${v.settings}.seed` : 'null';
      w.writeLine(`const { train: ${v.trainData}, ${rest} } = ${r('splitValidation')}(${v.data}, ${v.settings}.validationSplit, ${shuffleSeed});`);
    }
    if (ctx.text) {
      w.writeLine("// TextVectorization: its vocabulary from the training text (Keras's adapt()), then every text as ids, once");
      w.writeLine('// (and a decoder fed text gets its labels: the target ids shifted by one step)');
      w.writeLine(`${r('adaptText')}(${v.net}, ${trainData}.x);`);
      w.writeLine(`const ${v.trainIds} = ${r('textDataset')}(${v.net}, ${trainData}.x, ${trainData}.y);`);
      trainData = v.trainIds!;
      if (validation) {
        w.writeLine(`const ${v.validationIds} = ${v.validation} && ${r('textDataset')}(${v.net}, ${v.validation}.x, ${v.validation}.y);`);
        validationData = v.validationIds!;
      }
    }
    if (ctx.adapts) {
      w.writeLine("// Normalization without mean and variance: computed from the training samples (Keras's adapt())");
      w.writeLine(`${r('adaptNormalization')}(${v.net}, ${trainData});`);
    }
    if (ctx.stateful) {
      w.writeLine(`// A stateful model's batches have the size it fixes, and divide the samples (E0710, E0643)`);
      w.writeLine(`${r('checkStatefulBatches')}(${v.net}.model, ${v.settings}.batchSize, ${r('trainingSets')}(${trainData}, ${validation ? `${v.validation}` : 'null'}));`);
    }
    w.writeLine(`// ${ctx.setting('loss')}`);
    w.writeLine(`const ${v.loss} = ${r('lossFor')}(${v.net}, ${v.settings});`);
    w.writeLine(`// ${ctx.setting('optimizer')}`);
    w.writeLine(`const ${v.optimizer} = ${r('makeOptimizer')}(${v.settings}.optimizer);`);
    if (metrics) {
      w.writeLine(`// ${ctx.setting('metrics')}`);
      w.writeLine(`const ${v.metrics} = ${r('metricsFor')}(${v.net}, ${v.settings});`);
    }
    w.writeLine(`// The shuffles draw from the seed: ${ctx.setting('seed')}, or --seed`);
    w.writeLine(`const ${v.rng} = new ${r('Rng')}(${v.settings}.seed);`);
    w.writeLine(`const ${v.variables} = ${v.net}.trainable.map((${v.w}) => ${v.w}.variable);`);
    if (callbacks) {
      w.writeLine(`// ${ctx.setting('callbacks')}: what they see of the run`);
      w.writeLine(`const ${v.run} = ${r('runControl')}(${v.net}, ${v.optimizer}, ${v.save});`);
    }
    w.writeLine(`const ${v.history}: ${r('Logs')}[] = [];`);
    w.writeLine(`const ${v.n} = ${r('sampleCount')}(${trainData}.x[0]!);`);
    w.writeLine(`// ${ctx.setting('batch_size')}, or --batch-size: the last batch takes what is left`);
    w.writeLine(`const ${v.batches} = ${r('batchRanges')}(${v.n}, ${v.settings}.batchSize);`);
    if (windowed) {
      w.writeLine(`// ${ctx.setting('truncated_bptt')}: each batch's sequences in windows of that many steps`);
      w.writeLine(`const ${v.windowed} = ${r('windowedTraining')}(${v.net}, ${trainData}, ${v.settings}.truncatedBptt!, { loss: ${v.loss}, optimizer: ${v.optimizer}, variables: ${v.variables}, metrics: ${metrics ? v.metrics : '[]'} });`);
    }
    w.write('try ').inlineBlock(() => {
      if (callbacks) w.writeLine(`for (const ${v.c} of ${v.callbacks}) ${v.c}.onTrainBegin?.(${v.run});`);
      w.writeLine(`// ${ctx.setting('epochs')}, or --epochs${callbacks ? '; a callback may stop training early' : ''}`);
      const more = callbacks ? ` && !${v.run}.stopTraining` : '';
      w.write(`for (let ${v.epoch} = 0; ${v.epoch} < ${v.settings}.epochs${more}; ${v.epoch}++)`).block(() => {
        w.writeLine(`const ${v.started} = performance.now();`);
        if (carries) w.writeLine(`${v.net}.resetStates(); // each epoch starts its sequences from zero states`);
        w.writeLine(`${v.events}.onEpochBegin?.(${v.epoch}, ${v.settings}.epochs, ${v.batches}.length);`);
        if (train.shuffle) w.writeLine(`const ${v.order} = ${v.rng}.permutation(${v.n}); // shuffle = true (Keras's default): a new order every epoch`);
        else w.writeLine(`const ${v.order} = ${r('identityOrder')}(${v.n}); // ${ctx.setting('shuffle')}`);
        if (metrics) w.writeLine(`${v.metrics}.forEach((${v.m}) => ${v.m}.reset());`);
        w.writeLine(`const ${v.tracker} = ${r('lossTracker')}(${v.net}); // the epoch's loss${ctx.train.losses.length > 1 ? ' and each output\'s' : ''}, means over the samples`);
        w.write(`for (let ${v.b} = 0; ${v.b} < ${v.batches}.length; ${v.b}++)`).block(() => {
          w.writeLine(`const [${v.start}, ${v.end}] = ${v.batches}[${v.b}]!;`);
          if (windowed) {
            w.writeLine('// Forward, loss, backward and the optimizer per window, the states carried between windows (fit.ts).');
            w.writeLine(`${r('trainWindows')}(${v.windowed}, ${trainData}, ${v.order}, ${v.start}, ${v.end}, ${v.epoch}, ${v.b}, ${v.tracker});`);
            w.writeLine(`${v.tracker}.count(${v.end} - ${v.start});`);
            w.writeLine(`${v.events}.onBatchEnd?.(${v.b}, ${v.batches}.length, ${epochLogs});`);
            return;
          }
          w.writeLine(`const ${v.xs} = ${trainData}.x.map((${v.a}) => ${r('takeRows')}(${v.a}, ${v.order}, ${v.start}, ${v.end}));`);
          w.writeLine(`const ${v.ys} = ${trainData}.y.map((${v.a}) => ${r('takeRows')}(${v.a}, ${v.order}, ${v.start}, ${v.end}));`);
          w.writeLine('// The forward pass, the loss and the backward pass: `forward` and `backward`, above.');
          w.writeLine(`const ${v.step} = ${v.net}.step(${v.xs}, ${v.ys}, ${v.loss});`);
          w.writeLine('// A NaN or infinite loss or gradient stops training before it reaches the weights (E0515).');
          w.write(`if (!Number.isFinite(${v.step}.loss) || !${v.step}.gradientsFinite)`).block(() => {
            w.writeLine(`${r('disposeStep')}(${v.xs}, ${v.ys}, ${v.step});`);
            w.writeLine(`throw ${r('nonFiniteStep')}(${v.step}, ${v.epoch}, ${v.b});`);
          });
          w.writeLine(`${v.optimizer}.apply(${v.variables}, ${v.step}.grads);`);
          w.writeLine(`${v.net}.commit(${v.step});`);
          if (metrics) w.writeLine(`${r('updateMetrics')}(${v.metrics}, ${v.ys}, ${v.step}.predictions, ${v.step}.outputMasks);`);
          w.writeLine(`${r('disposeStep')}(${v.xs}, ${v.ys}, ${v.step});`);
          w.writeLine(`${v.tracker}.add(${v.step}, ${v.end} - ${v.start});`);
          w.writeLine(`${v.tracker}.count(${v.end} - ${v.start});`);
          w.writeLine(`${v.events}.onBatchEnd?.(${v.b}, ${v.batches}.length, ${epochLogs});`);
        });
        w.writeLine(`const ${v.logs}: Record<string, number> = { ...${epochLogs} };`);
        if (validation) {
          if (carries) w.writeLine(`${v.net}.resetStates(); // the validation samples are sequences of their own`);
          const valMetrics = metrics ? `${r('metricsFor')}(${v.net}, ${v.settings})` : '[]';
          w.writeLine(`const ${v.validationLogs} = ${r('evaluate')}(${v.net}, ${validationData}!, ${v.loss}, ${valMetrics}, ${v.settings}.batchSize);`);
          w.writeLine(`for (const [${v.key}, ${v.a}] of Object.entries(${v.validationLogs})) ${v.logs}[\`val_\${${v.key}}\`] = ${v.a};`);
        }
        if (callbacks) {
          w.writeLine("// Keras's order: the callbacks (ReduceLROnPlateau adds `learning_rate`), the history, the line.");
          w.writeLine(`for (const ${v.c} of ${v.callbacks}) await ${v.c}.onEpochEnd?.(${v.epoch}, ${v.logs}, ${v.run});`);
        }
        w.writeLine(`${v.history}.push(${v.logs});`);
        w.writeLine(`${v.events}.onEpochEnd?.(${v.epoch}, ${v.logs}, (performance.now() - ${v.started}) / 1000);`);
        if (callbacks) w.writeLine(`${r('flushMessages')}(${v.callbacks}, ${v.events});`);
      });
      if (callbacks) {
        w.writeLine(`for (const ${v.c} of ${v.callbacks}) ${v.c}.onTrainEnd?.(${v.run});`);
        w.writeLine(`${r('flushMessages')}(${v.callbacks}, ${v.events});`);
      }
    });
    w.write(' finally ').inlineBlock(() => w.writeLine(`${v.optimizer}.dispose();`));
    w.newLine();
    const stopped = callbacks ? `${v.run}.stopTraining && ${v.history}.length < ${v.settings}.epochs` : 'false';
    w.writeLine(`return { epochs: ${v.history}, stoppedEarly: ${stopped} };`);
  });
  return w.toString();
}
