// The files side of importing a Keras or TensorFlow.js model (the translation is src/interop/import):
// read the file and the weight files beside it, and write the result — the .rnn file and rnnc's saved
// model (model.json + weights.bin) that `rnnc predict --model` and RnnModel.load read. Free of
// TensorFlow.js: `rnnc import` loads neither it nor the runtime's kernels.

import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { importModel as translate, type ImportedModel, type ImportOptions } from '../interop/import/import.ts';
import { RnncError } from './errors.ts';
import { checkSaveTarget, saveModel } from './save/save.ts';
import { RNNC_VERSION } from './save/version.ts';

export type { ImportedModel, ImportOptions } from '../interop/import/import.ts';

function readOrFail(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new RnncError('E0820', `cannot read ${what} ${path}: ${why}`, path, 'check the path; a model.json needs the weight files its manifest names beside it');
  }
}

/**
 * Read a TensorFlow.js model.json (and its weight files), a Keras 3 .keras archive or a legacy
 * Keras .h5 file as a checked .rnn model with its weights. Throws RnncError (E082x) naming the
 * file and the layer for anything rnnc cannot import exactly.
 */
export async function importModel(file: string, options: ImportOptions = {}): Promise<ImportedModel> {
  const bytes = readOrFail(file, 'the model');
  const folder = dirname(file);
  return translate(file, bytes, (name) => readOrFail(join(folder, name), `the weight file ${name} of`), options);
}

/** The weights directory beside a .rnn file: `model.rnn` → `model`. */
export const defaultWeightsDir = (rnnPath: string): string => join(dirname(rnnPath), basename(rnnPath).replace(/\.rnn$/i, '') || 'model');

/**
 * Write the imported model: the weights directory first (atomically, as every save), then the
 * .rnn file (written whole to a temporary name and renamed). Both targets are checked before
 * anything is written; an existing .rnn file is replaced only with `force`.
 */
export async function writeImported(imported: ImportedModel, rnnPath: string, weightsDir: string = defaultWeightsDir(rnnPath), force = false): Promise<void> {
  if (!force && existsSync(rnnPath)) {
    throw new RnncError('E0827', `${rnnPath} exists already`, rnnPath, 'choose another -o, or give --force to replace it');
  }
  try {
    await checkSaveTarget(weightsDir);
  } catch (e) {
    if (e instanceof RnncError) throw new RnncError('E0827', e.message, weightsDir, 'give --weights a new or empty directory');
    throw e;
  }
  const tmp = join(dirname(rnnPath), `.${basename(rnnPath)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, imported.source);
  } catch (e) {
    throw new RnncError('E0827', `cannot write ${rnnPath}: ${(e as Error).message}`, rnnPath, 'check that its folder exists and is writable');
  }
  try {
    const vocabularies = Object.keys(imported.vocabularies).length ? { vocabularies: Object.fromEntries(Object.entries(imported.vocabularies).map(([k, v]) => [k, [...v]])) } : {};
    await saveModel(weightsDir, imported.model, imported.weights, { rnnc: { version: RNNC_VERSION, source: imported.source, ...vocabularies } });
    renameSync(tmp, rnnPath);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw e;
  }
}
