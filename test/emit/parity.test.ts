// The emitted program against `rnnc train`, for every example in examples/ whose train block names
// data (the walk picks up examples as they get data), for two models that reach the layer kinds,
// optimizers, metrics and callbacks the examples do not, and for a model whose names and paths are
// hostile: the same .rnn file, the first samples of the same data, the same seed — the same loss
// and metrics every epoch (within 1e-5 relative; they come out identical), the same lines printed,
// byte-identical model.json and weights.bin, and the same predictions from both saved models.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../../src/console/data-flags.ts';
import { compile } from '../../src/runtime/api.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import type { HostArray } from '../../src/runtime/train/batches.ts';
import { build, checked, COVERAGE, examplesWithData, HOSTILE_FILE, hostileSource, logLines, outDir, removeOutDirs, rnnc, runProgram, stageCoverage, stageExample, trainingLines } from './support.ts';

afterAll(removeOutDirs);

const SAMPLES = 32;
const FLAGS = ['--epochs', '2', '--seed', '7'];

function stageHostile(dir: string): string {
  const rnn = join(dir, 'hostile.rnn');
  writeFileSync(rnn, hostileSource());
  const x = Float32Array.from({ length: SAMPLES * 6 }, (_, i) => Math.sin(i * 0.37));
  const y = Float32Array.from({ length: SAMPLES }, (_, i) => Math.cos(i * 0.11));
  mkdirSync(dirname(join(dir, HOSTILE_FILE)), { recursive: true });
  writeFileSync(join(dir, HOSTILE_FILE), writeNpy({ dtype: 'float32', shape: [SAMPLES, 3, 2], data: x }));
  writeFileSync(join(dir, 'y.npy'), writeNpy({ dtype: 'float32', shape: [SAMPLES, 1], data: y }));
  return rnn;
}

const cases = [
  ...examplesWithData().map((ex) => ({ name: ex.name, present: ex.present, stage: (dir: string) => stageExample(ex, dir, SAMPLES) })),
  ...(Object.keys(COVERAGE) as (keyof typeof COVERAGE)[]).map((name) => ({ name, present: true, stage: (dir: string) => stageCoverage(name, dir, SAMPLES) })),
  { name: 'hostile', present: true, stage: stageHostile },
];

describe('an emitted program trains as rnnc train does', () => {
  it('finds the examples with data', () => {
    expect(cases.map((c) => c.name)).toContain('next_number');
  });

  for (const c of cases) {
    // An example whose data is not on this machine (a dataset package not installed) cannot run.
    it.skipIf(!c.present)(c.name, { timeout: 180_000 }, async () => {
      const dir = outDir(c.name);
      const rnn = c.stage(dir);
      const program = join(dir, 'program.ts');
      const built = build(rnn, program);
      expect(built.ok, JSON.stringify(!built.ok && built.diagnostics)).toBe(true);
      const before = new Set(readdirSync(dir));

      const [ours, theirs] = await Promise.all([
        rnnc(['train', rnn, ...FLAGS, '--log', join(dir, 'rnnc.jsonl'), '--out', join(dir, 'rnnc-model')]),
        runProgram(program, [...FLAGS, '--log', 'program.jsonl', '--out', 'program-model']),
      ]);
      expect(ours.code, ours.stderr).toBe(0);
      expect(theirs.code, theirs.stderr).toBe(0);
      expect(theirs.stderr).toBe('');

      const [a, b] = [logLines(join(dir, 'rnnc.jsonl')), logLines(join(dir, 'program.jsonl'))];
      expect(a.length).toBeGreaterThan(0);
      expect(b.map((l) => Object.keys(l))).toEqual(a.map((l) => Object.keys(l)));
      a.forEach((epoch, i) => {
        for (const [k, v] of Object.entries(epoch)) expect(Math.abs(b[i]![k]! - v), `epoch ${i + 1} ${k}`).toBeLessThanOrEqual(1e-5 * Math.max(1e-12, Math.abs(v)));
      });
      expect(trainingLines(theirs.stdout)).toEqual(trainingLines(ours.stdout));
      for (const f of ['model.json', 'weights.bin']) {
        expect(Buffer.compare(readFileSync(join(dir, 'program-model', f)), readFileSync(join(dir, 'rnnc-model', f))), f).toBe(0);
      }
      // Nothing but what was asked for: the log and the saved model.
      expect(new Set(readdirSync(dir))).toEqual(new Set([...before, 'rnnc.jsonl', 'program.jsonl', 'rnnc-model', 'program-model']));

      // Both saved models, loaded by rnnc's library, predict the same numbers.
      const { model } = checked(rnn);
      const x = datasetFor(model, rnn, {}, 'ignored').x as HostArray[];
      const predictions: number[][][] = [];
      for (const saved of ['rnnc-model', 'program-model']) {
        const m = await compile(readFileSync(rnn, 'utf8'), { path: rnn, seed: 1 });
        await m.load(join(dir, saved));
        predictions.push(m.predict(x).map((o) => Array.from(o.data)));
        m.dispose();
      }
      expect(predictions[1]).toEqual(predictions[0]);
    });
  }
});
