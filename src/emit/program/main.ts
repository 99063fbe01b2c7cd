// An emitted program's main: what `rnnc train FILE` does (src/cli/commands/train.ts), for the one
// model the program carries. It reads the flags, loads the data and checks it against the model,
// trains with Keras's fit() (the generated `train`) on the WASM backend printing a line per epoch, and saves the model in
// the TensorFlow.js Layers format — each step with rnnc's own code, in rnnc's order, so that the
// same seed gives the same numbers as `rnnc train`.

import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetFor } from '../../console/data-flags.ts';
import { EpochLog } from '../../console/epoch-log.ts';
import { printLocatedError } from '../../console/report.ts';
import { formatLogs, perStep } from '../../console/epoch-line.ts';
import { RnncError } from '../../runtime/errors.ts';
import { Network } from '../../runtime/model/network.ts';
import { randomSeed } from '../../runtime/rng.ts';
import { checkSaveTarget, saveModel } from '../../runtime/save/save.ts';
import { formatNote } from '../../runtime/save/tfjs-notes.ts';
import { initBackend } from '../../runtime/tf.ts';
import { makeCallback } from '../../runtime/train/callbacks.ts';
import type { FitEvents, FitSettings } from '../../runtime/train/fit.ts';
import { parseFlags, usage, type ProgramFlags } from './command-line.ts';
import { MODEL, RNN_PATH, RNNC_VERSION, SOURCE, train } from './generated.ts';

export async function main(argv: readonly string[]): Promise<number> {
  const say = (line: string) => process.stdout.write(line + '\n');
  const here = fileURLToPath(import.meta.url);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      say(usage(basename(here)));
      return 0;
    }
    // The train block's paths are relative to the .rnn file, as for `rnnc train`.
    const rnnFile = relative(process.cwd(), join(dirname(here), RNN_PATH));
    const data = datasetFor(MODEL, rnnFile, flags, 'required');
    // Refuse an --out that cannot take the model now, not after the last epoch.
    if (flags.out) await checkSaveTarget(flags.out);
    await initBackend('wasm');
    const givenSeed = flags.seed ?? MODEL.train?.seed ?? null;
    const seed = givenSeed ?? randomSeed();
    const net = new Network(MODEL, seed);
    if (givenSeed === null) say(`seed ${seed} (pass --seed ${seed} to repeat this run)`);

    const modelDir = dirname(resolve(rnnFile));
    const callbacks = (MODEL.train?.callbacks ?? []).map((fn) => makeCallback(fn, (p) => resolve(modelDir, p)));
    const log = flags.log ? new EpochLog(flags.log) : null;
    const lines = epochLines(say);
    const started = performance.now();
    const history = await train(
      net,
      data,
      fitSettings(flags, seed),
      callbacks,
      {
        ...lines,
        onEpochEnd(epoch, logs, seconds) {
          lines.onEpochEnd?.(epoch, logs, seconds);
          log?.write(epoch, logs);
        },
      },
      async (dir) => void (await save(net, dir)),
    );
    const seconds = (performance.now() - started) / 1000;
    const last = history.epochs.at(-1) ?? {};
    const figures = Object.entries(last).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ');
    say(`trained ${history.epochs.length} epoch${history.epochs.length === 1 ? '' : 's'} in ${seconds.toFixed(1)}s: ${figures}`);
    if (flags.out) {
      const notes = await save(net, flags.out);
      say(`saved to ${flags.out}/ (model.json, weights.bin)`);
      for (const n of notes) say(`note: ${n}`);
    } else {
      say('pass --out DIR to keep the trained model');
    }
    net.dispose();
    return 0;
  } catch (e) {
    if (!(e instanceof RnncError)) throw e;
    printLocatedError(e);
    return e.code.startsWith('E07') ? 2 : 1;
  }
}

/** Keras's compile() and fit() settings: the train block's, after the flags (RnnModel.settings). */
function fitSettings(flags: ProgramFlags, seed: number): FitSettings {
  const t = MODEL.train!;
  return { ...t, epochs: flags.epochs ?? t.epochs, batchSize: flags.batchSize ?? t.batchSize, seed };
}

/** Keras's verbose=2 lines, as `rnnc train` prints them when its output is not a terminal. */
function epochLines(write: (line: string) => void): FitEvents {
  let steps = 0;
  return {
    onEpochBegin(epoch, epochs, n) {
      steps = n;
      write(`Epoch ${epoch + 1}/${epochs}`);
    },
    onEpochEnd(_epoch, logs, seconds) {
      write(`${steps}/${steps} - ${Math.round(seconds)}s - ${perStep(seconds, steps)} - ${formatLogs(logs)}`);
    },
    onMessage: write,
  };
}

/** The model into DIR/model.json and DIR/weights.bin, as RnnModel.save writes it; the notes on it. */
async function save(net: Network, dir: string): Promise<string[]> {
  const values = net.getWeightValues();
  const weights = net.weights.map((w, i) => ({ name: w.name, shape: [...w.variable.shape], dtype: 'float32' as const, data: values[i]! }));
  const notes = await saveModel(dir, MODEL, weights, { rnnc: { version: RNNC_VERSION, source: SOURCE } });
  return notes.map(formatNote);
}
