// What the checking functions of one file share: where diagnostics go, the source (for line
// numbers in hints), the conversion context for argument values, and Keras-style naming.

import type { Range, SourceText } from '../source/text.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { SuggestBudget } from './suggest.ts';
import type { ValueContext } from './args.ts';

/**
 * Keras names layers by class when they are constructed: `lstm`, `lstm_1`, `lstm_2`, counting per
 * stem. rnnc counts per model, which is what Keras prints for a model built in a fresh session.
 */
export class NameAllocator {
  private readonly counts = new Map<string, number>();
  private readonly taken = new Set<string>();

  next(stem: string): string {
    let n = this.counts.get(stem) ?? 0;
    let name = n === 0 ? stem : `${stem}_${n}`;
    while (this.taken.has(name)) name = `${stem}_${++n}`;
    this.counts.set(stem, n + 1);
    this.taken.add(name);
    return name;
  }

  reserve(name: string): void {
    this.taken.add(name);
  }

  /** Take a name the user gave (`name="enc"`); false when a layer of the model already has it. */
  claim(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }
}

export interface CheckContext {
  readonly source: SourceText;
  readonly report: (d: Diagnostic) => void;
  readonly values: ValueContext;
  readonly names: NameAllocator;
  /** What "did you mean" may still spend on the names the file binds (shared by its models). */
  readonly suggestions: SuggestBudget;
}

/** A user-given layer name, reported (E0411) when another layer of the model already has it. */
export function claimName(name: string, range: Range, ctx: CheckContext): string {
  if (!ctx.names.claim(name)) {
    ctx.report(
      diagnostic('E0411', range, `another layer of this model is already named \`${name}\``, {
        label: 'a name used twice',
        hint: 'layer names must be unique in a model (saved weights are keyed by them): rename this one',
      }),
    );
  }
  return name;
}
