// Shared by the saved-model tests: checking a small .rnn model, deterministic random weights,
// scratch directories, and loading a saved directory into the real tfjs-layers through an
// in-memory IOHandler (Node has no file:// handler without tfjs-node).

import * as tfl from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { check } from '../../../src/compiler/check.ts';
import type { CheckedModel } from '../../../src/compiler/ir.ts';
import { weightEntries, type SavedWeight } from '../../../src/runtime/save/index.ts';

export function checkModel(source: string, name?: string): CheckedModel {
  const result = check(source, 'test.rnn');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const model = name ? result.models.find((m) => m.name === name) : result.models[0];
  if (!model) throw new Error(`no model ${name ?? ''} in the source`);
  return model;
}

/** mulberry32: small, seeded, good enough for test weights. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [-0.5, 0.5): small enough that nothing saturates, varied enough to tell apart. */
export function randomWeights(model: CheckedModel, seed = 1): SavedWeight[] {
  const next = random(seed);
  return weightEntries(model).map((e) => {
    const data = new Float32Array(e.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = next() - 0.5;
    // Variances must stay positive for BatchNormalization to be defined.
    if (e.name.endsWith('moving_variance')) data.forEach((v, i) => (data[i] = Math.abs(v) + 0.5));
    return { ...e, data };
  });
}

/** A fresh scratch directory, removed after the file's tests. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnc-save-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a browser's `tf.loadLayersModel('…/model.json')` would get, read from DIR. */
export function artifactsOf(dir: string): tfl.io.ModelArtifacts {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tfl.io.ModelJSON;
  const bin = readFileSync(join(dir, 'weights.bin'));
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  };
}

export function loadWithTfjs(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel({ load: () => Promise.resolve(artifactsOf(dir)) });
}

/** Every weight of a tfjs model by the name it matched on load. */
export function tfjsWeights(model: tfl.LayersModel): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const layer of model.layers) {
    for (const w of layer.weights) out.set(w.originalName, w.read().dataSync() as Float32Array);
  }
  return out;
}

/** Bit-for-bit equality of two arrays of values; fast on millions of values, unlike toEqual. */
export function expectSameValues(actual: Float32Array | Int32Array | undefined, expected: Float32Array | Int32Array, what: string) {
  if (!actual) throw new Error(`${what}: missing`);
  const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (actual.length === expected.length && bytes(actual).equals(bytes(expected))) return;
  const i = expected.findIndex((v, k) => !Object.is(v, actual[k]));
  expect({ what, length: actual.length, index: i, value: actual[i] }).toEqual({ what, length: expected.length, index: i, value: expected[i] });
}
