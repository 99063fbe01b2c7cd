// `rnnc build`'s back end: a checked model in, one TypeScript file out — a program that trains the
// model with no rnnc installed. The program is two halves:
//   - generated from the model (model-code.ts, train-code.ts): its layers and train block as
//     literals, one function per layer kind, the forward and backward passes written out;
//   - copied from rnnc's own source (extract.ts): the kernels of those layer kinds, the loss,
//     optimizer, metrics and callbacks the train block names, Keras's fit loop, the data readers,
//     the savers, and the program's main (./program). Because the code that computes is rnnc's,
//     the program trains to rnnc's numbers, and rnnc's speed-ups reach it with the next build.
// Names and strings of the .rnn file reach the program only as escaped literals, or as
// identifiers that are checked or mangled (text.ts); characters no name should hold are refused
// with E0901 before anything is written.

import { basename } from 'node:path';
import { ts } from 'ts-morph';
import type { CheckedModel, TrainConfig } from '../compiler/ir.ts';
import { trainFlags } from '../compiler/train-spec.ts';
import { LOSSES, METRICS, OPTIMIZERS } from '../compiler/vocab/index.ts';
import { lookupIn, type Vocab } from '../compiler/vocab/vocab.ts';
import type { SourceText } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { refusedModel, type EmitResult } from './preflight.ts';
import { tfjsNotes } from '../runtime/save/tfjs-notes.ts';
import { modelTopology } from '../runtime/save/topology.ts';
import { RNNC_VERSION } from '../runtime/save/version.ts';
import { tfjsVersions } from '../runtime/tfjs-versions.ts';
import { declKey, extract, readTable, type DeclKey, type ExtractionPlan } from './extract.ts';
import { modelUses, PROGRAM_BACKEND, type ModelUses } from './uses.ts';
import { layerKeys, lineOf, modelCode, modelRoots } from './model-code.ts';
import { sourceProject, type SourceProject } from './source-project.ts';
import { FFLATE_VERSION, PROTOBUFJS_VERSION } from './project.ts';
import { extrasCode, extrasOf, extrasRefs, hasExtras, ONNX_FLAG } from './extras-code.ts';
import { onnxRefusals } from '../interop/onnx/plan.ts';
import { commentText } from './text.ts';
import { settingComment, TRAIN_TYPES, trainCode } from './train-code.ts';
import { loopCode, loopRefs } from './loop-code.ts';
import { adaptsOnData } from '../compiler/layers/preprocessing.ts';
import { fixedBatch } from '../compiler/sequence-training.ts';
import { DECODE_REDIRECTS, decodeCode, GENERATION_PART, generatesFromNpz, generationUsage, mainOf, sourceReaders } from './generate-code.ts';

export interface EmitOptions {
  /** The .rnn file's path from the folder the program goes to, with forward slashes. */
  readonly rnnPath: string;
  /** The program's file name, for its opening comment: `next_number.ts`. */
  readonly programName: string;
  /** `rnnc build --onnx`: the program takes `--onnx FILE` and writes the trained model as ONNX. */
  readonly onnx?: boolean;
}

export type { EmitResult };

const PROGRAM = 'src/emit/program';
const program = (file: string, name: string) => declKey(`${PROGRAM}/${file}.ts`, name);
const runtime = (file: string, name: string) => declKey(`src/runtime/${file}.ts`, name);

/** What the generated code defines, declared for the copied code in program/generated.ts. */
const GENERATED = ['MODEL', 'SOURCE', 'RNN_PATH', 'RNNC_VERSION', 'FLAGS', 'LOSSES', 'OPTIMIZERS', 'METRICS', 'createWeights', 'forward', 'backward', 'train', 'modelTopology', 'tfjsNotes', 'OUTPUT_TYPES'];

/** rnnc declarations the program replaces: the IR's types by slimmer ones, the compiler's
 *  vocabularies and the saved model's fixed parts by what the generated code writes. */
const REDIRECTS: readonly (readonly [DeclKey, DeclKey])[] = [
  ...['CheckedModel', 'CheckedLayer', 'IRNode', 'ModelInput', 'TrainConfig'].map((n) => [declKey('src/compiler/ir.ts', n), program('ir', n)] as const),
  [declKey('src/compiler/layers/layer-def.ts', 'ArgSpec'), program('ir', 'ArgSpec')],
  [declKey('src/compiler/vocab/losses.ts', 'LOSSES'), program('generated', 'LOSSES')],
  [declKey('src/compiler/vocab/optimizers.ts', 'OPTIMIZERS'), program('generated', 'OPTIMIZERS')],
  [declKey('src/compiler/vocab/metrics.ts', 'METRICS'), program('generated', 'METRICS')],
  [runtime('save/version', 'RNNC_VERSION'), program('generated', 'RNNC_VERSION')],
  [runtime('save/topology', 'modelTopology'), program('generated', 'modelTopology')],
  [runtime('save/tfjs-notes', 'tfjsNotes'), program('generated', 'tfjsNotes')],
  [runtime('model/weights', 'createWeights'), program('generated', 'createWeights')],
  [runtime('model/graph', 'forward'), program('generated', 'forward')],
  [runtime('model/graph', 'backward'), program('generated', 'backward')],
  [runtime('data/concrete-shape', 'concreteOutput'), program('overrides', 'concreteOutput')],
  [declKey('src/diagnostics/codes.ts', 'Code'), program('overrides', 'Code')],
  [declKey('src/diagnostics/text-width.ts', 'textWidth'), program('overrides', 'textWidth')],
  [declKey('src/compiler/layers/registry.ts', 'LayerType'), program('overrides', 'LayerType')],
  [declKey('src/compiler/layers/registry.ts', 'ConfigOfType'), program('overrides', 'ConfigOfType')],
  [declKey('src/compiler/ir.ts', 'CheckedLayerOf'), program('overrides', 'CheckedLayerOf')],
  ...DECODE_REDIRECTS,
  // The ONNX export (rnnc build --onnx) without what only the checker knows: program/onnx.ts.
  [declKey('src/interop/onnx/plan.ts', 'onnxRefusals'), program('onnx', 'onnxRefusals')],
  [declKey('src/interop/onnx/export.ts', 'outputTypeOf'), program('onnx', 'outputTypeOf')],
];

/** The runtime's tables of named entries, kept to what the model uses. */
const TABLES = {
  nonRecurrent: runtime('layers/non-recurrent', 'NON_RECURRENT_KERNELS'),
  recurrent: runtime('layers/recurrent/index', 'RECURRENT_KERNELS'),
  recurrentPaths: runtime('layers/recurrent/driver', 'PATHS'),
  opsCells: runtime('layers/recurrent/ops/run', 'CELLS'),
  plans: runtime('layers/recurrent/fused/run', 'PLANS'),
  lstmForwardCells: runtime('layers/recurrent/cells/lstm/sequence', 'FORWARD_CELLS'),
  lstmBackwardCells: runtime('layers/recurrent/cells/lstm/sequence', 'BACKWARD_CELLS'),
  gruCells: runtime('layers/recurrent/cells/gru/sequence', 'GRU_CELLS'),
  simpleRnnCells: runtime('layers/recurrent/cells/simple-rnn/sequence', 'SIMPLE_RNN_CELLS'),
  simdFunctions: runtime('kernels/wasm-simd', 'SIMD_FUNCTIONS'),
  memories: runtime('kernels/heap', 'MEMORIES'),
  activations: runtime('activations', 'ACTIVATIONS'),
  initializers: runtime('initializers', 'DRAWS'),
  regularizers: runtime('regularizers', 'REGULARIZERS'),
  losses: runtime('train/losses', 'BUILDERS'),
  meanMetrics: runtime('train/metrics', 'MEAN_METRICS'),
  updateRules: runtime('train/optimizers/rules', 'UPDATE_RULES'),
  schedules: runtime('train/schedules', 'SCHEDULES'),
  dataReaders: runtime('data/load', 'ARRAY_READERS'),
  dataLayouts: runtime('data/load', 'LAYOUTS'),
};
const SWITCHES = { metrics: runtime('train/metrics', 'makeMetric'), callbacks: runtime('train/callbacks', 'makeCallback') };

const MAIN = program('main', 'main');

/** The parts of the copied code, in the order the program shows them, by the files they come from. */
const PARTS: readonly { readonly title: string; readonly files: RegExp }[] = [
  { title: 'The program: its main, its command line, and how it reports a mistake', files: /^src\/(emit\/program\/(main|command-line)|console\/(?!generate-)|runtime\/errors)/ },
  { title: "The model's types, and the few pieces of rnnc's compiler the rest reads", files: /^src\/(compiler|diagnostics|parser|source)\/|^src\/emit\/program\/(ir|overrides)/ },
  { title: "The network: the layers' kernels, their weights, their randomness", files: /^src\/(runtime\/(model|layers|kernels)\/|runtime\/(activations|initializers|regularizers|rng|tf)\.ts|emit\/program\/graph)/ },
  { title: "Training: Keras's fit loop, the loss, the optimizer, metrics and callbacks", files: /^src\/runtime\/train\// },
  { title: 'Data: reading .npy, JSON Lines, CSV and IDX files, checked against the model', files: /^src\/runtime\/data\// },
  { title: 'Saving: the TensorFlow.js Layers format, written atomically', files: /^src\/runtime\/save\// },
  GENERATION_PART,
  { title: 'More of rnnc', files: /./ },
];
const partOf = (file: string) => PARTS.findIndex((p) => p.files.test(file));

// fflate: the .npz reader's unzip, copied only into a program whose train block names an archive;
// protobufjs: the ONNX writer's, only into a program built with --onnx.
const PACKAGES = new Set(['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', 'fflate', 'protobufjs/light.js']);
const allowedImport = (module: string) => PACKAGES.has(module) || module.startsWith('node:');

export function emitProgram(model: CheckedModel, source: SourceText, options: EmitOptions): EmitResult {
  const refused = refusedModel(model, source);
  if (refused.length) return { ok: false, diagnostics: refused };
  // The ONNX export's refusals (E0906) now, not after training.
  if (options.onnx) {
    const refusedOnnx = onnxRefusals(model);
    if (refusedOnnx.length) return { ok: false, diagnostics: refusedOnnx };
  }
  const extras = extrasOf(model, options.onnx === true);
  const train = model.train!;
  if (train.workers > 1) {
    return {
      ok: false,
      diagnostics: [
        diagnostic('E0725', train.range, `the TypeScript program trains on one thread, so it cannot emit workers = ${train.workers}`, {
          hint: 'train with `rnnc train`, which runs the workers, or build from a block with workers = 1',
        }),
      ],
    };
  }
  const trained = { ...model, train } as CheckedModel & { readonly train: TrainConfig };
  const src = sourceProject();
  const uses = modelUses(model);
  const adapts = model.nodes.some((n) => adaptsOnData(n.layer));
  const hasText = model.nodes.some((n) => n.layer.type === 'TextVectorization');
  const stateful = fixedBatch(model) !== null;
  const kernels = kernelTable(src);
  const kernelOf = (type: string) => kernels.get(type) ?? null;
  const main = mainOf(model, MAIN);
  const { plan, losses } = extractionPlan(src, uses, model, [main, ...modelRoots(model, kernelOf), ...Object.values(TRAIN_TYPES), ...loopRefs(train, adapts, hasText, stateful), ...extrasRefs(extras)]);
  const x = extract(src, plan);

  const fileLabel = basename(source.path);
  const taken = new Set([...x.names, ...GENERATED, 'programExtras', 'LAYERS', 'TRAIN', 'DECODE']);
  const context = { model: trained, source, fileLabel, nameOf: x.nameOf.bind(x), taken };
  const modelPart = modelCode({ ...context, kernelOf });
  const trainPart = trainCode({
    ...context,
    layerKeys: layerKeys(model),
    flags: [...trainFlags('program'), ...(extras.onnx ? [ONNX_FLAG] : [])],
    vocabularies: {
      LOSSES: entries(LOSSES, losses),
      OPTIMIZERS: entries(OPTIMIZERS, [uses.optimizer]),
      METRICS: entries(METRICS, train.metrics),
    },
    rnnPath: options.rnnPath,
    rnncVersion: RNNC_VERSION,
    topology: modelTopology(model),
    notes: tfjsNotes(model),
  });
  const loopPart = loopCode({
    train,
    nameOf: x.nameOf.bind(x),
    setting: (name) => settingComment({ ...context, source }, name),
    blockLine: lineOf(context, train.range),
    adapts,
    text: hasText,
    stateful,
  });

  const extrasPart = extrasCode({ model, extras, nameOf: x.nameOf.bind(x), lineOf: (layer) => lineOf(context, layer.range) });

  const text = [
    opening(model, fileLabel, options.programName, uses.dataLayouts.has('archive') || generatesFromNpz(model), extras.onnx),
    x.imports,
    banner(`The model \`${model.name}\`, ${commentText(fileLabel)}:${source.position(model.range.start).line}`),
    modelPart.trimEnd(),
    // Before MODEL, which holds it.
    ...(model.decode ? [banner('Generation: the decode block'), decodeCode({ ...context, model: { ...model, decode: model.decode } }).trimEnd()] : []),
    banner(`Training: the train block, and what saved models record`),
    trainPart.trimEnd(),
    loopPart.trimEnd(),
    ...(extrasPart ? [extrasPart.trimEnd()] : []),
    ...x.sections.flatMap((s, i) => {
      const part = partOf(s.file);
      const section = [`// ---- rnnc/${s.file} ${'-'.repeat(Math.max(3, 90 - s.file.length))}`, s.header.trimEnd(), '', s.declarations.join('\n\n')].join('\n');
      return i > 0 && partOf(x.sections[i - 1]!.file) === part ? [section] : [banner(`${PARTS[part]!.title} (copied from rnnc)`), section];
    }),
    banner('Run'),
    `${x.nameOf(main)}(process.argv.slice(2)${hasExtras(extras) ? ', programExtras' : ''}).then((code) => {\n  process.exitCode = code;\n});`,
  ].join('\n\n');
  assertParses(text);
  return { ok: true, text: text.endsWith('\n') ? text : text + '\n' };
}

/** The first line of every emitted program: what tells one from a file of the user's. */
export const PROGRAM_OPENING = /^\/\/ .*: a program that trains the model `\w+` of .*, written by `rnnc build`/;

function opening(model: CheckedModel, fileLabel: string, programName: string, readsNpz: boolean, onnx: boolean): string {
  const file = commentText(fileLabel);
  const prog = commentText(programName);
  // The exact versions rnnc runs on: the copied kernels call tfjs-backend-wasm's internals. A
  // program whose train block names an .npz archive, or that generates from one, reads it with
  // fflate's unzip; one built with --onnx writes ONNX's protobuf messages with protobufjs.
  const packages = [...Object.entries(tfjsVersions()).map(([name, version]) => `${name}@${version}`), ...(readsNpz ? [`fflate@${FFLATE_VERSION}`] : []), ...(onnx ? [`protobufjs@${PROTOBUFJS_VERSION}`] : [])];
  const count = ['two', 'three', 'four'][packages.length - 2] ?? String(packages.length);
  return [
    `// ${prog}: a program that trains the model \`${model.name}\` of ${file}, written by \`rnnc build\` (rnnc ${RNNC_VERSION}).`,
    `// It needs Node 20 and ${count} packages, and nothing of rnnc. In its folder:`,
    '//',
    `//   npm install ${packages.join(' ')} tsx`,
    `//   npx tsx ${prog} [--x X --y Y | --data FILE] [--epochs N] [--batch-size N] [--seed N] [--out DIR] [--log FILE]${onnx ? ' [--onnx FILE]' : ''}`,
    ...generationUsage(model, prog, file),
    '//',
    '// (`rnnc build --project DIR` writes that folder ready to run: the program, its package.json and',
    '// the program compiled to JavaScript, for `npm install && node PROGRAM.js`.)',
    '//',
    `// It trains as \`rnnc train ${file}\` does, to the same numbers for the same seed, printing the same lines`,
    "// and saving the same TensorFlow.js Layers files, because the code that computes is rnnc's own. First",
    '// comes what is written for this model: its layers (LAYERS), its weights as named variables',
    '// (createWeights), one function per layer kind, the forward and backward passes, the train block',
    "// (TRAIN) and the training loop (train). Then, copied from rnnc's source and cut to what this model",
    "// uses: the program's main and command line, the model's types, the network's kernels, the loss,",
    "// optimizer and metrics, the readers of the train block's data formats, saving — each file under its",
    "// name in rnnc. `--help` lists the options. It is an ES module for Node 20, as rnnc",
    '// is: in a package of "type": "module", `tsc --strict --noEmit --target es2022 --module nodenext` accepts it.',
  ].join('\n');
}

const banner = (title: string) => `// ${'='.repeat(98)}\n// ${title}\n// ${'='.repeat(98)}`;

/** The entries of `vocab` named (by any spelling) in `names`, in the vocabulary's order. */
function entries(vocab: Vocab, names: readonly string[]): Vocab {
  const wanted = new Set(names.map((n) => lookupIn(vocab, n)).filter((e) => e !== undefined));
  return vocab.filter((e) => wanted.has(e));
}

/** Each layer type's kernel when the runtime's tables name it directly; null when they build it. */
function kernelTable(src: SourceProject): Map<string, DeclKey | null> {
  const out = new Map<string, DeclKey | null>();
  for (const key of [TABLES.nonRecurrent, TABLES.recurrent]) for (const e of readTable(src, key)) out.set(e.name, e.value);
  return out;
}

function extractionPlan(src: SourceProject, uses: ModelUses, model: CheckedModel, roots: readonly DeclKey[]): { plan: ExtractionPlan; losses: string[] } {
  // Metrics computed by a loss function (mae, binary_crossentropy, …) need that loss too.
  const metricLosses = readTable(src, TABLES.meanMetrics).filter((e) => uses.metrics.has(e.name)).flatMap((e) => e.strings);
  const losses = [...new Set([...uses.losses, ...metricLosses])];
  const tables = new Map<DeclKey, ReadonlySet<string>>([
    [TABLES.nonRecurrent, uses.layerTypes],
    [TABLES.recurrent, uses.layerTypes],
    [TABLES.recurrentPaths, uses.recurrent.paths],
    [TABLES.opsCells, uses.recurrent.opsCells],
    [TABLES.plans, uses.recurrent.plans],
    [TABLES.lstmForwardCells, uses.recurrent.forwardCells],
    [TABLES.lstmBackwardCells, uses.recurrent.backwardCells],
    [TABLES.gruCells, uses.recurrent.gruCells],
    [TABLES.simpleRnnCells, uses.recurrent.simpleRnnCells],
    [TABLES.simdFunctions, uses.recurrent.simdFunctions],
    [TABLES.memories, new Set([PROGRAM_BACKEND])],
    [TABLES.activations, uses.activations],
    [TABLES.initializers, uses.initializers],
    [TABLES.regularizers, uses.regularizers],
    [TABLES.losses, new Set(losses)],
    [TABLES.meanMetrics, uses.metrics],
    [TABLES.updateRules, new Set([uses.optimizer])],
    [TABLES.schedules, uses.schedules],
    [TABLES.dataReaders, uses.dataFormats],
    [TABLES.dataLayouts, uses.dataLayouts],
    ...sourceReaders(model),
  ]);
  const switches = new Map<DeclKey, ReadonlySet<string>>([
    [SWITCHES.metrics, uses.metrics],
    [SWITCHES.callbacks, uses.callbacks],
  ]);
  const provided = new Map(GENERATED.map((n) => [program('generated', n), n] as const));
  return {
    plan: { roots, provided, redirects: new Map(REDIRECTS), tables, switches, reserved: new Set(['LAYERS', 'TRAIN', 'DECODE', 'programExtras']), allowedImport, leftOut: program('overrides', 'leftOut'), fileRank: partOf },
    losses,
  };
}

/** A syntax error in the program would be rnnc's bug: fail the build rather than write it. */
function assertParses(text: string): void {
  const file = ts.createSourceFile('program.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  // The parser's own diagnostics: what `tsc` would report before looking at a single type.
  const errors = (file as unknown as { readonly parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (errors.length) {
    const first = errors[0]!;
    throw new Error(`rnnc build wrote a program that does not parse: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')} at offset ${first.start}`);
  }
}
