// model.json: built from a checked model when saving, and read back — checked for the shape
// TensorFlow.js writes (tfjs-core io/types.ts, ModelJSON) — when loading. What it says about the
// model is compared with the .rnn file in compare-saved.ts.

import { jsonSyntaxError } from '../data/json-locate.ts';
import { RnncError, textLocation } from '../errors.ts';
import type { Location } from '../../diagnostics/diagnostic.ts';
import { isJsonObject, type Json, type ModelJson, type RnncMetadata, type WeightEntry, type WeightsGroup } from './json.ts';
import { RNNC_VERSION } from './version.ts';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export function buildModelJson(
  topology: ModelJson['modelTopology'],
  weights: readonly WeightEntry[],
  rnnc: RnncMetadata,
  trainingConfig?: Json,
): ModelJson {
  return {
    format: 'layers-model',
    generatedBy: `rnnc ${RNNC_VERSION}`,
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights }],
    ...(trainingConfig === undefined ? {} : { trainingConfig }),
    rnnc: { ...rnnc, version: RNNC_VERSION },
  };
}

const isDim = (d: unknown): d is number => Number.isInteger(d) && (d as number) >= 0;

/** A weight file named in the manifest: a plain name inside the model's directory. */
const isLocalFile = (p: unknown): p is string =>
  typeof p === 'string' && p !== '' && p !== '.' && p !== '..' && !/[/\\]/.test(p);

function weightEntry(v: unknown): WeightEntry | undefined {
  if (!isJsonObject(v)) return undefined;
  const { name, shape, dtype } = v;
  if (typeof name !== 'string' || !Array.isArray(shape) || !shape.every(isDim)) return undefined;
  if (dtype !== 'float32' && dtype !== 'int32') return undefined;
  return { name, shape: shape, dtype };
}

function weightsGroup(v: unknown): WeightsGroup | undefined {
  if (!isJsonObject(v) || !Array.isArray(v['paths']) || !Array.isArray(v['weights'])) return undefined;
  const paths = v['paths'] as unknown[];
  const weights = (v['weights'] as unknown[]).map(weightEntry);
  if (!paths.every(isLocalFile) || weights.some((w) => w === undefined)) return undefined;
  return { paths, weights: weights as WeightEntry[] };
}

/**
 * Parse and check model.json. Anything TensorFlow.js would not accept as a Layers model with
 * float32/int32 weights in local files is E0802.
 */
export function parseModelJson(text: string, where: string): ModelJson {
  const bad = (what: string, location: Location | string = where) =>
    new RnncError('E0802', `${where} is not a saved model: ${what}`, location, 'save the model again with rnnc train');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8's message says where only for some mistakes; rnnc's walker finds the place of every one.
    const error = jsonSyntaxError(text);
    throw bad(`it is not valid JSON (${(e as Error).message})`, error ? textLocation(where, text, error.offset) : where);
  }
  if (!isJsonObject(value)) throw bad('it does not hold a JSON object');
  if (value['format'] !== 'layers-model') throw bad('its "format" is not "layers-model"');
  const topology = value['modelTopology'];
  if (!isJsonObject(topology) || typeof topology['class_name'] !== 'string' || !isJsonObject(topology['config'])) {
    throw bad('it has no modelTopology with a class_name and a config');
  }
  const manifest = value['weightsManifest'];
  const groups = Array.isArray(manifest) ? manifest.map(weightsGroup) : [undefined];
  if (groups.some((g) => g === undefined)) {
    throw bad('its weightsManifest does not list weight files and float32 or int32 weights with a name and a shape');
  }
  const rnnc = value['rnnc'];
  return {
    format: 'layers-model',
    generatedBy: typeof value['generatedBy'] === 'string' ? value['generatedBy'] : '',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: groups as WeightsGroup[],
    ...(value['trainingConfig'] === undefined ? {} : { trainingConfig: value['trainingConfig'] }),
    rnnc: isJsonObject(rnnc) ? rnnc : {},
  };
}
