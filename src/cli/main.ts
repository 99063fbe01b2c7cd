// rnnc's command line. Commander parses the words; each command returns an exit code:
// 0 clean, 1 when the input has errors, 2 for bad usage or an unreadable file. Usage mistakes
// are diagnostics like any other (code, location, hint), never a stack trace.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../console/report.ts';
import { EXIT } from './exit.ts';
import { RnncError } from '../runtime/errors.ts';
import { RNNC_VERSION } from '../runtime/save/version.ts';

// Every command is imported when it runs, never before: `--version` and `--help` load nothing but
// commander, `check` / `fmt` / `summary` / `explain` the front end, and only the commands that
// run models load TensorFlow.js (protobufjs only `export`, ts-morph only `build`, vega only
// `--plot`, graphviz only `graph`). Start-up is most of a small job's time; test/architecture.test.ts lists what each
// command loads.
function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('rnnc')
    .description('A checked, Keras-style language for recurrent neural networks')
    .version(RNNC_VERSION)
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
    .action(async (files: string[], opts: { format: string }) => setExit((await import('./commands/check.ts')).runCheck(files, opts)));

  program
    .command('summary')
    .description("print Keras's model.summary() table")
    .argument('<file>', '.rnn file')
    .option('--model <name>', 'which model, when the file has several')
    .action(async (file: string, opts: { model?: string }) => setExit((await import('./commands/summary.ts')).runSummary(file, opts)));

  program
    .command('fmt')
    .description('format .rnn files in place in the canonical layout')
    .argument('<files...>', '.rnn files to format')
    .option('--check', 'only report files that are not formatted (exit 1 if any)')
    .action(async (files: string[], opts: { check?: boolean }) => setExit((await import('./commands/fmt.ts')).runFmt(files, opts)));

  program
    .command('explain')
    .description('explain a diagnostic code, e.g. rnnc explain E0301')
    .argument('[code]', 'the code')
    .option('--list', 'list every code')
    .action(async (code: string | undefined, opts: { list?: boolean }) => setExit((await import('./commands/explain.ts')).runExplain(code, opts)));

  // Editors start the server with transport flags of their own (`--stdio`, `--clientProcessId`).
  program
    .command('lsp')
    .description('run the language server on stdin and stdout, for editors')
    .option('--stdio', 'talk over stdin and stdout (the default)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async () => setExit(await (await import('../lsp/main.ts')).runLanguageServer()));

  program
    .command('graph')
    .description('draw the model as a diagram: layers, shapes, parameter counts and connections')
    .argument('<file>', '.rnn file')
    .option('--model <name>', 'which model, when the file has several')
    .option('-o, --output <file>', 'write the SVG there (a .dot name writes the Graphviz source); default: print the SVG')
    .action(async (file: string, opts) => setExit(await (await import('./commands/graph.ts')).runGraph(file, opts)));

  program
    .command('build')
    .description('write a standalone program that trains the model: TypeScript, or with --target pytorch Python')
    .argument('<file>', '.rnn file')
    .addOption(new Option('--target <target>', 'what to write: a TypeScript program, or a PyTorch one that also runs under torchrun').choices(['typescript', 'pytorch']).default('typescript'))
    .option('-o, --output <file>', 'where to write the program (default: MODEL.ts, or MODEL.py, beside the .rnn file; - prints it)')
    .option('--project <dir>', 'write a folder ready to run instead: the program, its JavaScript and a package.json (npm install && node MODEL.js)')
    .option('--model <name>', 'which model, when the file has several')
    .action(async (file: string, opts) => setExit(await (await import('./commands/build.ts')).runBuild(file, opts)));

  // The commands that run a model share the data options and the backend choice.
  const modelCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<file>', '.rnn file')
      .option('--x <file>', 'inputs: a .npy file (or .jsonl / .csv / IDX)')
      .option('--y <file>', 'targets: a .npy file')
      .option('--data <file>', 'inputs and targets in one file: JSON Lines, CSV')
      .option('--column <name>', 'CSV: the column holding the series (name or 0-based index)')
      .option('--window <n>', 'CSV: time steps per input window', positiveInt)
      .option('--horizon <n>', 'CSV: how many steps ahead the target lies', positiveInt)
      .option('--batch-size <n>', 'batch size (overrides the train block)', positiveInt)
      .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['wasm', 'cpu']).default('wasm'));
  const savedModel = (c: Command) => c.requiredOption('--model <dir>', 'the directory rnnc train --out wrote');

  modelCommand('train', 'train a model in-process on the WASM backend and save it')
    .option('--model <name>', 'which model, when the file has several')
    .option('--epochs <n>', 'epochs (overrides the train block; 0 saves the initial weights with --out)', nonNegativeInt)
    .option('--seed <n>', 'seed for weights, dropout and shuffling: the same seed repeats a run exactly', nonNegativeInt)
    .option('--out <dir>', 'save the trained model there (TensorFlow.js Layers format)')
    .option('--log <file>', 'write one JSON object per epoch to this file')
    .option('--plot <file>', 'draw the loss and metric curves per epoch to this SVG file')
    .action(async (file: string, opts) => setExit(await (await import('./commands/train.ts')).runTrain(file, opts)));

  savedModel(modelCommand('predict', 'run a trained model on inputs'))
    .option('-o, --output <file>', 'write the predictions to a .npy file (default: print them)')
    .action(async (file: string, opts) => setExit(await (await import('./commands/predict.ts')).runPredict(file, opts)));

  savedModel(modelCommand('evaluate', "a trained model's loss and metrics on data"))
    .action(async (file: string, opts) => setExit(await (await import('./commands/predict.ts')).runEvaluate(file, opts)));

  program
    .command('export')
    .description('write a trained model as an ONNX graph (opset 14), for onnxruntime and other ONNX runtimes')
    .argument('<file>', '.rnn file')
    .requiredOption('--model <dir>', 'the directory rnnc train --out wrote')
    .requiredOption('--onnx <file>', 'the .onnx file to write')
    .action(async (file: string, opts) => setExit(await (await import('./commands/export.ts')).runExport(file, opts)));

  return program;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number of at least 1, got \`${v}\``);
  return n;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of at least 0, got \`${v}\``);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let exit: number = EXIT.ok;
  const program = buildProgram((c) => (exit = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version succeed; the usage shown because no command was given is bad usage.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const { printUsageError } = await import('./io.ts');
      const message = e.message.replace(/^error: /, '');
      const [text, suggestion] = message.split('\n(Did you mean ');
      printUsageError(
        new UsageError('E0703', text!.trim(), suggestion ? `did you mean ${suggestion.replace(/\?\)$/, '')}?` : 'run `rnnc --help` for the commands and their options', `rnnc ${argv.join(' ')}`),
      );
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      (await import('./io.ts')).printUsageError(e);
      return EXIT.usage;
    }
    if (e instanceof RnncError) {
      (await import('./io.ts')).printLocatedError(e);
      return e.code.startsWith('E07') ? EXIT.usage : EXIT.errors;
    }
    // A bug in rnnc, not a user mistake: say so plainly.
    process.stderr.write(`internal error in rnnc: ${(e as Error).stack ?? String(e)}\nPlease report it with the file that caused it.\n`);
    return 70;
  }
}

// A reader that goes away (`rnnc explain --list | head`) has all it wanted: stop quietly, as
// shell pipelines expect, instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
