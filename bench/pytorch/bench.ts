// The PyTorch target against `rnnc train` on the recurrent benchmark's models B1–B4
// (bench/recurrent/models.ts): the program `rnnc build --target pytorch` writes, run with
// /usr/bin/python3's torch in one process and under torchrun in two (gloo), beside rnnc's own
// training on the WASM backend. Each run trains a few epochs of the same batches (shuffle off) from
// the same initial weights; a step's time is the time per step of
// the epochs after the first (from the totals of a 1-epoch and a longer run).
//
//   npx tsx bench/pytorch/bench.ts [--results]     (--results replaces the section in bench/RESULTS.md)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../../src/compiler/check.ts';
import { emitPytorch } from '../../src/emit/pytorch/emit.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';
import { MODELS } from '../recurrent/models.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = '/usr/bin/python3';
const EPOCHS = 4;
const STEPS = 8;

interface Timing {
  /** The "trained N epochs in X.Xs" of the run. */
  readonly seconds: number;
  readonly losses: number[];
}

function runTimed(command: string, args: readonly string[], cwd: string): Timing {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
  const losses = [...r.stdout.matchAll(/\d+\/\d+ - \d+s - \d+(?:s|ms|us)\/step - loss: ([\d.e+-]+)/g)].map((m) => Number(m[1]));
  const seconds = Number(/trained \d+ epochs? in ([\d.]+)s/.exec(r.stdout)?.[1] ?? NaN);
  return { seconds, losses };
}

/** ms per training step: runs of 1 and EPOCHS epochs, the difference over the later epochs' steps
 *  (so start-up, the first epoch's warm-up and the 0.1 s rounding of the totals mostly cancel). */
function stepMs(run: (epochs: number) => Timing): { ms: number; losses: number[] } {
  const first = run(1);
  const all = run(EPOCHS);
  return { ms: ((all.seconds - first.seconds) / ((EPOCHS - 1) * STEPS)) * 1000, losses: all.losses };
}

function stage(dir: string, model: (typeof MODELS)[number]): string {
  const n = model.batch * STEPS;
  const rnn = join(dir, `${model.id}.rnn`);
  const source = model.source.replace(/train \{[^}]*\}/, `train {\n  loss = mse\n  optimizer = Adam()\n  batch_size = ${model.batch}\n  shuffle = false\n  data = { x = "x.npy", y = "y.npy" }\n}`);
  writeFileSync(rnn, source);
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  if (model.vocab) {
    // Token ids with a padded tail of varying length, as B3's masked Embedding expects.
    const data = Int32Array.from({ length: n * model.time }, (_, i) => (i % model.time >= model.time - ((Math.floor(i / model.time) * 37) % 80) ? 0 : 1 + Math.floor(random() * (model.vocab! - 1))));
    writeFileSync(join(dir, 'x.npy'), writeNpy({ dtype: 'int32', shape: [n, model.time], data }));
  } else {
    const features = model.firstInput;
    writeFileSync(join(dir, 'x.npy'), writeNpy({ dtype: 'float32', shape: [n, model.time, features], data: Float32Array.from({ length: n * model.time * features }, () => random() * 2 - 1) }));
  }
  writeFileSync(join(dir, 'y.npy'), writeNpy({ dtype: 'float32', shape: [n, 1], data: Float32Array.from({ length: n }, () => random()) }));
  const result = check(source, rnn);
  const emitted = emitPytorch(result.models[0]!, result.parse.source, { rnnPath: `${model.id}.rnn`, programName: 'program.py' });
  if (!emitted.ok) throw new Error(`${model.id}: ${emitted.diagnostics.map((d) => d.message).join('; ')}`);
  writeFileSync(join(dir, 'program.py'), emitted.text);
  return rnn;
}

interface Row {
  readonly id: string;
  readonly title: string;
  readonly rnnc: number;
  readonly one: number;
  readonly two: number;
  /** The largest relative difference of the printed losses (4 decimals) between rnnc and one process. */
  readonly lossGap: number;
}

export function benchPytorch(): Row[] {
  const rows: Row[] = [];
  for (const model of MODELS) {
    const dir = mkdtempSync(join(tmpdir(), `rnnc-torch-${model.id}-`));
    try {
      const rnn = stage(dir, model);
      const bin = join(ROOT, 'bin', 'rnnc.js');
      runTimed(process.execPath, [bin, 'train', rnn, '--epochs', '0', '--seed', '1', '--out', join(dir, 'init')], dir);
      const rnnc = stepMs((e) => runTimed(process.execPath, [bin, 'train', rnn, '--epochs', String(e), '--seed', '1'], dir));
      const one = stepMs((e) => runTimed(PYTHON, ['program.py', '--init', 'init', '--epochs', String(e)], dir));
      const two = stepMs((e) => runTimed(PYTHON, ['-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1', '--nnodes', '1', '--rdzv_backend', 'c10d', '--rdzv_endpoint', 'localhost:0', '--nproc_per_node', '2', 'program.py', '--init', 'init', '--epochs', String(e)], dir));
      const lossGap = Math.max(...rnnc.losses.map((l, i) => Math.abs(l - one.losses[i]!) / Math.abs(l)));
      rows.push({ id: model.id, title: model.title, rnnc: Math.round(rnnc.ms), one: Math.round(one.ms), two: Math.round(two.ms), lossGap });
      console.error(`${model.id}: rnnc ${rnnc.ms} ms, PyTorch ${one.ms} ms, torchrun ×2 ${two.ms} ms per step`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function formatPytorch(rows: readonly Row[]): string[] {
  const torchThreads = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__, torch.get_num_threads())'], { encoding: 'utf8' }).stdout.trim();
  return [
    `A training step of the program \`rnnc build --target pytorch\` writes (torch's fused LSTM and GRU kernels where they compute Keras's layer exactly, else the written-out cells, one Python loop per time step; PyTorch ${torchThreads.split(' ')[0]} on CPU with ${torchThreads.split(' ')[1]} threads in one process, one thread per process under torchrun), against \`rnnc train\` (WASM, one thread), on the same ${STEPS} batches an epoch from the same weights: the difference between runs of 1 and ${EPOCHS} epochs, per step of the later epochs. Under torchrun each of the 2 processes takes half of every global batch (gloo on the same machine). The printed losses of rnnc and PyTorch agree to their 4 decimals (largest relative gap shown).`,
    '',
    '| model | rnnc train ms/step | PyTorch, 1 process | torchrun, 2 processes | rnnc time ÷ PyTorch time (1 process) | loss gap |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id}: ${r.title} | ${r.rnnc} | ${r.one} | ${r.two} | ${(r.rnnc / r.one).toFixed(2)} | ${r.lossGap.toExponential(1)} |`),
    '',
    "B1 and B4 run torch's fused LSTM kernel; B2 (a GRU with reset_after=false) and B3 (a masked LSTM) run the written-out Keras cells, a Python loop over the time steps, which is where the program is slowest. Two processes on this 2-core machine, shared with other jobs, mostly measure gloo's all-reduce and the contention; torchrun pays off where each process has cores (or a GPU) of its own.",
  ];
}

/** Replaces (or adds) the `## PyTorch target` section of bench/RESULTS.md. */
export function writeResults(lines: readonly string[]): void {
  const path = join(ROOT, 'bench', 'RESULTS.md');
  const text = readFileSync(path, 'utf8');
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cpus().length}, load average ${loadavg()[0]!.toFixed(1)}`;
  const section = ['## PyTorch target', '', `Written by \`npx tsx bench/pytorch/bench.ts --results\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`, '', ...lines, ''].join('\n');
  const start = text.indexOf('## PyTorch target');
  const end = start < 0 ? -1 : text.indexOf('\n## ', start + 1);
  writeFileSync(path, start < 0 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, start) + section + (end < 0 ? '' : text.slice(end + 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = formatPytorch(benchPytorch());
  console.log(lines.join('\n'));
  if (process.argv.includes('--results')) writeResults(lines);
}
