// The train block's settings, each declared once: its name in the block, its field in the IR
// (TrainConfig), the values it takes and its default, one line of documentation, and the
// command-line flags that override it. Everything that knows the settings reads this table:
//   - the checker (train.ts) accepts exactly these names and checks each value by its `value`;
//   - the language server (src/lsp/vocabulary.ts) completes and documents them from `doc`;
//   - `rnnc train`, `predict` and `evaluate` derive their commander options from `flags`
//     (src/cli/train-options.ts), and the programs `rnnc build` writes their parseArgs options
//     (src/emit/program/command-line.ts, from the literal train-code.ts writes of FLAGS);
//   - the emitter (src/emit/train-code.ts) comments each field of the emitted TRAIN with its line;
//   - one training driver, src/console/train-run.ts, applies the flags (withFlags) for both
//     `rnnc train` and the emitted programs, which copy it.
// test/train-settings-checklist.test.ts fails, naming what is missing, unless every setting reaches
// each of them.
//
// To add a setting (say `shuffle_seed = 7`, overridable by --shuffle-seed):
//   1. declare it below: name, field, doc, value (a type and default, a vocabulary, or files)
//      and, if the command line overrides it, a flag;
//   2. add its field to TrainConfig in ir.ts (the compiler names the field until you do);
//   3. give it its runtime behaviour: what fit() and the emitted loop do with it
//      (src/runtime/train/fit.ts and its FitSettings, src/emit/loop-code.ts; the library's
//      RnnModel.settings in src/runtime/api.ts picks FitSettings' fields by name);
//   4. describe it in the train block's table of docs/language.md.
// Its checking, completion, hover, flags on both command lines (applied by withFlags), and the
// emitted TRAIN literal then follow. A value that is a call from a vocabulary (`ExponentialDecay(…)`) is a new entry
// of src/compiler/vocab; a record of files (`validation_data = { x = …, y = … }`) is `files`.
//
// This file is the front end's (rule 4 of ARCHITECTURE.md): it imports no back end, and only the
// commands that train load it (rule 8: `rnnc --help` does not).

import type { Code } from '../diagnostics/codes.ts';
import type { ConfigValue } from './config-value.ts';
import type { TrainConfig } from './ir.ts';
import { T } from './layers/args.ts';
import type { ArgType } from './layers/layer-def.ts';
import type { TrainVocabName } from './vocab-access.ts';


/** The entries of a record of data files (`data`, `validation_data`): files, a CSV series' column
 *  and windows, a text corpus's windows and their spacing (`stride`), and a factor the inputs are
 *  multiplied by (`scale = 0.00392156862745098`, 1/255). */
const DATA_KEYS = ['x', 'y', 'file', 'column', 'window', 'horizon', 'stride', 'scale'] as const;

/** rnnc's commands that read the data and settings of a train block. */
export type ModelCommand = 'train' | 'predict' | 'evaluate';

/** What a setting's value is, which says how the checker reads it. */
export type SettingValue =
  /** One entry of a vocabulary, bare or called with arguments (`adam`, `Adam(learning_rate=…)`).
   *  Without a default the setting is required. */
  | { readonly kind: 'entry'; readonly vocab: TrainVocabName; readonly code: Code; readonly default?: string; readonly perOutput?: PerOutput }
  /** A list of entries (a single one may go without brackets): calls with their arguments, or
   *  with `namesOnly` their canonical names. `keysField` records each entry as it was written,
   *  the key Keras logs it under (`mae`, not `mean_absolute_error`). */
  | { readonly kind: 'entries'; readonly vocab: TrainVocabName; readonly code: Code; readonly namesOnly?: boolean; readonly keysField?: keyof TrainConfig; readonly perOutput?: PerOutput }
  /** A number per output of the model: one for all (`0.5`), a record by output name
   *  (`{ sum = 1.0, pair = 0.5 }`) or a list in the outputs' order; null when not given. */
  | { readonly kind: 'per-output'; readonly type: ArgType; readonly default: null }
  /** A value of an argument type, as layers' arguments are checked, and its default. */
  | { readonly kind: 'value'; readonly type: ArgType; readonly default: ConfigValue }
  /** A record of data files and their options, the keys the data loaders read
   *  (src/runtime/data/load.ts); a bare string is `{ x = "…" }`. */
  | { readonly kind: 'files'; readonly keys: readonly string[] };

/** A model of several outputs may give the setting per output (compiler/per-output.ts): a record
 *  by output name or a list in the outputs' order, checked into `field`, one value per output. */
export interface PerOutput {
  readonly field: keyof TrainConfig;
  /** Keras's loss dict must name every output; its metrics dict may leave some out. */
  readonly everyOutput: boolean;
}

/** A command-line flag. `--batch-size N` sets the value the key `batchSize` holds. */
export interface FlagSpec {
  readonly name: `--${string}`;
  /** What its value is called in help: `--epochs <n>` (rnnc), `--epochs N` (an emitted program). */
  readonly value: 'n' | 'file' | 'name' | 'dir';
  /** A whole number of at least this; text when absent. */
  readonly least?: 0 | 1;
  readonly doc: string;
  /** rnnc's commands that take it; an emitted program takes the ones `train` takes. */
  readonly commands: readonly ModelCommand[];
  /** Where an emitted program's help and checks say otherwise (kept as they were). */
  readonly program?: { readonly doc?: string; readonly least?: 0 | 1 };
}

export interface SettingSpec {
  /** As written in the train block: `batch_size`. */
  readonly name: string;
  /** Its field in the checked train block. */
  readonly field: keyof TrainConfig;
  /** Markdown, for hover and completion. */
  readonly doc: string;
  readonly value: SettingValue;
  /** Flags that override it. A flag of a `value` setting replaces the value (`--epochs 3`); the
   *  flags of `files` say where the data comes from instead (src/console/data-flags.ts). */
  readonly flags?: readonly FlagSpec[];
}

/** Every train-block setting, in the order completion offers them. Defaults are Keras's fit()'s,
 *  and compile()'s default optimizer (rmsprop). */
export const TRAIN_SETTINGS = [
  {
    name: 'loss',
    field: 'loss',
    doc: 'The loss to minimise (Keras’s compile(loss=…)), e.g. `mean_squared_error`. Required. A model of several outputs trains each output with it, or with its own: `{ sum = mse, pair = binary_crossentropy }` by output name, or a list in the outputs’ order; each output’s loss is logged as `<output>_loss`.',
    value: { kind: 'entry', vocab: 'loss', code: 'E0501', perOutput: { field: 'losses', everyOutput: true } },
  },
  {
    name: 'loss_weights',
    field: 'lossWeights',
    doc: 'Several outputs: the weight of each output’s loss in the `loss` Keras minimises and logs, by output name (`{ sum = 1.0, pair = 0.5 }`) or in the outputs’ order (`[1.0, 0.5]`); one number weighs every output. The `<output>_loss` logs stay unweighted. Default None: every weight 1.',
    value: { kind: 'per-output', type: T.optional(T.float({ min: 0 })), default: null },
  },
  {
    name: 'optimizer',
    field: 'optimizer',
    doc: 'The optimizer, bare (`adam`) or with arguments (`Adam(learning_rate=1e-3)`). Default `rmsprop`.',
    value: { kind: 'entry', vocab: 'optimizer', code: 'E0502', default: 'rmsprop' },
  },
  {
    name: 'metrics',
    field: 'metrics',
    doc: 'Metrics reported each epoch, as a list: `[accuracy]`. A model of several outputs takes them per output, as Keras 3 does: `{ sum = [mae], pair = [accuracy] }` by output name (an output left out has none), or a list with one item per output; logged as `<output>_<metric>`.',
    value: { kind: 'entries', vocab: 'metric', code: 'E0509', namesOnly: true, keysField: 'metricKeys', perOutput: { field: 'outputMetrics', everyOutput: false } },
  },
  {
    name: 'epochs',
    field: 'epochs',
    doc: 'Passes over the training data. Default 1.',
    value: { kind: 'value', type: T.int(1), default: 1 },
    flags: [
      {
        name: '--epochs',
        value: 'n',
        least: 0,
        doc: 'epochs (overrides the train block; 0 saves the initial weights with --out)',
        commands: ['train'],
        program: { doc: 'epochs (overrides the train block)', least: 1 },
      },
    ],
  },
  {
    name: 'batch_size',
    field: 'batchSize',
    doc: 'Samples per gradient step. Default 32.',
    value: { kind: 'value', type: T.int(1), default: 32 },
    flags: [{ name: '--batch-size', value: 'n', least: 1, doc: 'batch size (overrides the train block)', commands: ['train', 'predict', 'evaluate'] }],
  },
  {
    name: 'validation_split',
    field: 'validationSplit',
    doc: 'Fraction of the data held out for validation, taken before shuffling. Default 0.',
    value: { kind: 'value', type: T.float({ min: 0, max: 1, maxExclusive: true }), default: 0 },
  },
  {
    name: 'shuffle_before_split',
    field: 'shuffleBeforeSplit',
    doc: 'Shuffle the samples, with `seed`, before `validation_split` takes the last fraction — a random held-out set, as scikit-learn’s `train_test_split` draws it. Default false (Keras’s last fraction).',
    value: { kind: 'value', type: T.bool(), default: false },
  },
  {
    name: 'shuffle',
    field: 'shuffle',
    doc: 'Shuffle the training samples every epoch. Default true.',
    value: { kind: 'value', type: T.bool(), default: true },
  },
  {
    name: 'seed',
    field: 'seed',
    doc: 'Seed for weights, dropout and shuffling: the same seed repeats a run exactly. Default None.',
    value: { kind: 'value', type: T.optional(T.int(0)), default: null },
    flags: [{ name: '--seed', value: 'n', least: 0, doc: 'seed for weights, dropout and shuffling: the same seed repeats a run exactly', commands: ['train'] }],
  },
  {
    name: 'callbacks',
    field: 'callbacks',
    doc: 'Callbacks, as a list: `[EarlyStopping(monitor=val_loss, patience=2)]`.',
    value: { kind: 'entries', vocab: 'callback', code: 'E0510' },
  },
  {
    name: 'truncated_bptt',
    field: 'truncatedBptt',
    doc: 'Truncated backpropagation through time: split each sequence into windows of this many steps, carry the recurrent states from one window to the next, stop the gradients at each window’s start, and take an optimizer step per window (many-to-many) or train on the last window (many-to-one). Default None: the whole sequence.',
    value: { kind: 'value', type: T.optional(T.int(1)), default: null },
  },
  {
    name: 'workers',
    field: 'workers',
    doc: 'Threads a training step runs on: each computes the gradient of its share of the batch and the shares are summed, weighted by their samples — the whole batch’s gradient, to float32 rounding. `2` uses both cores of a two-core machine. Default 1.',
    value: { kind: 'value', type: T.int(1), default: 1 },
    flags: [{ name: '--workers', value: 'n', least: 1, doc: 'threads a training step runs on (overrides the train block)', commands: ['train'] }],
  },
  {
    name: 'data',
    field: 'data',
    doc: 'Data files, relative to this file: `{ x = "x.npy", y = "y.npy" }`.',
    value: { kind: 'files', keys: DATA_KEYS },
    flags: [
      { name: '--x', value: 'file', doc: 'inputs: a .npy file (or .jsonl / .csv / IDX); several inputs: NAME=FILE,NAME=FILE', commands: ['train', 'predict', 'evaluate'], program: { doc: 'inputs, in the formats of the train block’s data (default: that data); several: NAME=FILE,…' } },
      { name: '--y', value: 'file', doc: 'targets: a .npy file; several outputs: NAME=FILE,NAME=FILE', commands: ['train', 'predict', 'evaluate'], program: { doc: 'targets, in the format of the train block’s; several: NAME=FILE,…' } },
      { name: '--data', value: 'file', doc: 'inputs and targets in one file: JSON Lines, CSV, .npz, a text (.txt)', commands: ['train', 'predict', 'evaluate'], program: { doc: 'inputs and targets in one file: JSON Lines, .npz, or a CSV series with --window' } },
      { name: '--column', value: 'name', doc: 'CSV: the column holding the series (name or 0-based index)', commands: ['train', 'predict', 'evaluate'], program: { doc: 'CSV: the column of the series (name or 0-based index)' } },
      { name: '--window', value: 'n', least: 1, doc: 'CSV or text: time steps (characters) per input window', commands: ['train', 'predict', 'evaluate'] },
      { name: '--horizon', value: 'n', least: 1, doc: 'CSV: how many steps ahead the target lies', commands: ['train', 'predict', 'evaluate'] },
      { name: '--stride', value: 'n', least: 1, doc: 'text: characters from one window\'s start to the next (default: the window)', commands: ['train', 'predict', 'evaluate'] },
    ],
  },
  {
    name: 'validation_data',
    field: 'validationData',
    doc: 'Held-out samples evaluated after each epoch (Keras’s `validation_data`), the same record as `data`: `{ x = "val_x.npy", y = "val_y.npy" }`. Logged as `val_loss` and `val_` metrics; replaces `validation_split`.',
    value: { kind: 'files', keys: DATA_KEYS },
    flags: [
      { name: '--validation-x', value: 'file', doc: 'held-out inputs (Keras’s validation_data), as --x takes them', commands: ['train'] },
      { name: '--validation-y', value: 'file', doc: 'held-out targets, as --y takes them', commands: ['train'] },
      { name: '--validation-data', value: 'file', doc: 'held-out inputs and targets in one file, as --data takes it', commands: ['train'] },
    ],
  },
] as const satisfies readonly SettingSpec[];

/** A setting's name in the block. */
export type SettingName = (typeof TRAIN_SETTINGS)[number]['name'];

// Every field of TrainConfig but the derived ones has a setting: a field added to the IR without
// one is a compile error here, naming the field.
type Undeclared = Exclude<keyof TrainConfig, (typeof TRAIN_SETTINGS)[number]['field'] | 'metricKeys' | 'losses' | 'outputMetrics' | 'range'>;
const everyFieldDeclared: [Undeclared] extends [never] ? true : { undeclared: Undeclared } = true;
void everyFieldDeclared;

export function trainSetting(name: string): SettingSpec | undefined {
  return TRAIN_SETTINGS.find((s) => s.name === name);
}

/** A flag as one surface shows it: rnnc's commands, or an emitted program. */
export interface Flag {
  readonly name: string;
  /** The key its value is parsed into: `batchSize` for --batch-size (as commander names it). */
  readonly key: string;
  readonly value: string;
  readonly least?: number;
  readonly doc: string;
  readonly commands: readonly ModelCommand[];
  /** The TrainConfig field it overrides; none for the data flags. */
  readonly field?: string;
}

const camel = (flag: string) => flag.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The flags of a training run that set no train setting: where its results go. */
export const RUN_FLAGS: readonly Flag[] = [
  { name: '--out', key: 'out', value: 'dir', doc: 'save the trained model there (TensorFlow.js Layers format)', commands: ['train'] },
  { name: '--log', key: 'log', value: 'file', doc: 'write one JSON object per epoch to this file', commands: ['train'] },
];

/**
 * The flags of rnnc's commands that run a model (`'rnnc'`; `--model`, `--backend` and `--plot`
 * are src/cli's own) or of an emitted program (`'program'`): where the data comes from first,
 * then the settings' flags in the settings' order, then RUN_FLAGS.
 */
export function trainFlags(surface: 'rnnc' | 'program'): Flag[] {
  const all = TRAIN_SETTINGS.flatMap((s: SettingSpec) =>
    (s.flags ?? []).map((f): Flag => {
      const least = surface === 'program' && f.program?.least !== undefined ? f.program.least : f.least;
      return {
        name: f.name,
        key: camel(f.name),
        value: f.value,
        ...(least === undefined ? {} : { least }),
        doc: (surface === 'program' ? f.program?.doc : undefined) ?? f.doc,
        commands: f.commands,
        ...(s.value.kind === 'value' ? { field: s.field } : {}),
      };
    }),
  );
  const isData = (f: Flag) => f.field === undefined;
  const flags = [...all.filter(isData), ...all.filter((f) => !isData(f)), ...RUN_FLAGS];
  return surface === 'program' ? flags.filter((f) => f.commands.includes('train')) : flags;
}
