// NumPy through Debian's /usr/bin/python3, for tests that check rnnc's files against numpy's own
// reading and writing. Tests that need it skip, saying why, where it is not installed.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

export const hasNumpy: boolean =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

/** Runs `code` with python3 in `cwd`; its stdout. */
export const python = (code: string, cwd?: string): string => execFileSync(PYTHON, ['-c', code], { encoding: 'utf8', ...(cwd ? { cwd } : {}) });
