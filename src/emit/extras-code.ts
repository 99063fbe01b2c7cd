// The generated `programExtras` of an emitted program: what it does beside training, as `rnnc train`
// does it, for the models and builds that need it — an Embedding's pre-trained table
// (weights="table.npy") loaded over the drawn one, a TextVectorization's vocabulary file read from
// the .rnn file's folder, and, in a program built with `rnnc build --onnx`, the trained model
// written as ONNX (`--onnx FILE`). The program's main hands these to rnnc's training driver
// (src/emit/program/main.ts); a program that needs none of them has no programExtras, and carries
// none of the code they call.

import { CodeBlockWriter } from 'ts-morph';
import { argumentOf, wrappedLayers, type CheckedLayer, type CheckedModel } from '../compiler/ir.ts';
import type { Flag } from '../compiler/train-spec.ts';
import { declKey, type DeclKey } from './extract.ts';
import { commentText, literal } from './text.ts';

/** What the generated code calls, by what it calls them. */
export const EXTRAS_REFS = {
  TrainingRun: declKey('src/console/train-run.ts', 'TrainingRun'),
  ProgramFlags: declKey('src/emit/program/command-line.ts', 'ProgramFlags'),
  loadPretrainedTables: declKey('src/runtime/model/pretrained.ts', 'loadPretrainedTables'),
  setTextBaseDir: declKey('src/runtime/text/text-inputs.ts', 'setTextBaseDir'),
  OnnxFlags: declKey('src/emit/program/onnx.ts', 'OnnxFlags'),
  checkOnnxTarget: declKey('src/emit/program/onnx.ts', 'checkOnnxTarget'),
  writeOnnx: declKey('src/emit/program/onnx.ts', 'writeOnnx'),
  TensorType: declKey('src/compiler/tensor-type.ts', 'TensorType'),
} as const;

/** The flag of a program built with --onnx (beside trainFlags('program')). */
export const ONNX_FLAG: Flag = {
  name: '--onnx',
  key: 'onnx',
  value: 'file',
  doc: 'after training, write the model as ONNX (opset 14) to this file, as rnnc export would',
  commands: ['train'],
};

/** What of the program's extras a model and a build ask for. */
export interface Extras {
  /** Embeddings with weights="table.npy" (wrapped ones too: rnnc refuses those by name, E0519). */
  readonly tables: readonly CheckedLayer[];
  /** TextVectorizations with vocabulary="words.txt". */
  readonly vocabularies: readonly CheckedLayer[];
  /** Built with `rnnc build --onnx`. */
  readonly onnx: boolean;
}

export function extrasOf(model: CheckedModel, onnx: boolean): Extras {
  const layers: CheckedLayer[] = [];
  const visit = (layer: CheckedLayer): void => {
    layers.push(layer);
    wrappedLayers(layer).forEach(visit);
  };
  model.nodes.forEach((n) => visit(n.layer));
  return {
    tables: layers.filter((l) => l.type === 'Embedding' && typeof argumentOf(l, 'weights') === 'string'),
    vocabularies: layers.filter((l) => l.type === 'TextVectorization' && l.config.vocabulary !== null),
    onnx,
  };
}

export const hasExtras = (e: Extras): boolean => e.tables.length > 0 || e.vocabularies.length > 0 || e.onnx;

/** The roots of the copied code the extras call. */
export function extrasRefs(e: Extras): DeclKey[] {
  if (!hasExtras(e)) return [];
  const r = EXTRAS_REFS;
  return [r.TrainingRun, r.ProgramFlags, ...(e.tables.length ? [r.loadPretrainedTables] : []), ...(e.vocabularies.length ? [r.setTextBaseDir] : []), ...(e.onnx ? [r.OnnxFlags, r.checkOnnxTarget, r.writeOnnx, r.TensorType] : [])];
}

export interface ExtrasCodeContext {
  readonly model: CheckedModel;
  readonly extras: Extras;
  readonly nameOf: (key: DeclKey) => string;
  /** `m.rnn:3`: where a layer is in the .rnn file. */
  readonly lineOf: (layer: CheckedLayer) => string;
}

/** `programExtras` (and, for --onnx, OUTPUT_TYPES), or '' when the program needs neither. */
export function extrasCode(ctx: ExtrasCodeContext): string {
  const { extras: e } = ctx;
  if (!hasExtras(e)) return '';
  const r = (k: keyof typeof EXTRAS_REFS) => ctx.nameOf(EXTRAS_REFS[k]);
  const w = new CodeBlockWriter({ indentNumberOfSpaces: 2, useSingleQuote: true });
  if (e.onnx) {
    w.writeLine("/** Each node's output types, by node id, as rnnc's checker worked them out: the ONNX graph declares them. */");
    const types = Object.fromEntries(ctx.model.nodes.map((n) => [n.id, n.layer.outputTypes]));
    w.writeLine(`const OUTPUT_TYPES: Readonly<Record<number, readonly ${r('TensorType')}[]>> = ${literal(types, 2)};`);
    w.blankLine();
  }
  const pathOf = (layer: CheckedLayer, arg: 'weights' | 'vocabulary') => commentText(`${arg}=${JSON.stringify(argumentOf(layer, arg))}`);
  w.writeLine('/**');
  w.writeLine(" * What this program does beside training, as `rnnc train` does it; the program's main hands it to");
  w.writeLine(" * rnnc's training driver. Paths in the .rnn file are relative to its folder, `modelDir`.");
  w.writeLine(' */');
  const flagsType = e.onnx ? `${r('ProgramFlags')} & ${r('OnnxFlags')}` : r('ProgramFlags');
  const used = (name: string, yes: boolean) => (yes ? name : `_${name}`);
  w.write(`function programExtras(${used('flags', e.onnx)}: ${flagsType}, ${used('say', e.onnx)}: (line: string) => void): Pick<${r('TrainingRun')}, 'prepare' | 'afterTraining'>`).block(() => {
    w.write('return ').inlineBlock(() => {
      const files = e.tables.length + e.vocabularies.length > 0;
      w.write(`prepare(${used('net', files)}, ${used('modelDir', files)}) `).inlineBlock(() => {
        for (const layer of e.tables) w.writeLine(`// ${pathOf(layer, 'weights')} of Embedding \`${commentText(layer.name)}\` (${ctx.lineOf(layer)}): the table replaces the drawn one`);
        if (e.tables.length) w.writeLine(`${r('loadPretrainedTables')}(net, modelDir);`);
        for (const layer of e.vocabularies) w.writeLine(`// ${pathOf(layer, 'vocabulary')} of TextVectorization \`${commentText(layer.name)}\` (${ctx.lineOf(layer)}): read when training starts, never adapted`);
        if (e.vocabularies.length) w.writeLine(`${r('setTextBaseDir')}(net, modelDir);`);
        if (e.onnx) {
          w.writeLine('// --onnx FILE (rnnc build --onnx): a path it cannot be written to is refused now, not after the last epoch');
          w.writeLine(`${r('checkOnnxTarget')}(flags);`);
        }
      });
      w.write(',').newLine();
      if (e.onnx) {
        w.writeLine('// --onnx FILE: the trained model as the ONNX graph `rnnc export` writes');
        w.write('async afterTraining(_history, _seconds, net) ').inlineBlock(() => {
          w.writeLine(`${r('writeOnnx')}(net, flags, say);`);
        });
        w.write(',').newLine();
      }
    });
    w.write(';');
  });
  return w.toString();
}
