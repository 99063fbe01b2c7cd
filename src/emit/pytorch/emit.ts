// `rnnc build --target pytorch`: a checked model in, one Python file out — a program that trains the
// model with PyTorch, in one process or under torchrun (DistributedDataParallel), and saves it in
// the TensorFlow.js Layers format rnnc predict and evaluate read. Like the TypeScript back end it
// reads the IR only, never the AST.
//
// The program is two halves: written here for the model (its layers as modules, the forward pass,
// the weights under their Keras names in the order model.json lists them, the train block, the
// model.json to save) and the fixed library of library.ts (Keras's layers, cells, losses, metrics,
// optimizers, the fit loop, data and saving). A layer or train setting the program cannot
// reproduce with Keras's numbers is refused (E0903, E0904) before anything is written; names and
// strings from the .rnn file enter the program only as escaped literals, comments, or checked
// identifiers (python-text.ts), and characters no name should hold are refused (E0901).

import type { CheckedLayer, CheckedModel, TrainConfig, ValueRef } from '../../compiler/ir.ts';
import { formatShape, type ValueType } from '../../compiler/tensor-type.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { diagnostic } from '../../diagnostics/make.ts';
import type { SourceText } from '../../source/text.ts';
import { adaptedOn, adaptsOnData } from '../../compiler/layers/preprocessing.ts';
import { buildModelJson } from '../../runtime/save/model-json.ts';
import { modelTopology } from '../../runtime/save/topology.ts';
import { RNNC_VERSION } from '../../runtime/save/version.ts';
import { weightEntries } from '../../runtime/save/weights-file.ts';
import { refusedModel, type EmitResult } from '../preflight.ts';
import { initializerValue, isTrainable, planLayer, type LayerPlan, type RnnPlan } from './layers.ts';
import { IMPORTS, IO_PART, LAYERS_PART, TRAINING_PART } from './library.ts';
import { pyComment, pyIdentifier, pyLiteral, pyNumber, pyString } from './python-text.ts';
import { planTrain, type TrainPlan } from './train-plan.ts';

export interface PytorchOptions {
  /** The .rnn file's path from the folder the program goes to, with forward slashes. */
  readonly rnnPath: string;
  /** The program's file name, for its opening comment: `next_number.py`. */
  readonly programName: string;
}


/** The first line of every emitted Python program: what tells one from a file of the user's. */
export const PYTHON_OPENING = /^# .*: a PyTorch program that trains the model `\w+` of .*, written by `rnnc build --target pytorch`/;

/** What model.json records as the weights' checksum until the program fills it in. */
const CHECKSUM_PLACEHOLDER = '0'.repeat(64);

export function emitPytorch(model: CheckedModel, source: SourceText, options: PytorchOptions): EmitResult {
  const refusedAtOnce = refusedModel(model, source);
  if (refusedAtOnce.length) return { ok: false, diagnostics: refusedAtOnce };
  const train = model.train!;
  const refused: Diagnostic[] = [];
  const plans = model.nodes.map((node) => {
    const plan = adaptsLater(model, node) ? notAdaptable(node.layer) : planLayer(node.layer);
    if ('refused' in plan) {
      refused.push(diagnostic('E0903', plan.layer.range, plan.message, { label: `${plan.layer.type} cannot be emitted for PyTorch`, hint: plan.hint }));
      return null;
    }
    return plan;
  });
  const trainPlan = planTrain(model, train);
  if ('refused' in trainPlan) refused.push(diagnostic('E0904', train.range, trainPlan.message, { hint: trainPlan.hint }));
  if (refused.length || 'refused' in trainPlan) return { ok: false, diagnostics: refused };

  const fileLabel = options.rnnPath.split('/').pop() ?? options.rnnPath;
  const text = [
    opening(model, fileLabel, options.programName),
    IMPORTS,
    banner(`The model \`${model.name}\`, written for ${pyComment(fileLabel)}`),
    modelClass(model, plans as LayerPlan[], source, fileLabel),
    settings(model, train, trainPlan, source, options),
    banner("Keras's layers and cells, for PyTorch (the same in every program rnnc build writes)"),
    LAYERS_PART,
    banner("Training: Keras's losses, metrics, optimizers and fit loop, in one process or many"),
    TRAINING_PART,
    banner('Data, saving, and the command line'),
    IO_PART,
  ].join('\n\n\n');
  return { ok: true, text: text + '\n' };
}

/** A Normalization that computes its statistics from the data, but from no data rnnc adapts it on. */
const adaptsLater = (model: CheckedModel, node: CheckedModel['nodes'][number]) => node.layer.type === 'Normalization' && adaptsOnData(node.layer) && adaptedOn(model, node) === null;

/** As rnnc train (E0518): a Normalization is adapted on the model input it reads, or inverting, on the targets of the output it gives. */
const notAdaptable = (layer: CheckedLayer) => ({
  refused: true as const,
  layer,
  message: `Normalization layer \`${layer.name}\` needs its mean and variance, and they can be computed only for a Normalization on a model input, or an inverting one that gives a model output`,
  hint: "put the Normalization first, directly on the model's input (or, inverting, last), or give it mean=… and variance=…",
});

const banner = (title: string) => `# ${'='.repeat(98)}\n# ${title}\n# ${'='.repeat(98)}`;

function opening(model: CheckedModel, fileLabel: string, programName: string): string {
  const prog = pyComment(programName);
  return [
    `# ${prog}: a PyTorch program that trains the model \`${model.name}\` of ${pyComment(fileLabel)}, written by \`rnnc build --target pytorch\` (rnnc ${RNNC_VERSION}).`,
    '#',
    '# It needs Python 3 with torch and numpy, and nothing of rnnc:',
    '#',
    `#   python3 ${prog} [--x X.npy --y Y.npy] [--epochs N] [--batch-size N] [--seed N] [--init DIR] [--out DIR] [--log FILE]`,
    `#   torchrun --nproc_per_node N ${prog} ...    (DistributedDataParallel: gloo on CPU, NCCL with --device cuda)`,
    '#',
    '# It trains with Keras 3\'s semantics, as `rnnc train` does: Keras\'s gate orders and activations, its',
    '# masking, its losses, metrics and optimizer defaults (Adam\'s epsilon is 1e-7), validation_split\'s last',
    '# fraction, the same line per epoch and the same --log keys. From the same weights (--init DIR, which',
    '# `rnnc train --epochs 0 --out DIR` writes) it computes the same losses to float32 rounding; under',
    '# torchrun every process takes a share of the same global batches, so N processes train to the',
    '# weights one process does. --out saves the TensorFlow.js Layers files `rnnc train --out` writes,',
    '# which `rnnc predict` and `rnnc evaluate` read. `--help` lists the options.',
  ].join('\n');
}

// ---- the model ----------------------------------------------------------------------------------

const lastDim = (t: ValueType | undefined): number => (t && t.kind === 'tensor' ? (t.shape[t.shape.length - 1] ?? 0) : 0);
const shapeOf = (t: ValueType | undefined): string => (t && t.kind === 'tensor' ? formatShape(t.shape) : '?');
const py = (b: boolean) => (b ? 'True' : 'False');
const pyAct = (name: string | null) => (name === null ? 'None' : pyString(name));

function cellCode(rnn: RnnPlan, features: number): string {
  const args = [String(features), String(rnn.units), pyAct(rnn.activation), pyAct(rnn.recurrentActivation), py(rnn.useBias)];
  if (rnn.cell === 'GRU') args.push(py(rnn.resetAfter));
  return `${rnn.cell}Cell(${args.join(', ')})`;
}

/** Recurrent(cell, …) with the arguments that differ from Keras's defaults. */
function recurrentCode(rnn: RnnPlan, features: number): string {
  const kw: string[] = [];
  if (rnn.returnSequences) kw.push('return_sequences=True');
  if (rnn.returnState) kw.push('return_state=True');
  if (rnn.goBackwards) kw.push('go_backwards=True');
  if (rnn.zeroOutputForMask) kw.push('zero_output_for_mask=True');
  if (rnn.dropout) kw.push(`dropout=${pyNumber(rnn.dropout)}`);
  if (rnn.recurrentDropout) kw.push(`recurrent_dropout=${pyNumber(rnn.recurrentDropout)}`);
  return `Recurrent(${[cellCode(rnn, features), ...kw].join(', ')})`;
}

function constructorCode(plan: LayerPlan, layer: CheckedLayer): string {
  const features = lastDim(layer.inputTypes[0]);
  switch (plan.kind) {
    case 'Dense':
      return `Dense(${features}, ${plan.units}, ${pyAct(plan.activation)}, use_bias=${py(plan.useBias)})`;
    case 'TimeDistributed':
      return `Dense(${features}, ${plan.inner.units}, ${pyAct(plan.inner.activation)}, use_bias=${py(plan.inner.useBias)})  # TimeDistributed(Dense): Dense acts on the last axis`;
    case 'Embedding':
      return `Embedding(${plan.inputDim}, ${plan.outputDim}, mask_zero=${py(plan.maskZero)})`;
    case 'Masking':
      return `Masking(${pyNumber(plan.maskValue)})`;
    case 'Dropout':
      return `Dropout(${pyNumber(plan.rate)})`;
    case 'RepeatVector':
      return `RepeatVector(${plan.n})`;
    case 'Normalization': {
      const t = layer.inputTypes[0];
      const rank = t && t.kind === 'tensor' ? t.shape.length : 0;
      // The axis counted from the front, batch axis 0 (None: one mean and variance for every value).
      const axis = plan.axis === null ? null : plan.axis < 0 ? rank + plan.axis : plan.axis;
      const size = axis === null || !t || t.kind !== 'tensor' ? null : t.shape[axis];
      const stats = plan.mean === null ? '' : `, mean=${pyLiteral(plan.mean)}, variance=${pyLiteral(plan.variance)}`;
      return `Normalization(${axis === null ? 'None' : axis}, ${size ?? 'None'}${stats}${plan.invert ? ', invert=True' : ''})`;
    }
    case 'Recurrent':
      return recurrentCode(plan.rnn, features);
    case 'Bidirectional':
      return `Bidirectional(\n            ${recurrentCode(plan.forward, features)},\n            ${recurrentCode(plan.backward, features)},\n            ${pyLiteral(plan.merge)},\n        )`;
  }
}

/** Where each of the layer's weights lives in its module, in the registry's (Keras's) order. */
function weightPaths(plan: LayerPlan): string[] {
  const cell = (prefix: string, useBias: boolean) => [`${prefix}cell.kernel`, `${prefix}cell.recurrent_kernel`, ...(useBias ? [`${prefix}cell.bias`] : [])];
  switch (plan.kind) {
    case 'Dense':
      return ['kernel', ...(plan.useBias ? ['bias'] : [])];
    case 'TimeDistributed':
      return ['kernel', ...(plan.inner.useBias ? ['bias'] : [])];
    case 'Embedding':
      return ['embeddings'];
    case 'Normalization':
      return plan.mean === null ? ['mean', 'variance', 'count'] : [];
    case 'Recurrent':
      return cell('', plan.rnn.useBias);
    case 'Bidirectional':
      return [...cell('forward_layer.', plan.forward.useBias), ...cell('backward_layer.', plan.backward.useBias)];
    default:
      return [];
  }
}

function modelClass(model: CheckedModel, plans: readonly LayerPlan[], source: SourceText, fileLabel: string): string {
  const taken = new Set<string>();
  /** An identifier whose `_out` and `_mask` variables are free too. */
  const name = (wanted: string, fallback: string) => {
    for (;;) {
      const id = pyIdentifier(wanted, taken, fallback);
      if (!taken.has(`${id}_out`) && !taken.has(`${id}_mask`)) {
        taken.add(`${id}_out`);
        taken.add(`${id}_mask`);
        return id;
      }
    }
  };
  const inputs = model.inputs.map((i) => name(i.name, 'x'));
  const ids = model.nodes.map((n) => name(n.layer.name, 'layer'));
  const value = (ref: ValueRef) => (ref.node < 0 ? inputs[ref.index]! : `${ids[ref.node]}_out[${ref.index}]`);
  const mask = (ref: ValueRef) => (ref.node < 0 ? 'None' : `${ids[ref.node]}_mask[${ref.index}]`);
  const line = (at: number) => source.position(at).line;

  const init: string[] = [];
  const forward: string[] = [];
  const adapt: string[] = [];
  const weights: string[] = [];
  model.nodes.forEach((node, i) => {
    const layer = node.layer;
    const plan = plans[i]!;
    const id = ids[i]!;
    const shapes = `${layer.inputTypes.map(shapeOf).join(', ')} -> ${layer.outputTypes.map(shapeOf).join(', ')}`;
    init.push(`        # ${pyComment(layer.name)}: ${layer.type}, ${pyComment(fileLabel)} line ${line(layer.range.start)}, ${shapes}`);
    init.push(`        self.${id} = ${constructorCode(plan, layer)}`);
    if (!isTrainable(layer)) init.push(`        self.${id}.requires_grad_(False)  # trainable=false`);
    const source = adaptsOnData(layer) ? adaptedOn(model, node) : null;
    if (source) adapt.push(`        self.${id}.adapt(${source.from === 'input' ? 'inputs' : 'targets'}[${source.index}])`);
    const args = [value(node.inputs[0]!), mask(node.inputs[0]!)];
    if (node.initialState?.length) args.push(`initial_state=[${node.initialState.map(value).join(', ')}]`);
    forward.push(`        ${id}_out, ${id}_mask = self.${id}(${args.join(', ')})`);
    const paths = weightPaths(plan);
    if (paths.length !== layer.weights.length) throw new Error(`rnnc build: ${layer.type} ${layer.name} has ${layer.weights.length} weights, the program ${paths.length}`);
    layer.weights.forEach((w, k) => {
      weights.push(`            (${pyString(`${layer.name}/${w.name}`)}, self.${id}.${paths[k]}, ${pyLiteral(initializerValue(w.initializer))}),`);
    });
  });
  const outputMasks = model.outputs.map((ref, k) => {
    const t = model.outputTypes[k];
    return t && t.kind === 'tensor' && t.masked ? mask(ref) : 'None';
  });
  return [
    'class Model(nn.Module):',
    `    """The model ${pyComment(model.name)} of ${pyComment(fileLabel)}: ${model.nodes.length} layer${model.nodes.length === 1 ? '' : 's'}, ${model.params.trainable + model.params.nonTrainable} parameters."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...init,
    '',
    '    def forward(self, inputs):',
    '        """The outputs and their masks (None: no mask), from the inputs in the order INPUTS lists them."""',
    `        ${inputs.join(', ')}, = inputs`,
    ...forward,
    `        return [${model.outputs.map(value).join(', ')}], [${outputMasks.join(', ')}]`,
    '',
    '    def keras_weights(self):',
    '        """Each weight under its Keras name, with its initializer, in the order model.json lists them."""',
    '        return [',
    ...weights,
    '        ]',
    '',
    '    def adapt(self, inputs, targets):',
    `        """Keras's Normalization.adapt() on the training inputs (or an inverting one's targets), for each Normalization not given its mean and variance."""`,
    ...(adapt.length ? adapt : ['        pass']),
    '',
    '    def initialize(self):',
    '        """Draw every weight from its Keras initializer."""',
    '        with torch.no_grad():',
    '            for _, weight, initializer in self.keras_weights():',
    '                weight.copy_(initial_value(weight.shape, initializer))',
  ].join('\n');
}

// ---- the train block and what a saved model records ---------------------------------------------

function settings(model: CheckedModel, train: TrainConfig, plan: TrainPlan, source: SourceText, options: PytorchOptions): string {
  const inputs = model.inputs.map((i) => ({ name: i.name, shape: i.type.shape.slice(1), dtype: i.type.dtype }));
  const outputs = model.outputTypes.map((t) => ({ shape: t.kind === 'tensor' ? t.shape.slice(1) : null }));
  const modelJson = buildModelJson(modelTopology(model), weightEntries(model), {
    version: RNNC_VERSION,
    source: source.text,
    model: model.name,
    weightsSha256: CHECKSUM_PLACEHOLDER,
  });
  const slash = options.rnnPath.lastIndexOf('/');
  const rnnDir = slash < 0 ? '.' : options.rnnPath.slice(0, slash) || '/';
  const trainLines = [
    `    "loss": ${pyLiteral(plan.loss)},`,
    `    "optimizer": ${pyLiteral(plan.optimizer)},`,
    `    "epochs": ${train.epochs},`,
    `    "batch_size": ${train.batchSize},`,
    `    "validation_split": ${pyNumber(train.validationSplit)},`,
    `    "shuffle": ${py(train.shuffle)},`,
    `    "seed": ${pyLiteral(train.seed)},`,
    `    "data": ${pyLiteral(train.data)},`,
  ];
  return [
    `MODEL_NAME = ${pyString(model.name)}`,
    '',
    '# The inputs (shapes without the batch axis; None: any length) and outputs the data must fit.',
    `INPUTS = ${pyLiteral(inputs)}`,
    `OUTPUTS = ${pyLiteral(outputs)}`,
    '',
    `# The train block, ${pyComment(options.rnnPath.split('/').pop() ?? '')} line ${source.position(train.range.start).line}, every default filled in. Paths in data are relative to RNN_DIR.`,
    'TRAIN = {',
    ...trainLines,
    '}',
    '# Each metric: its key in the logs (as written) and what it computes.',
    `METRICS = ${pyLiteral(plan.metrics)}`,
    '# Each callback: its Keras class and arguments. ModelCheckpoint paths are relative to RNN_DIR.',
    `CALLBACKS = ${pyLiteral(plan.callbacks)}`,
    `RNN_DIR = ${pyString(rnnDir)}  # the .rnn file's folder, from this program's`,
    '',
    "# model.json as rnnc train --out writes it for this model (the topology TensorFlow.js reads, the",
    "# weights manifest, the .rnn source); save_model fills in the weights' checksum.",
    `MODEL_JSON = ${pyString(JSON.stringify(modelJson))}`,
  ].join('\n');
}
