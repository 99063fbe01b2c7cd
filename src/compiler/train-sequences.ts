// The train block against what a model's sequences need (sequence-training.ts):
//   - a stateful model trains on batches of the size it fixes and in order: `batch_size` and
//     `shuffle` left out default to the model's batch and false; written otherwise they are
//     E0535 and E0536 (Keras's guide: pass the batch size and shuffle=False to fit());
//   - `truncated_bptt = k` needs a model it can window (E0537, E0538) and sequences longer than
//     k where the model fixes their length (E0539).

import type { Entry } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { CheckContext } from './context.ts';
import type { ModelBody } from './sequential.ts';
import { statefulBatch, windowPlan } from './sequence-training.ts';

/** Checks and completes `config` (the train block's fields so far) in place; false on an error. */
export function checkSequenceSettings(config: Record<string, unknown>, given: ReadonlyMap<string, Entry>, body: ModelBody, trainRange: Range, ctx: CheckContext): boolean {
  let ok = true;
  const fixed = statefulBatch(body);
  if (fixed) {
    const layerAt = [{ range: fixed.node.range, message: `stateful, with batches of ${fixed.batch}` }];
    const batchEntry = given.get('batch_size');
    const written = config['batchSize'];
    if (!batchEntry) config['batchSize'] = fixed.batch;
    else if (typeof written === 'number' && written !== fixed.batch) {
      ctx.report(
        diagnostic('E0535', batchEntry.value.range, `batch_size = ${written}, but the stateful layer \`${fixed.node.layer.name}\` carries states for batches of ${fixed.batch}`, {
          label: `the model's batch is ${fixed.batch}`,
          related: layerAt,
          hint: `write batch_size = ${fixed.batch}, or leave it out: a stateful model trains on the batch size it fixes`,
          fixes: [{ title: `change to ${fixed.batch}`, edits: [{ range: batchEntry.value.range, newText: String(fixed.batch) }] }],
        }),
      );
      ok = false;
    }
    const shuffleEntry = given.get('shuffle');
    if (!shuffleEntry) config['shuffle'] = false;
    else if (config['shuffle'] === true) {
      ctx.report(
        diagnostic('E0536', shuffleEntry.value.range, `shuffle = true would carry one sequence's state into another's: sample i of each batch continues sample i of the one before in a stateful model`, {
          label: 'shuffles a stateful model',
          related: layerAt,
          hint: 'write shuffle = false, or leave it out (a stateful model takes its batches in order)',
          fixes: [{ title: 'change to false', edits: [{ range: shuffleEntry.value.range, newText: 'false' }] }],
        }),
      );
      ok = false;
    }
  }
  const k = config['truncatedBptt'];
  const bpttEntry = given.get('truncated_bptt');
  if (typeof k === 'number' && bpttEntry) {
    const plan = windowPlan(body, bpttEntry.key.range);
    if (!plan.ok) {
      const at = plan.range === bpttEntry.key.range ? [] : [{ range: bpttEntry.range, message: 'truncated_bptt set here' }];
      ctx.report(diagnostic(plan.code, plan.range, plan.message, { label: plan.label, related: at, hint: plan.hint }));
      ok = false;
    } else if (plan.steps !== null && k >= plan.steps) {
      ctx.report(
        diagnostic('E0539', bpttEntry.value.range, `truncated_bptt = ${k} is not shorter than the ${plan.steps} time steps the model's input fixes: every sequence would be one window`, {
          label: `sequences have ${plan.steps} steps`,
          hint: `choose a window shorter than ${plan.steps}, or leave truncated_bptt out`,
        }),
      );
      ok = false;
    }
  }
  return ok;
}
