// The rules of ARCHITECTURE.md, checked against the import graph of src/.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(ROOT, 'src')).map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

function imports(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

const inside = (path: string, ...dirs: string[]) => dirs.some((d) => path.startsWith(`src/${d}/`));

describe('architecture rules', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('keeps Chevrotain inside the parser', () => {
    const offenders = files.filter((f) => !inside(f.path, 'parser') && imports(f.text).some((i) => i.startsWith('chevrotain')));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('lets only the edges touch the process and the file system', () => {
    const edges = ['cli', 'lsp', 'runtime', 'emit'];
    const offenders = files.filter(
      (f) => !inside(f.path, ...edges) && (imports(f.text).some((i) => /^(node:)?(fs|child_process|process)$/.test(i)) || /\bprocess\.(argv|exit|stdout|stderr|env)/.test(f.text)),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('lets only the runtime import TensorFlow.js', () => {
    const offenders = files.filter((f) => !inside(f.path, 'runtime') && imports(f.text).some((i) => i.startsWith('@tensorflow/')));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps the front end independent of the back ends and the command line', () => {
    const front = ['parser', 'compiler', 'diagnostics', 'format'];
    const offenders = files.filter((f) => inside(f.path, ...front) && imports(f.text).some((i) => /\/(cli|runtime|emit|lsp)\//.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps the parser below the compiler', () => {
    const offenders = files.filter((f) => inside(f.path, 'parser') && imports(f.text).some((i) => /\/compiler\//.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
