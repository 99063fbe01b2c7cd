// "Did you mean …?" — the nearest known names by edit distance, capped by the length of what
// was typed so short typos get suggestions and unrelated words do not (the Elm compiler's
// Reporting/Suggest.hs does the same). Case differences cost little: `lstm` → `LSTM`.
//
// The work is linear in what is typed: a candidate whose length differs by more than the cap
// cannot be within it and is skipped, and the distance is computed only in the band of the
// table the cap allows. The names a file binds itself can be many, and every unknown name is
// compared with all of them; a file's suggestions share a budget proportional to its length
// (SuggestBudget), after which names are reported without a suggestion.

/**
 * Damerau–Levenshtein (optimal string alignment) distance, with case-only changes at 0.25.
 * With `max`, only cells within `max` of the diagonal are computed and any distance above `max`
 * comes back as a number above `max`: O(length · max) instead of O(length²).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  const band = Math.min(Math.max(n, m), Math.ceil(max));
  const far = Number.POSITIVE_INFINITY;
  if (rows[0].length < m + 2) rows = [new Float64Array(m + 2), new Float64Array(m + 2), new Float64Array(m + 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= m + 1; j++) prev[j] = j <= band ? j : far;
  for (let i = 1; i <= n; i++) {
    // Row i is computed in columns [from, to]; the cells just outside are reset, so the next
    // rows never read a stale value from a row two or three back.
    const from = Math.max(1, i - band);
    const to = Math.min(m, i + band);
    cur[0] = i <= band ? i : far;
    if (from > 1) cur[from - 1] = far;
    let rowBest = cur[0];
    const ca = a.charCodeAt(i - 1);
    const caFolded = a[i - 1]!.toLowerCase();
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      const sub = ca === cb ? 0 : caFolded === b[j - 1]!.toLowerCase() ? 0.25 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) best = Math.min(best, prev2[j - 2]! + 1);
      cur[j] = best;
      if (best < rowBest) rowBest = best;
    }
    cur[to + 1] = far;
    if (rowBest > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m]!, max + 1);
}

/** The three rows editDistance works in, reused from call to call. */
let rows: [Float64Array, Float64Array, Float64Array] = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];

function maxDistance(typed: string): number {
  if (typed.length <= 3) return 1;
  if (typed.length <= 6) return 2;
  return 3;
}

/**
 * What the suggestions of one file may cost, counted in candidates looked at plus table cells
 * computed. Proportional to the file's length, so checking stays linear in it.
 */
export class SuggestBudget {
  remaining: number;
  constructor(textLength: number) {
    this.remaining = 200_000 + 4 * textLength;
  }
}

/** Up to `limit` candidates nearest to `typed`, best first; none if nothing is close. */
export function suggest(typed: string, candidates: Iterable<string>, limit = 1, budget?: SuggestBudget): string[] {
  const cap = maxDistance(typed);
  const scored: { name: string; d: number }[] = [];
  const underscored = typed.includes('_');
  let folded: string | undefined;
  for (const name of candidates) {
    if (budget) {
      if (budget.remaining <= 0) break;
      budget.remaining -= 1 + name.length;
    }
    if (name === typed) continue;
    const near = Math.abs(name.length - typed.length) <= cap;
    // Only underscores can make names of very different lengths equal up to case.
    if (!near && !underscored && !name.includes('_')) continue;
    // `simplernn` for `SimpleRNN`, `returnsequences` for `return_sequences`: case and
    // underscores alone never stop a match.
    folded ??= typed.toLowerCase().replace(/_/g, '');
    if (name.toLowerCase().replace(/_/g, '') === folded) {
      scored.push({ name, d: 0.5 });
      continue;
    }
    if (!near) continue;
    if (budget) budget.remaining -= Math.min(name.length, typed.length) * (2 * cap + 1);
    const d = editDistance(typed, name, cap);
    if (d <= cap) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}

/** `; did you mean `LSTM`?` or the empty string. */
export function didYouMean(typed: string, candidates: Iterable<string>): string | undefined {
  const [best] = suggest(typed, candidates);
  return best;
}
