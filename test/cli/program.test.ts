// The program as a whole: --help, --version, help for each command, unknown commands.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoCrash, expectUsageError, rnnc, ROOT } from './run.ts';

const COMMANDS = ['check', 'summary', 'fmt', 'explain'];

describe('rnnc --help and --version', () => {
  it('--help lists every command on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await rnnc([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: rnnc /);
      for (const c of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^ {2}${c}\\b`, 'm'));
      expect(run.stderr).toBe('');
    }
  });

  it('each command has its own help: `rnnc check --help` and `rnnc help fmt`', async () => {
    const check = await rnnc(['check', '--help']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Usage: rnnc check /);
    expect(check.stdout).toContain('--format <format>');
    const fmt = await rnnc(['help', 'fmt']);
    expect(fmt.code).toBe(0);
    expect(fmt.stdout).toMatch(/^Usage: rnnc fmt /);
    expect(fmt.stdout).toContain('--check');
  });

  it('--version and -V print the version of package.json, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await rnnc([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });
});

describe('rnnc: unknown commands', () => {
  it('a misspelt command is E0703 with did-you-mean, exit 2, and only rnnc’s own three lines', async () => {
    const run = await rnnc(['chek', 'examples/gru.rnn']);
    expectUsageError(run, 'E0703');
    expect(run.stderr).toBe(["error[E0703]: unknown command 'chek'", ' --> rnnc chek examples/gru.rnn', '  = help: did you mean check?', ''].join('\n'));
  });

  // Was a bug (main.ts mapped Commander's 'commander.help' to exit 0): `rnnc` with no command prints
  // the usage to stderr — Commander's error path — and exits 0, so a script cannot tell it did
  // nothing. Bad usage exits 2 everywhere else.
  it('no command at all is bad usage: the usage on stderr, exit 2', async () => {
    const run = await rnnc([]);
    expect(run.stderr).toMatch(/^Usage: rnnc /);
    expect(run.code).toBe(2);
  });

  // Was a bug (same cause): `rnnc help nosuch` prints the general usage and exits 0 instead of
  // reporting the unknown command.
  it('`rnnc help` of an unknown command is bad usage, exit 2', async () => {
    const run = await rnnc(['help', 'nosuch']);
    expectNoCrash(run);
    expect(run.code).toBe(2);
  });
});
