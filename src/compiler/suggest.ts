// "Did you mean …?" — the nearest known names by edit distance, capped by the length of what
// was typed so short typos get suggestions and unrelated words do not (the Elm compiler's
// Reporting/Suggest.hs does the same). Case differences cost little: `lstm` → `LSTM`.

/** Damerau–Levenshtein (optimal string alignment) distance, with case-only changes at 0.25. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  let cur: number[] = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      const sub = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.25 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + sub);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, prev2[j - 2]! + 1);
      cur[j] = best;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

function maxDistance(typed: string): number {
  if (typed.length <= 3) return 1;
  if (typed.length <= 6) return 2;
  return 3;
}

/** Up to `limit` candidates nearest to `typed`, best first; none if nothing is close. */
export function suggest(typed: string, candidates: Iterable<string>, limit = 1): string[] {
  const cap = maxDistance(typed);
  const scored: { name: string; d: number }[] = [];
  const lower = typed.toLowerCase().replace(/_/g, '');
  for (const name of candidates) {
    if (name === typed) continue;
    // `simplernn` for `SimpleRNN`, `returnsequences` for `return_sequences`: case and
    // underscores alone never stop a match.
    const d = name.toLowerCase().replace(/_/g, '') === lower ? 0.5 : editDistance(typed, name);
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
