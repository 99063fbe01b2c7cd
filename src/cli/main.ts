// rnnc's command line. Commander parses the words; each command returns an exit code:
// 0 clean, 1 when the input has errors, 2 for bad usage or an unreadable file. Every mistake —
// in the .rnn file, a data file, a saved model, the flags — is a diagnostic (code, location,
// hint), as text or, with --format json, as JSON; never a stack trace.

import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit.ts';
// Types only (erased): each command's module loads when it runs.
import type { BuildFlags } from './commands/build.ts';
import type { ExportFlags } from './commands/export.ts';
import type { GenerateFlags } from './commands/generate.ts';
import { GENERATE_FLAGS } from '../console/generate-flags.ts';
import type { GraphFlags } from './commands/graph.ts';
import type { ImportFlags } from './commands/import.ts';
import type { PredictFlags } from './commands/predict.ts';
import type { TrainFlags } from './commands/train.ts';
import { RnncError } from '../runtime/errors.ts';
import { RNNC_VERSION } from '../runtime/save/version.ts';

// Every command is imported when it runs, never before: `--version` and `--help` load nothing but
// commander, `check` / `fmt` / `summary` / `explain` the front end, and only the commands that
// run models load TensorFlow.js (protobufjs only `export`, ts-morph only `build`, vega only
// `--plot`, graphviz only `graph`; `import` loads neither TensorFlow.js nor protobufjs, and jsfive
// only for HDF5 files). Start-up is most of a small job's time; test/architecture.test.ts lists what each
// command loads.
function buildProgram(setExit: (code: number) => void, options?: ModelOptions): Command {
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

  // Every command but the language server reports in text or JSON; main() reads the choice from
  // argv itself, since a mistake in the flags is reported before commander has parsed them.
  const command = (name: string) =>
    program
      .command(name)
      .addOption(new Option('--format <format>', 'how to report diagnostics: text, or JSON (on stderr; check prints its report on stdout)').choices(['text', 'json']).default('text'))
      .option('--json', 'the same as --format json');

  command('check')
    .description('check .rnn files for syntax, shape and type errors')
    .argument('<files...>', '.rnn files to check')
    .action(async (files: string[], opts: { format: string; json?: boolean }) =>
      setExit((await import('./commands/check.ts')).runCheck(files, { format: opts.json ? 'json' : opts.format })),
    );

  command('summary')
    .description("print Keras's model.summary() table")
    .argument('<file>', '.rnn file')
    .option('--model <name>', 'which model, when the file has several')
    .action(async (file: string, opts: { model?: string }) => setExit((await import('./commands/summary.ts')).runSummary(file, opts)));

  command('fmt')
    .description('format .rnn files in place in the canonical layout')
    .argument('<files...>', '.rnn files to format')
    .option('--check', 'only report files that are not formatted (exit 1 if any)')
    .action(async (files: string[], opts: { check?: boolean }) => setExit((await import('./commands/fmt.ts')).runFmt(files, opts)));

  command('explain')
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

  command('graph')
    .description('draw the model as a diagram: layers, shapes, parameter counts and connections')
    .argument('<file>', '.rnn file')
    .option('--model <name>', 'which model, when the file has several')
    .option('-o, --output <file>', 'write the SVG there (a .dot name writes the Graphviz source); default: print the SVG')
    .action(async (file: string, opts: GraphFlags) => setExit(await (await import('./commands/graph.ts')).runGraph(file, opts)));

  command('build')
    .description('write a standalone program that trains the model: TypeScript, or with --target pytorch Python')
    .argument('<file>', '.rnn file')
    .addOption(new Option('--target <target>', 'what to write: a TypeScript program, or a PyTorch one that also runs under torchrun').choices(['typescript', 'pytorch']).default('typescript'))
    .option('-o, --output <file>', 'where to write the program (default: MODEL.ts, or MODEL.py, beside the .rnn file; - prints it)')
    .option('--project <dir>', 'write a folder ready to run instead: the program, its JavaScript and a package.json (npm install && node MODEL.js)')
    .option('--model <name>', 'which model, when the file has several')
    .option('--onnx', 'the TypeScript program also takes --onnx FILE, and writes the trained model there as ONNX')
    .action(async (file: string, opts: BuildFlags) => setExit(await (await import('./commands/build.ts')).runBuild(file, opts)));

  // The commands that run a model share the data options and the backend choice. Their options
  // from the train settings (the data, --batch-size, --epochs, --seed, --out, --log) come from
  // the settings' declarations (train-options.ts), loaded only when one of them runs.
  const withOptions = (c: Command, which: Parameters<ModelOptions>[0]) => {
    for (const o of options?.(which) ?? []) c.addOption(o);
    return c;
  };
  const modelCommand = (name: string, description: string) =>
    withOptions(command(name).description(description).argument('<file>', '.rnn file'), 'shared').addOption(
      new Option('--backend <name>', 'TensorFlow.js backend').choices(['wasm', 'cpu']).default('wasm'),
    );
  const savedModel = (c: Command) => c.requiredOption('--model <dir>', 'the directory rnnc train --out wrote');

  withOptions(modelCommand('train', 'train a model in-process on the WASM backend and save it').option('--model <name>', 'which model, when the file has several'), 'train')
    .option('--plot <file>', 'draw the loss and metric curves per epoch to this SVG file')
    .option('--init <dir>', 'start from the weights of a saved model of this model (rnnc train --out, rnnc import)')
    .action(async (file: string, opts: TrainFlags) => setExit(await (await import('./commands/train.ts')).runTrain(file, opts)));

  savedModel(modelCommand('predict', 'run a trained model on inputs'))
    .option('-o, --output <file>', 'write the predictions to a .npy file (default: print them)')
    .action(async (file: string, opts: PredictFlags) => setExit(await (await import('./commands/predict.ts')).runPredict(file, opts)));

  savedModel(modelCommand('evaluate', "a trained model's loss and metrics on data"))
    .action(async (file: string, opts: PredictFlags) => setExit(await (await import('./commands/predict.ts')).runEvaluate(file, opts)));

  const generate = command('generate')
    .description("generate from a trained model as its decode block says: from source ids, or continuing a prompt")
    .argument('<file>', '.rnn file');
  // The flags an emitted program's `generate` command takes too (src/console/generate-flags.ts).
  for (const f of GENERATE_FLAGS) {
    if (f.repeatable) generate.option(`${f.name} <${f.value}>`, f.doc, (v: string, all: string[] = []) => [...all, v]);
    else generate[f.required ? 'requiredOption' : 'option'](`${f.name} <${f.value}>`, f.doc);
  }
  generate
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['wasm', 'cpu']).default('wasm'))
    .action(async (file: string, opts: GenerateFlags) => setExit(await (await import('./commands/generate.ts')).runGenerate(file, opts)));

  program
    .command('export')
    .description('write a trained model as an ONNX graph (opset 14), for onnxruntime and other ONNX runtimes')
    .argument('<file>', '.rnn file')
    .requiredOption('--model <dir>', 'the directory rnnc train --out wrote')
    .requiredOption('--onnx <file>', 'the .onnx file to write')
    .action(async (file: string, opts: ExportFlags) => setExit(await (await import('./commands/export.ts')).runExport(file, opts)));

  command('import')
    .description('write a TensorFlow.js model.json, a Keras 3 .keras or a legacy Keras .h5 model as a .rnn file and its weights')
    .argument('<file>', 'model.json (its weight files beside it), .keras or .h5')
    .requiredOption('-o, --output <file>', 'the .rnn file to write')
    .option('--weights <dir>', 'the weights directory to write, for predict/evaluate --model (default: the .rnn file\'s name without .rnn)')
    .option('--name <name>', 'the model\'s name in the .rnn file (default: the source model\'s)')
    .option('--force', 'replace the .rnn file if it exists')
    .action(async (file: string, opts: ImportFlags) => setExit(await (await import('./commands/import.ts')).runImport(file, opts)));

  return program;
}

type ModelOptions = typeof import('./train-options.ts').modelOptions;

/** The commands whose options come from the train settings (train-options.ts). */
const MODEL_COMMANDS = ['train', 'predict', 'evaluate'];

export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  // The JSON report loads the renderer up front; a text run loads it only if something goes wrong.
  if (json) (await import('./io.ts')).reportInJson();
  try {
    return await run(argv);
  } finally {
    if (json) (await import('./io.ts')).flushJsonReport();
  }
}

async function run(argv: string[]): Promise<number> {
  let exit: number = EXIT.ok;
  const command = argv[0] === 'help' ? argv[1] : argv[0];
  const options = command !== undefined && MODEL_COMMANDS.includes(command) ? (await import('./train-options.ts')).modelOptions : undefined;
  const program = buildProgram((c) => (exit = c), options);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version succeed; the usage shown because no command was given is bad usage.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const message = e.message.replace(/^error: /, '');
      const [text, suggestion] = message.split('\n(Did you mean ');
      const hint = suggestion ? `did you mean ${suggestion.replace(/\?\)$/, '')}?` : 'run `rnnc --help` for the commands and their options';
      (await import('./io.ts')).printError(new RnncError('E0703', text!.trim(), { context: `rnnc ${argv.join(' ')}` }, hint));
      return EXIT.usage;
    }
    if (e instanceof RnncError) {
      (await import('./io.ts')).printError(e);
      return e.code.startsWith('E07') ? EXIT.usage : EXIT.errors;
    }
    // A bug in rnnc, not a user mistake: say so plainly.
    process.stderr.write(`internal error in rnnc: ${(e as Error).stack ?? String(e)}\nPlease report it with the file that caused it.\n`);
    return 70;
  }
}

/** Whether the words ask for the JSON report: `--json`, `--format json` or `--format=json`, before
 *  any `--` (after it, words are arguments). Read from argv, since a bad flag fails the parse. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const words = end < 0 ? argv : argv.slice(0, end);
  return words.some((w, i) => w === '--json' || w === '--format=json' || (w === '--format' && words[i + 1] === 'json'));
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
