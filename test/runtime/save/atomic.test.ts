// A save that fails midway leaves the previous model whole and readable: failures are injected
// into the file system under saveModel — a disk that fills while weights.bin is written, a
// rename that fails, and a failure that even the roll-back hits (as a crash between the two
// renames would leave things).

import * as fsp from 'node:fs/promises';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RnncError } from '../../../src/runtime/errors.ts';
import { loadModelFiles, saveModel } from '../../../src/runtime/save/index.ts';
import { checkModel, randomWeights, scratchDir } from './helpers.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, open: vi.fn(real.open), rename: vi.fn(real.rename) };
});

const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
const root = scratchDir();
const model = checkModel('model m { LSTM(3, input=(4, 2)) Dense(1) }');
const OLD = randomWeights(model, 1);
const NEW = randomWeights(model, 2);

afterEach(() => {
  vi.mocked(fsp.open).mockImplementation(real.open);
  vi.mocked(fsp.rename).mockImplementation(real.rename);
});

const ioError = (code: string) => Object.assign(new Error(`${code}: injected failure`), { code });

function snapshot(dir: string) {
  return { json: readFileSync(join(dir, 'model.json')), bin: readFileSync(join(dir, 'weights.bin')) };
}

/** Everything beside DIR that a save may have left: staging and previous directories. */
const leftovers = (dir: string) => readdirSync(dirname(dir)).filter((n) => n.startsWith(`${basename(dir)}.rnnc-`));

async function expectOldModelWhole(dir: string, before: { json: Buffer; bin: Buffer }) {
  const after = snapshot(dir);
  expect(after.json.equals(before.json)).toBe(true);
  expect(after.bin.equals(before.bin)).toBe(true);
  const loaded = await loadModelFiles(dir, model);
  expect(loaded.weights.map((w) => [...w.data])).toEqual(OLD.map((w) => [...w.data]));
}

async function savedOld(name: string) {
  const dir = join(root, name, 'model');
  await saveModel(dir, model, OLD);
  return { dir, before: snapshot(dir) };
}

async function expectE0807(promise: Promise<unknown>): Promise<RnncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RnncError);
  expect((error as RnncError).code).toBe('E0807');
  return error as RnncError;
}

describe('an interrupted save keeps the previous model', () => {
  it('the disk fills halfway through weights.bin', async () => {
    const { dir, before } = await savedOld('disk-full');
    vi.mocked(fsp.open).mockImplementation(async (path, flags) => {
      if (String(path).endsWith('weights.bin')) {
        await real.writeFile(path, new Uint8Array(10)); // part of the file reached the disk
        throw ioError('ENOSPC');
      }
      return real.open(path, flags);
    });
    const error = await expectE0807(saveModel(dir, model, NEW));
    expect(error.message).toContain('ENOSPC');
    await expectOldModelWhole(dir, before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('moving the new directory into place fails, and the previous one is moved back', async () => {
    const { dir, before } = await savedOld('rename-fails');
    vi.mocked(fsp.rename).mockImplementation(async (from, to) => {
      if (String(from).includes('.rnnc-saving-')) throw ioError('EIO');
      return real.rename(from, to);
    });
    await expectE0807(saveModel(dir, model, NEW));
    await expectOldModelWhole(dir, before);
    expect(leftovers(dir)).toEqual([]);
  });

  it('when even moving back fails (as after a crash between the renames), the previous model is whole beside DIR and the loader says where', async () => {
    const { dir, before } = await savedOld('crash');
    vi.mocked(fsp.rename).mockImplementation(async (from, to) => {
      if (String(from).includes('.rnnc-saving-') || String(from).includes('.rnnc-previous-')) throw ioError('EIO');
      return real.rename(from, to);
    });
    const error = await expectE0807(saveModel(dir, model, NEW));
    const [previous, ...more] = leftovers(dir);
    expect(more).toEqual([]);
    expect(previous).toMatch(/^model\.rnnc-previous-/);
    const previousDir = join(dirname(dir), previous ?? '');
    expect(error.hint).toContain(previousDir);
    await expectOldModelWhole(previousDir, before);

    const missing = await loadModelFiles(dir, model).catch((e: unknown) => e as RnncError);
    expect(missing).toMatchObject({ code: 'E0801', where: join(dir, 'model.json') });
    expect((missing as RnncError).hint).toContain(previous);
  });
});

describe('a save replaces only a saved model', () => {
  it('replaces a previous model and leaves nothing beside it', async () => {
    const { dir } = await savedOld('replace');
    await saveModel(dir, model, NEW);
    const loaded = await loadModelFiles(dir, model);
    expect(loaded.weights.map((w) => [...w.data])).toEqual(NEW.map((w) => [...w.data]));
    expect(leftovers(dir)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('saves into an empty directory, and creates missing parents', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await saveModel(empty, model, NEW);
    await saveModel(join(root, 'a', 'b', 'c'), model, NEW);
    expect(readdirSync(join(root, 'a', 'b', 'c')).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('refuses a directory that holds other files, and a file, touching neither', async () => {
    const { dir, before } = await savedOld('foreign');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const error = await expectE0807(saveModel(dir, model, NEW));
    expect(error.message).toContain('notes.txt');
    await expectOldModelWhole(dir, before);

    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory');
    expect((await expectE0807(saveModel(file, model, NEW))).message).toContain('is a file');
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });
});
