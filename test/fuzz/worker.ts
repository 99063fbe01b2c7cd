// One thread of `npm run fuzz` (test/fuzz/run.ts): runs batches of one target's cases as the main
// thread asks, announcing each case before it runs, so that the main thread can tell a hang from
// slow progress and keep the input that hung.

import { parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { TARGETS } from './targets.ts';

export interface Job {
  readonly target: string;
  readonly seed: number;
  readonly runs: number;
}

export type Report =
  | { readonly kind: 'case'; readonly input: unknown }
  | { readonly kind: 'done'; readonly target: string; readonly seed: number; readonly runs: number; readonly failure?: { readonly counterexample: unknown; readonly path: string | null; readonly error: string } }
  | { readonly kind: 'closed' };

const port = parentPort!;
const ready = new Set<string>();

async function runJob(job: Job): Promise<void> {
  const target = TARGETS.find((t) => t.name === job.target)!;
  if (!ready.has(target.name)) {
    await target.setup?.();
    ready.add(target.name);
  }
  const announce = (input: unknown) => port.postMessage({ kind: 'case', input } satisfies Report);
  const property = target.async
    ? fc.asyncProperty(target.arbitrary, async (input) => (announce(input), await target.run(input)))
    : fc.property(target.arbitrary, (input) => (announce(input), void target.run(input)));
  const details = await fc.check(property as fc.IAsyncProperty<unknown>, { seed: job.seed, numRuns: job.runs });
  const failure = details.failed
    ? {
        counterexample: (details.counterexample as unknown[] | null)?.[0],
        path: details.counterexamplePath,
        error: details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance),
      }
    : undefined;
  port.postMessage({ kind: 'done', target: job.target, seed: job.seed, runs: details.numRuns, ...(failure ? { failure } : {}) } satisfies Report);
}

port.on('message', (message: Job | 'close') => {
  if (message === 'close') {
    void Promise.all(TARGETS.filter((t) => ready.has(t.name)).map((t) => t.teardown?.().catch(() => {}) ?? Promise.resolve())).then(() => port.postMessage({ kind: 'closed' } satisfies Report));
    return;
  }
  runJob(message).catch((e: unknown) => {
    port.postMessage({ kind: 'done', target: message.target, seed: message.seed, runs: 0, failure: { counterexample: null, path: null, error: `the target itself failed: ${e instanceof Error ? e.stack : String(e)}` } } satisfies Report);
  });
});
