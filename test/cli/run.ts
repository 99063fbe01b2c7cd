// Runs the real `rnnc` binary (bin/rnnc.js under node) the way a user's shell does: stdout and
// stderr are pipes, not terminals, and the colour variables are unset unless a test sets them.
// Each test suite works in its own temporary directory.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'rnnc.js');
export const EXAMPLES = join(ROOT, 'examples');

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Added to the environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The environment of a plain shell: no colour preference either way. */
function baseEnv(extra: RunOptions['env'] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function rnnc(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return spawnRnnc(args, options, false);
}

/** Runs rnnc with its stdout closed before it writes, as `rnnc … | head -1` may leave it. */
export function rnncWithClosedStdout(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return spawnRnnc(args, options, true);
}

function spawnRnnc(args: readonly string[], options: RunOptions, closeStdout: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: baseEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

// eslint-disable-next-line no-control-regex -- finding escape codes is the point
export const ANSI = /\x1b\[[0-9;]*[A-Za-z]/;

/**
 * Signs that Node, not rnnc, wrote the output: a stack frame (`    at f (file.ts:3:9)`), an
 * uncaught error's `Error: …` / `TypeError: …` line, Node's `throw er;` excerpt, or rnnc's own
 * last-resort "internal error" message.
 */
const CRASH = [/^\s+at \S.*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m, /^\s*(?:[A-Z]\w*)?Error(?: \[\w+\])?: /m, /throw er;/, /node:internal/, /internal error in rnnc/];

export function expectNoCrash(run: Run): void {
  for (const output of [run.stdout, run.stderr]) {
    for (const sign of CRASH) expect(output).not.toMatch(sign);
  }
  expect(run.signal).toBeNull();
}

/** A fresh temporary directory; `cleanup` removes every one made. */
export function tempDirs(): { make(files?: Readonly<Record<string, string>>): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make(files = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'rnnc-cli-'));
      made.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    },
    cleanup() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A diagnostic printed by rnnc on a usage mistake: `error[CODE]: …`, ` --> where`, `= help: …`. */
export function expectUsageError(run: Run, code: string): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(new RegExp(`^error\\[${code}\\]: \\S`, 'm'));
  expect(run.stderr).toMatch(/^ --> \S/m);
  expect(run.stderr).toMatch(/^ {2}= help: \S/m);
  expectNoCrash(run);
}
