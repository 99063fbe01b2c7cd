// The generated `createWeights` of an emitted program: rnnc's src/runtime/model/weights.ts
// written out for one model, each weight a variable named after its Keras path (`lstm/kernel` is
// `lstm_kernel`), with its shape and initializer beside it. It forks and draws exactly as
// createWeights does for any model, so the program starts from rnnc's weights to the last bit.

import type { CodeBlockWriter } from 'ts-morph';
import { formatValue, isFn, type FnValue } from '../compiler/config-value.ts';
import { argumentOf, type CheckedModel } from '../compiler/ir.ts';
import { declKey, type DeclKey } from './extract.ts';
import { commentText, identifierFor, stringLiteral } from './text.ts';

export const WEIGHT_TYPES = {
  Rng: declKey('src/runtime/rng.ts', 'Rng'),
  createWeight: declKey('src/runtime/model/weights.ts', 'createWeight'),
  InitialWeights: declKey('src/runtime/model/weights.ts', 'InitialWeights'),
} as const;

/** Each node's weights' variable names, in the layer's weight order: `lstm_recurrent_kernel`. */
export function weightNames(model: CheckedModel, taken: Set<string>): string[][] {
  return model.nodes.map((node) => node.layer.weights.map((w) => identifierFor(`${node.layer.name}_${w.name}`.replace(/\//g, '_'), taken, 'weight')));
}

export interface WeightsCodeContext {
  readonly model: CheckedModel;
  readonly nameOf: (key: DeclKey) => string;
  /** Each node's key in LAYERS, its comment line (`lstm: LSTM(1, …), next_number.rnn:5`), its weights' names. */
  readonly layerKeys: readonly string[];
  readonly layerComments: readonly string[];
  readonly weightNames: readonly (readonly string[])[];
  /** Top-level names the function must not shadow. */
  readonly taken: ReadonlySet<string>;
}

export function writeCreateWeights(w: CodeBlockWriter, ctx: WeightsCodeContext): void {
  const t = (k: keyof typeof WEIGHT_TYPES) => ctx.nameOf(WEIGHT_TYPES[k]);
  const { model } = ctx;
  const locals = new Set([...ctx.taken, ...ctx.weightNames.flat(), '_model', 'seed']);
  const seedStream = identifierFor('seedStream', locals, 'stream');
  const streams = model.nodes.map((node) => identifierFor(`${node.layer.name}Stream`, locals, 'layerStream'));
  const inits = model.nodes.map((node) => identifierFor(`${node.layer.name}Init`, locals, 'layerInit'));

  w.writeLine('/**');
  w.writeLine(` * The weights of \`${model.name}\`, each a variable under Keras's name, drawn as \`rnnc train\` draws them:`);
  w.writeLine(' * every layer forks its own stream of the seed, in order; its initializers draw from a fork of that');
  w.writeLine(' * stream, one weight after another, and its dropout masks from the stream itself (or from its own');
  w.writeLine(' * `seed=`). Training changes these variables in place.');
  w.writeLine(' */');
  w.write(`function createWeights(_model: ${ctx.nameOf(declKey('src/emit/program/ir.ts', 'CheckedModel'))}, seed: number): ${t('InitialWeights')}`).block(() => {
    w.writeLine(`const ${seedStream} = new ${t('Rng')}(seed);`);
    model.nodes.forEach((node, n) => {
      w.blankLine();
      w.writeLine(`// ${ctx.layerComments[n]}`);
      w.writeLine(`const ${streams[n]} = ${seedStream}.fork();`);
      if (!node.layer.weights.length) {
        // The fork moves the layer's stream on, as for a layer with weights: its masks must not change.
        w.writeLine(`${streams[n]}.fork(); // the initializers' stream, unused: the layer has no weights`);
        return;
      }
      w.writeLine(`const ${inits[n]} = ${streams[n]}.fork();`);
      node.layer.weights.forEach((spec, i) => {
        const shape = `(${spec.shape.join(', ')}${spec.shape.length === 1 ? ',' : ''})`;
        const frozen = spec.trainable ? '' : ', not trained';
        w.writeLine(`// ${commentText(`${node.layer.name}/${spec.name}`)} ${shape}: ${commentText(describe(spec.initializer))}${frozen}`);
        w.writeLine(`const ${ctx.weightNames[n]![i]} = ${t('createWeight')}(${stringLiteral(node.layer.name)}, LAYERS.${ctx.layerKeys[n]}.weights[${i}]!, ${n}, ${i}, ${inits[n]});`);
      });
    });
    w.blankLine();
    w.write('return ').inlineBlock(() => {
      w.write('weights: [').newLine();
      w.indent(() => ctx.weightNames.forEach((names) => w.writeLine(`[${names.join(', ')}],`)));
      w.writeLine('],');
      const rngs = model.nodes.map((node, n) => {
        const seed = argumentOf(node.layer, 'seed');
        return typeof seed === 'number' ? `new ${t('Rng')}(${seed})` : streams[n]!;
      });
      w.writeLine(`rngs: [${rngs.join(', ')}],`);
    });
    w.write(';').newLine();
  });
}

/** An initializer as the .rnn file would write it, arguments left at None omitted:
 *  `orthogonal(gain=1)`; unit_forget_bias spelled out. */
function describe(fn: FnValue): string {
  const inner = fn.args['inner'];
  if (fn.name === 'unit_forget_bias' && isFn(inner)) return `${describe(inner)}, then ones for the forget gate (unit_forget_bias)`;
  return formatValue({ ...fn, args: Object.fromEntries(Object.entries(fn.args).filter(([, v]) => v !== null)) });
}
