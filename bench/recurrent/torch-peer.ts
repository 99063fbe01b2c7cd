// PyTorch as a peer in the recurrent benchmark (issue 16): torch_peer.py, run by /usr/bin/python3
// with Debian's python3-torch (OpenBLAS, one thread), kept alive for a model's runs and asked for
// one training step or forward pass at a time, so that it is timed in the same interleaved rounds as
// rnnc and tfjs-layers. It times each run itself (perf_counter around the step): waking a process
// blocked on a pipe can take milliseconds on a loaded machine, and that is not PyTorch's work.
// Where /usr/bin/python3 has no torch, the bench leaves the column out and says so.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchModel } from './models.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_peer.py', import.meta.url));

export interface TorchPeer {
  readonly version: string;
  /** One run; resolves to the milliseconds PyTorch measured. */
  readonly train: () => Promise<number>;
  readonly forward: () => Promise<number>;
  readonly close: () => void;
}

let available: { version: string } | null | undefined;

/** torch's version on /usr/bin/python3, or null (with the reason in `why`) when it has none. */
export function torchAvailable(): { version: string } | null {
  if (available !== undefined) return available;
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  available = r.status === 0 ? { version: r.stdout.trim() } : null;
  return available;
}

/** The model's PyTorch twin, ready to run; `lengths`: B3's sequence lengths (its padded batch). */
export async function startTorchPeer(m: BenchModel, lengths: readonly number[] | null): Promise<TorchPeer | null> {
  const torch = torchAvailable();
  if (!torch) return null;
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  /** The next line's words after `word` (the time of an "ok"). */
  const expect = async (word: string): Promise<string[]> => {
    const next = await lines.next();
    const words = next.done ? [] : next.value.split(' ');
    if (words[0] !== word) throw new Error(`PyTorch peer for ${m.id}: expected "${word}", got ${next.done ? 'end of output' : JSON.stringify(next.value)}\n${stderr}`);
    return words.slice(1);
  };
  const first = m.directions[0]!;
  const spec = { id: m.id, batch: m.batch, time: m.time, features: first.features, units: first.units, vocab: m.vocab ?? 0, lengths: lengths ?? [] };
  child.stdin.write(JSON.stringify(spec) + '\n');
  await expect('ready');
  const ask = async (command: 'train' | 'forward') => {
    child.stdin.write(command + '\n');
    return Number((await expect('ok'))[0]);
  };
  return {
    version: torch.version,
    train: () => ask('train'),
    forward: () => ask('forward'),
    close: () => {
      child.stdin.end('quit\n');
    },
  };
}
