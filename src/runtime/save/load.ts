// Read a saved model back for the model of a .rnn file: model.json is checked to be a Layers
// model (E0802) of this very model (E0804–E0806, compare-saved.ts), and weights.bin to hold
// exactly the bytes the manifest and the recorded checksum say (E0803). A missing file is E0801.

import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { CheckedModel } from '../../compiler/ir.ts';
import { RnncError } from '../errors.ts';
import { PREVIOUS_INFIX } from './atomic-directory.ts';
import { compareTopology, compareWeights, type Where } from './compare-saved.ts';
import type { Json, RnncMetadata } from './json.ts';
import { MODEL_FILE, parseModelJson } from './model-json.ts';
import { modelTopology } from './topology.ts';
import { byteLength, checksum, decodeWeights, weightEntries, type SavedWeight } from './weights-file.ts';

export interface LoadedModelFiles {
  /** In the model's order, as saveModel takes them. */
  readonly weights: SavedWeight[];
  readonly trainingConfig?: Json;
  readonly rnnc: RnncMetadata;
}

/** Where an interrupted save left the previous model whole, if it did. */
async function leftBehind(dir: string): Promise<string | undefined> {
  const target = resolve(dir);
  const prefix = `${basename(target)}${PREVIOUS_INFIX}`;
  try {
    const found = (await readdir(dirname(target))).find((name) => name.startsWith(prefix));
    return found === undefined ? undefined : join(dirname(dir), found);
  } catch {
    return undefined;
  }
}

async function readOrFail(dir: string, name: string): Promise<Buffer> {
  const path = join(dir, name);
  try {
    return await readFile(path);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    const previous = missing ? await leftBehind(dir) : undefined;
    const hint = previous
      ? `a save was interrupted; the previous model is whole at ${previous}: rename it to ${dir}`
      : 'give the directory that rnnc train --out wrote';
    throw new RnncError('E0801', missing ? `${path} does not exist` : `cannot read ${path}: ${(e as Error).message}`, path, hint);
  }
}

export async function loadModelFiles(dir: string, model: CheckedModel): Promise<LoadedModelFiles> {
  const where: Where = { file: join(dir, MODEL_FILE), source: `model ${model.name}` };
  const json = parseModelJson((await readOrFail(dir, MODEL_FILE)).toString('utf8'), where.file);
  compareTopology(json.modelTopology, modelTopology(model), where);
  const entries = json.weightsManifest.flatMap((g) => g.weights);
  compareWeights(entries, weightEntries(model), where);

  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const bytes = Buffer.concat(await Promise.all(paths.map((p) => readOrFail(dir, p))));
  const weightsPath = paths.map((p) => join(dir, p)).join(', ');
  const damaged = (message: string) =>
    new RnncError('E0803', message, weightsPath, 'copy the model again from where it was trained, or train it again');
  if (bytes.length !== byteLength(entries)) {
    throw damaged(`${weightsPath} holds ${bytes.length} bytes, but the weights in ${MODEL_FILE} need ${byteLength(entries)}`);
  }
  const recorded = json.rnnc.weightsSha256;
  if (typeof recorded === 'string' && checksum(bytes) !== recorded) {
    throw damaged(`${weightsPath} has changed since it was saved: its checksum differs from the one in ${MODEL_FILE}`);
  }

  const byName = new Map(decodeWeights(bytes, entries).map((w) => [w.name, w]));
  const weights = weightEntries(model).map((e) => byName.get(e.name)).filter((w) => w !== undefined);
  return {
    weights,
    ...(json.trainingConfig === undefined ? {} : { trainingConfig: json.trainingConfig }),
    rnnc: json.rnnc,
  };
}
