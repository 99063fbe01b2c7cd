// loadModelFiles refuses what it cannot trust, each with its code, the file it is about and a
// hint: a missing file (E0801), a model.json that is not a Layers model (E0802), a damaged
// weights.bin (E0803), a saved model of other layers (E0804), other weights (E0805), or a layer
// that computes something else (E0806). Changing only how a model trains is allowed.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../../src/compiler/ir.ts';
import { RnncError } from '../../../src/runtime/errors.ts';
import { loadModelFiles, saveModel } from '../../../src/runtime/save/index.ts';
import { checkModel, randomWeights, scratchDir } from './helpers.ts';

const root = scratchDir();
const SOURCE = 'model m { LSTM(3, dropout=0.1, input=(4, 2)) Dense(2, activation=relu) }';
const saved = checkModel(SOURCE);
let count = 0;

/** A fresh copy of the saved model, to damage. */
async function savedCopy(model: CheckedModel = saved): Promise<string> {
  const dir = join(root, `copy-${count++}`);
  await saveModel(dir, model, randomWeights(model));
  return dir;
}

async function loadError(dir: string, model: CheckedModel = saved): Promise<RnncError> {
  const error = await loadModelFiles(dir, model).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RnncError)) throw new Error(`expected an RnncError, got ${String(error)}`);
  expect(error.hint).toBeTruthy();
  return error;
}

function editJson(dir: string, edit: (json: Record<string, any>) => void) {
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

describe('missing files: E0801', () => {
  it('a directory with no model', async () => {
    expect(await loadError(join(root, 'nowhere'))).toMatchObject({ code: 'E0801', where: join(root, 'nowhere', 'model.json') });
  });

  it('a model.json without its weights.bin', async () => {
    const dir = await savedCopy();
    rmSync(join(dir, 'weights.bin'));
    expect(await loadError(dir)).toMatchObject({ code: 'E0801', where: join(dir, 'weights.bin') });
  });
});

describe('model.json is not a saved model: E0802', () => {
  const cases: Record<string, (dir: string) => void> = {
    'not JSON': (dir) => writeFileSync(join(dir, 'model.json'), '{"format": "layers-model", '),
    'another format': (dir) => editJson(dir, (j) => (j['format'] = 'graph-model')),
    'no topology': (dir) => editJson(dir, (j) => delete j['modelTopology']),
    'a weight without a shape': (dir) => editJson(dir, (j) => delete j['weightsManifest'][0]['weights'][0]['shape']),
    'a float16 weight': (dir) => editJson(dir, (j) => (j['weightsManifest'][0]['weights'][0]['dtype'] = 'float16')),
    'a weight file outside the directory': (dir) => editJson(dir, (j) => (j['weightsManifest'][0]['paths'] = ['../weights.bin'])),
  };
  for (const [name, damage] of Object.entries(cases)) {
    it(name, async () => {
      const dir = await savedCopy();
      damage(dir);
      const e = await loadError(dir);
      expect(e).toMatchObject({ code: 'E0802' });
      // Not JSON: the place of the syntax error, with its line for the code frame.
      expect(e.where).toBe(name === 'not JSON' ? `${join(dir, 'model.json')}:1:28` : join(dir, 'model.json'));
    });
  }
});

describe('weights.bin is damaged: E0803', () => {
  const bin = (dir: string) => join(dir, 'weights.bin');
  it('cut short', async () => {
    const dir = await savedCopy();
    writeFileSync(bin(dir), readFileSync(bin(dir)).subarray(0, 20));
    const error = await loadError(dir);
    expect(error).toMatchObject({ code: 'E0803', where: bin(dir) });
    expect(error.message).toMatch(/holds 20 bytes, but the weights in model\.json need \d+/);
  });

  it('with bytes added', async () => {
    const dir = await savedCopy();
    writeFileSync(bin(dir), Buffer.concat([readFileSync(bin(dir)), Buffer.alloc(4)]));
    expect(await loadError(dir)).toMatchObject({ code: 'E0803' });
  });

  it('changed in place: the checksum tells', async () => {
    const dir = await savedCopy();
    const bytes = readFileSync(bin(dir));
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    writeFileSync(bin(dir), bytes);
    expect((await loadError(dir)).message).toContain('checksum');
  });
});

describe('a saved model of other layers: E0804', () => {
  const others: Record<string, string> = {
    'another layer type': 'model m { GRU(3, input=(4, 2)) Dense(2, activation=relu) }',
    'another layer name': 'model m { LSTM(3, name="encoder", input=(4, 2)) Dense(2, activation=relu) }',
    'one layer more': 'model m { LSTM(3, input=(4, 2)) Dense(2, activation=relu) Dense(1) }',
    'another input shape': 'model m { LSTM(3, input=(None, 2)) Dense(2, activation=relu) }',
    'a functional model': 'model m { x = Input(shape=(4, 2))\n output Dense(2, activation=relu)(LSTM(3)(x)) }',
  };
  for (const [name, source] of Object.entries(others)) {
    it(name, async () => {
      const dir = await savedCopy();
      expect(await loadError(dir, checkModel(source))).toMatchObject({ code: 'E0804', where: join(dir, 'model.json') });
    });
  }

  it('other connections in a functional model', async () => {
    const withState = checkModel(`model f {
      x = Input(shape=(4, 2))
      _, h, c = LSTM(3, return_state=true)(x)
      output LSTM(3)(x, initial_state=[h, c])
    }`);
    const withoutState = checkModel(`model f {
      x = Input(shape=(4, 2))
      _, h, c = LSTM(3, return_state=true)(x)
      output LSTM(3)(x), h, c
    }`);
    const dir = await savedCopy(withState);
    const error = await loadError(dir, withoutState);
    expect(error.code).toBe('E0804');
  });
});

describe('other weights: E0805', () => {
  const cases: Record<string, (weights: any[]) => void> = {
    'a weight missing': (w) => w.pop(),
    'a weight of another shape': (w) => (w[0].shape = [3, 12]),
    'a weight extra': (w) => w.push({ name: 'dense/extra', shape: [0], dtype: 'float32' }),
  };
  for (const [name, edit] of Object.entries(cases)) {
    it(name, async () => {
      const dir = await savedCopy();
      editJson(dir, (j) => edit(j['weightsManifest'][0]['weights']));
      expect(await loadError(dir)).toMatchObject({ code: 'E0805', where: join(dir, 'model.json') });
    });
  }
});

describe('a layer that computes something else: E0806, but training settings may change', () => {
  it('another activation', async () => {
    const dir = await savedCopy();
    const error = await loadError(dir, checkModel('model m { LSTM(3, dropout=0.1, input=(4, 2)) Dense(2, activation=tanh) }'));
    expect(error).toMatchObject({ code: 'E0806', where: join(dir, 'model.json') });
    expect(error.message).toBe('dense: activation is relu in the saved model, but tanh in model m');
  });

  it('another argument of a wrapped layer', async () => {
    const bidirectional = (args: string) => checkModel(`model m { Bidirectional(LSTM(3${args}), input=(4, 2)) }`);
    const dir = await savedCopy(bidirectional(''));
    const error = await loadError(dir, bidirectional(', recurrent_activation=hard_sigmoid'));
    expect(error.code).toBe('E0806');
    expect(error.message).toBe('bidirectional/lstm: recurrent_activation is sigmoid in the saved model, but hard_sigmoid in model m');
  });

  it('loads with other dropout, initializers, regularizers, constraints and trainable', async () => {
    const dir = await savedCopy();
    const retuned = checkModel(`model m {
      LSTM(3, dropout=0.5, recurrent_dropout=0.2, kernel_initializer=zeros, kernel_regularizer=l2(0.1),
           kernel_constraint=max_norm(2), unit_forget_bias=false, seed=3, input=(4, 2))
      Dense(2, activation=relu, trainable=false)
    }`);
    const loaded = await loadModelFiles(dir, retuned);
    expect(loaded.weights).toHaveLength(5);
  });
});
