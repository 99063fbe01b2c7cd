// The `key = value` entries of a settings block (train, decode), read the one way both blocks
// share: an unknown key is reported with the nearest known one as a fix, a key written twice
// points at its first setting, and what is left is keyed by name for the block's own checks.

import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Entry } from '../parser/ast.ts';
import { suggest } from './suggest.ts';

export interface BlockKind {
  /** `a train block has no setting …`: the block's name in messages. */
  readonly block: string;
  readonly isSetting: (key: string) => boolean;
  /** The settings' names, asked for only when a key is unknown. */
  readonly names: () => readonly string[];
  readonly unknown: Code;
  readonly twice: Code;
}

/** The block's entries by key, and whether every key was known and written once. */
export function blockEntries(entries: readonly Entry[], kind: BlockKind, report: (d: Diagnostic) => void): { given: Map<string, Entry>; ok: boolean } {
  const given = new Map<string, Entry>();
  let ok = true;
  for (const e of entries) {
    const key = e.key.name;
    if (!kind.isSetting(key)) {
      const names = kind.names();
      const [best] = suggest(key, names);
      report(
        diagnostic(kind.unknown, e.key.range, `a ${kind.block} block has no setting \`${key}\``, {
          label: best ? `did you mean \`${best}\`?` : 'unknown setting',
          hint: best ? `did you mean \`${best}\`?` : `settings: ${names.join(', ')}`,
          ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: e.key.range, newText: best }] }] } : {}),
        }),
      );
      ok = false;
      continue;
    }
    const earlier = given.get(key);
    if (earlier) {
      report(diagnostic(kind.twice, e.key.range, `\`${key}\` is set twice`, { label: 'second time', related: [{ range: earlier.key.range, message: 'first set here' }], hint: 'keep one' }));
      ok = false;
      continue;
    }
    given.set(key, e);
  }
  return { given, ok };
}
