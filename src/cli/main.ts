// rnnc's command line. Commander parses the words; each command returns an exit code:
// 0 clean, 1 when the input has errors, 2 for bad usage or an unreadable file. Usage mistakes
// are diagnostics like any other (code, location, hint), never a stack trace.

import { Command, CommanderError, Option } from 'commander';
import { EXIT, printUsageError, UsageError } from './io.ts';
import { runCheck } from './commands/check.ts';
import { runSummary } from './commands/summary.ts';
import { runFmt } from './commands/fmt.ts';
import { runExplain } from './commands/explain.ts';

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('rnnc')
    .description('A checked, Keras-style language for recurrent neural networks')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own error text is replaced by our diagnostic (see main below).
      writeErr: (s) => {
        if (!s.startsWith('error:')) process.stderr.write(s);
      },
    });

  program
    .command('check')
    .description('check .rnn files for syntax, shape and type errors')
    .argument('<files...>', '.rnn files to check')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((files: string[], opts: { format: string }) => setExit(runCheck(files, opts)));

  program
    .command('summary')
    .description("print Keras's model.summary() table")
    .argument('<file>', '.rnn file')
    .option('--model <name>', 'which model, when the file has several')
    .action((file: string, opts: { model?: string }) => setExit(runSummary(file, opts)));

  program
    .command('fmt')
    .description('format .rnn files in place in the canonical layout')
    .argument('<files...>', '.rnn files to format')
    .option('--check', 'only report files that are not formatted (exit 1 if any)')
    .action((files: string[], opts: { check?: boolean }) => setExit(runFmt(files, opts)));

  program
    .command('explain')
    .description('explain a diagnostic code, e.g. rnnc explain E0301')
    .argument('[code]', 'the code')
    .option('--list', 'list every code')
    .action((code: string | undefined, opts: { list?: boolean }) => setExit(runExplain(code, opts)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exit: number = EXIT.ok;
  const program = buildProgram((c) => (exit = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      const message = e.message.replace(/^error: /, '');
      const [text, suggestion] = message.split('\n(Did you mean ');
      printUsageError(
        new UsageError('E0703', text!.trim(), suggestion ? `did you mean ${suggestion.replace(/\?\)$/, '')}?` : 'run `rnnc --help` for the commands and their options', `rnnc ${argv.join(' ')}`),
      );
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      printUsageError(e);
      return EXIT.usage;
    }
    // A bug in rnnc, not a user mistake: say so plainly.
    process.stderr.write(`internal error in rnnc: ${(e as Error).stack ?? String(e)}\nPlease report it with the file that caused it.\n`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
