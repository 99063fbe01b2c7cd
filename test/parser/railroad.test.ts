// grammar/railroad.html is generated from the parser (npm run grammar); it must not go stale.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RAILROAD_PATH, railroadHtml } from '../../grammar/generate.ts';

describe('grammar/railroad.html', () => {
  it('is up to date with the parser (run `npm run grammar` after changing the grammar)', () => {
    expect(readFileSync(RAILROAD_PATH, 'utf8')).toBe(railroadHtml());
  });

  it('shows the language, not the recovery productions', () => {
    const html = railroadHtml();
    expect(html).toContain('"name": "modelDecl"');
    expect(html).not.toMatch(/stray|TooDeep/);
  });
});
