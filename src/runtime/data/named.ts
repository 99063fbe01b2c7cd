// Arrays for a model with several inputs or outputs, found by name, as Keras's fit takes
// `x={"src": …, "tgt": …}`: one file per input (output) keyed by its name, or the entries of an
// .npz archive named after the inputs and outputs. A model with one input also takes the entry
// `x`, and one with one output `y` (`np.savez("d.npz", x=x, y=y)`). A missing name or a name the
// model does not have is an E0627 / E0628 naming what the model has.

import type { CheckedModel } from '../../compiler/ir.ts';
import { outputNames } from '../../compiler/io-names.ts';

export { outputNames };
import { RnncError } from '../errors.ts';
import type { NdArray } from './nd-array.ts';

/** One path per input (or output) name: `{ src: "src.npy", tgt: "tgt.npy" }`. */
export type NamedFiles = Readonly<Record<string, string>>;

export function isNamedFiles(v: unknown): v is NamedFiles {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** Inputs are named as Keras names them: `name=` of Input(…), else `input_layer`, `input_layer_1`. */
const NAME_THEM = '; an input takes the name given by Input(…, name="src"), as in Keras';
const unnamed = (names: readonly string[]) => names.some((n) => /^input_layer(_\d+)?$/.test(n));

/** The files in the order of `names` (the model's inputs or outputs). */
export function filesByName(files: NamedFiles, names: readonly string[], what: 'input' | 'output', key: 'x' | 'y'): string[] {
  for (const given of Object.keys(files)) {
    if (!names.includes(given)) {
      throw new RnncError('E0628', `${key} names \`${given}\`, but the model has no ${what} of that name`, { context: 'data' }, `the model's ${what}s are ${list(names)}${what === 'input' && unnamed(names) ? NAME_THEM : ''}`);
    }
  }
  return names.map((name) => {
    const file = Object.hasOwn(files, name) ? files[name] : undefined;
    if (typeof file !== 'string') {
      throw new RnncError('E0627', `${key} gives no file for the model's ${what} \`${name}\``, { context: 'data' }, `give one file per ${what}: ${key} = { ${names.map((n) => `${n} = "${n}.npy"`).join(', ')} }`);
    }
    return file;
  });
}

/** The arrays of an .npz archive for the model: its inputs', and its outputs' when `withLabels`. */
export function archiveArrays(
  entries: ReadonlyMap<string, NdArray>,
  file: string,
  model: CheckedModel,
  withLabels: boolean,
): { x: NdArray[]; ys?: NdArray[]; xFiles: string[]; yFiles?: string[] } {
  const inputs = model.inputs.map((i) => i.name);
  const outputs = outputNames(model);
  const known = new Set([...inputs, ...outputs, ...(inputs.length === 1 ? ['x'] : []), ...(outputs.length === 1 ? ['y'] : [])]);
  for (const key of entries.keys()) {
    if (!known.has(key)) {
      throw new RnncError('E0628', `${file} holds the array \`${key}\`, which is no input or output of the model`, file, `the archive's arrays are named after the model's inputs (${list(inputs)}) and outputs (${list(outputs)})${unnamed(inputs) ? NAME_THEM : ''}`);
    }
  }
  const find = (name: string, alias: string | undefined) => (entries.has(name) ? name : alias !== undefined && entries.has(alias) ? alias : undefined);
  const shown = (key: string) => `${file}[${key}.npy]`;
  const xKeys = inputs.map((name) => {
    const key = find(name, inputs.length === 1 ? 'x' : undefined);
    if (key === undefined) {
      throw new RnncError('E0627', `${file} holds no array for the model's input \`${name}\``, file, `it holds ${list([...entries.keys()]) || 'nothing'}; save it with numpy.savez("${file.split(/[\\/]/).pop()}", ${inputs.map((n) => `${n}=…`).join(', ')}, ${outputs.map((n) => `${n}=…`).join(', ')})`);
    }
    return key;
  });
  const x = xKeys.map((k) => entries.get(k)!);
  const yKeys = outputs.map((name) => find(name, outputs.length === 1 ? 'y' : undefined));
  if (!withLabels || yKeys.every((k) => k === undefined)) return { x, xFiles: xKeys.map(shown) };
  const missing = yKeys.findIndex((k) => k === undefined);
  if (missing >= 0) {
    throw new RnncError('E0627', `${file} holds no labels for the model's output \`${outputs[missing]}\``, file, `an archive with labels holds one array per output: ${list(outputs)}`);
  }
  return { x, ys: yKeys.map((k) => entries.get(k!)!), xFiles: xKeys.map(shown), yFiles: yKeys.map((k) => shown(k!)) };
}
