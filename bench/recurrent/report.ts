// The recurrent benchmark as a Markdown table: what `npm run bench` prints and bench/RESULTS.md keeps.

import type { ModelResult, PassResult, RecurrentResult } from './bench.ts';

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const timing = (t: { median: number; min: number }) => `${ms(t.median)} (${ms(t.min)})`;
const times = (x: number) => `${x.toFixed(1)}×`;
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function row(m: ModelResult, name: string, p: PassResult, memory: string): string {
  const peer = p.peerBackend === 'cpu' ? ' cpu' : '';
  return [
    m.id,
    name,
    timing(p.rnnc),
    timing(p.sigmoid) + peer,
    times(p.speedupSigmoid),
    timing(p.defaults) + peer,
    times(p.speedupDefaults),
    p.pytorch ? timing(p.pytorch) : '—',
    p.pytorchOverRnnc !== null ? p.pytorchOverRnnc.toFixed(2) : '—',
    p.gflop.toFixed(3),
    ms(p.floorMs),
    pct(p.fractionOfFloor),
    memory,
  ].join(' | ');
}

export function formatRecurrent(r: RecurrentResult): string {
  const header = [
    'model',
    'pass',
    'rnnc ms median (min)',
    'tfjs-layers sigmoid',
    'speedup',
    'tfjs-layers defaults',
    'speedup',
    'PyTorch (1 thread)',
    'PyTorch ÷ rnnc',
    'GFLOP',
    'floor ms',
    'of floor',
    'peak MB: rnnc / sigmoid / defaults; BPTT needs; rnnc ÷ BPTT',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...r.models.flatMap((m) => {
      const mem = m.memory;
      const memory = `${mem.rnncPeakMB.toFixed(1)} / ${mem.sigmoidPeakMB.toFixed(1)} / ${mem.defaultsPeakMB.toFixed(1)}; ${mem.bpttMB.toFixed(1)}; ${mem.rnncOverBptt.toFixed(2)}×`;
      return [`| ${row(m, 'train step', m.train, memory)} |`, `| ${row(m, 'forward', m.forward, '')} |`];
    }),
  ];
  const models = r.models.map((m) => `- ${m.id}: ${m.title} (load average ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)})`);
  const notes = r.models.flatMap((m) => m.notes.map((n) => `- ${m.id}: ${n}`));
  return [
    `GEMM throughput of the WASM backend (XNNPACK, one thread, best of 10): ${r.gemmGflops.square512.toFixed(1)} GFLOP/s at 512³, ` +
      `${r.gemmGflops.b1Step.toFixed(1)} GFLOP/s at B1's h·U (64×64·64×256). Floor = the pass's GEMM FLOPs at the 512³ rate.`,
    '',
    ...lines,
    '',
    ...models,
    ...notes,
  ].join('\n');
}

/** One of the recurrent benchmark's targets (issue 7), judged on a run. */
export interface Target {
  readonly text: string;
  readonly met: boolean;
  readonly figures: string;
}

/** The targets the run can judge: speedups are ratios of medians against tfjs-layers with sigmoid. */
export function recurrentTargets(r: RecurrentResult): Target[] {
  const targets: Target[] = [];
  const model = (id: string) => r.models.find((m) => m.id === id);
  const speedup = (id: string, pass: 'train' | 'forward', at: number, what: string) => {
    const m = model(id);
    if (!m) return;
    const p = m[pass];
    targets.push({
      text: `${id} ${what} at least ${at}× faster than tfjs-layers (recurrent_activation sigmoid)`,
      met: p.speedupSigmoid >= at,
      figures: `${ms(p.rnnc.median)} ms vs ${ms(p.sigmoid.median)} ms: ${times(p.speedupSigmoid)}`,
    });
  };
  speedup('B1', 'train', 6, 'training step');
  speedup('B1', 'forward', 2, 'forward pass');
  speedup('B2', 'train', 4, 'training step');
  speedup('B4', 'train', 4, 'training step');
  // Issue 16: at equal thread count, at least PyTorch's speed (its time ÷ rnnc's ≥ 1).
  for (const m of r.models) {
    for (const pass of ['train', 'forward'] as const) {
      const p = m[pass];
      if (p.pytorchOverRnnc === null) continue;
      targets.push({
        text: `${m.id} ${pass === 'train' ? 'training step' : 'forward pass'} at least as fast as PyTorch on one thread`,
        met: p.pytorchOverRnnc >= 1,
        figures: `${ms(p.rnnc.median)} ms vs ${ms(p.pytorch!.median)} ms: PyTorch ÷ rnnc ${p.pytorchOverRnnc.toFixed(2)}`,
      });
    }
  }
  if (r.models.length > 0) {
    const worst = Math.max(...r.models.map((m) => m.memory.rnncOverBptt));
    targets.push({
      text: 'peak training memory at most 2× the activations BPTT needs',
      met: worst <= 2,
      figures: r.models.map((m) => `${m.id} ${m.memory.rnncOverBptt.toFixed(2)}×`).join(', '),
    });
  }
  return targets;
}

export function formatTargets(targets: readonly Target[]): string {
  return [
    '| target | met | figures |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.text} | ${t.met ? 'yes' : '**no**'} | ${t.figures} |`),
  ].join('\n');
}
