// Interleaved timing: every contender runs once per round, in an order that rotates each round,
// so a burst of load from other processes hits all of them alike. Medians, and minima (the better
// estimate of the work itself when the machine is shared).

export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly runs: number;
}

export interface Contender {
  readonly name: string;
  /** One run; resolves when its results are read back (dataSync), so the time is the whole work.
   *  A contender in another process resolves to the milliseconds it measured itself, so that waking
   *  it over a pipe on a loaded machine is not counted (torch-peer.ts). */
  run(): void | number | Promise<void | number>;
  /** Work to do before each run, outside the timed part (switching backends). */
  before?(): Promise<void>;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function interleave(contenders: readonly Contender[], runs: number, warmup = 2): Promise<Map<string, Timing>> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = -warmup; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + Math.max(round, 0)) % contenders.length]!;
      await c.before?.();
      const t0 = performance.now();
      const reported = await c.run();
      const ms = typeof reported === 'number' ? reported : performance.now() - t0;
      if (round >= 0) times.get(c.name)!.push(ms);
    }
  }
  return new Map([...times].map(([name, xs]) => [name, { median: median(xs), min: Math.min(...xs), runs: xs.length }]));
}

/** The best of `runs` timings of f, after one warm-up call. */
export function best(f: () => void, runs: number): number {
  f();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}
