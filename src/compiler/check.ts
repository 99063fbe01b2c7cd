// The checker's entry point: a parsed file becomes checked models (the IR) and diagnostics.
// It never throws on a user's mistake; a model with errors is still returned, with unknown
// types where inference stopped, so the editor can show what is known.

import type { CallExpr, DecodeDecl, FileNode, ModelDecl, TrainDecl } from '../parser/ast.ts';
import { assignDecodeBlocks, checkDecode } from './decode.ts';
import { parse, type ParseResult } from '../parser/index.ts';
import type { SourceText } from '../source/text.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { NameAllocator, type CheckContext } from './context.ts';
import { checkFunctional } from './functional.ts';
import type { CheckedModel } from './ir.ts';
import type { LayerValue } from './config-value.ts';
import { checkInnerCtor } from './layer-call.ts';
import { checkSequential } from './sequential.ts';
import { SuggestBudget } from './suggest.ts';
import { checkTrain } from './train.ts';
import { layerVocab } from './vocab-access.ts';
import type { ValueContext } from './args.ts';

export interface CheckResult {
  readonly parse: ParseResult;
  readonly models: readonly CheckedModel[];
  /** Parse and check diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse and check a source text. */
export function check(text: string, path = '<input>'): CheckResult {
  return checkParsed(parse(text, path));
}

export function checkParsed(parsed: ParseResult): CheckResult {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const models = checkFile(parsed.file, parsed.source, (d) => diagnostics.push(d));
  return { parse: parsed, models, diagnostics: sortDiagnostics(dedupe(diagnostics)) };
}

function checkFile(file: FileNode, source: SourceText, report: (d: Diagnostic) => void): CheckedModel[] {
  const modelDecls = file.decls.filter((d): d is ModelDecl => d.kind === 'Model');
  const trainDecls = file.decls.filter((d): d is TrainDecl => d.kind === 'Train');
  const trainFor = assignTrainBlocks(modelDecls, trainDecls, report);
  const decodeFor = assignDecodeBlocks(modelDecls, file.decls.filter((d): d is DecodeDecl => d.kind === 'Decode'), report);
  const suggestions = new SuggestBudget(source.text.length);
  const seen = new Map<string, ModelDecl>();
  const models: CheckedModel[] = [];
  for (const decl of modelDecls) {
    const name = decl.name?.name;
    if (name !== undefined) {
      const first = seen.get(name);
      if (first) {
        report(diagnostic('E0410', decl.name!.range, `a model named \`${name}\` is already defined`, { label: 'defined again', related: [{ range: first.name!.range, message: 'first defined here' }], hint: 'rename one of them' }));
      } else seen.set(name, decl);
    }
    const ctx = new ModelContext(source, report, suggestions);
    const functional = isFunctional(decl);
    const body = functional ? checkFunctional(decl, ctx) : checkSequential(decl, ctx);
    const train = trainFor.get(decl);
    const trainConfig = train ? checkTrain(train, body, ctx) : undefined;
    let trainable = 0;
    let nonTrainable = 0;
    for (const n of body.nodes) {
      trainable += n.layer.params.trainable;
      nonTrainable += n.layer.params.nonTrainable;
    }
    // Two literals rather than a spread of the optional `train`: a literal with a spread is
    // built key by key, once per model. The keys keep one order either way.
    const kind = functional ? 'functional' : 'sequential';
    const params = { trainable, nonTrainable };
    const nameRange = decl.name?.range ?? decl.keyword;
    const { inputs, nodes, outputs, outputTypes } = body;
    const model: CheckedModel = trainConfig
      ? { name: name ?? '', kind, inputs, nodes, outputs, outputTypes, params, train: trainConfig, range: decl.range, nameRange }
      : { name: name ?? '', kind, inputs, nodes, outputs, outputTypes, params, range: decl.range, nameRange };
    const decodeDecl = decodeFor.get(decl);
    const decode = decodeDecl ? checkDecode(decodeDecl, decl, model, report) : undefined;
    models.push(decode ? { ...model, decode } : model);
  }
  // Train blocks that belong to no model are still checked, for their own mistakes.
  const assigned = new Set(trainFor.values());
  for (const t of trainDecls) {
    if (!assigned.has(t)) checkTrain(t, undefined, new ModelContext(source, report, suggestions));
  }
  return models;
}

/**
 * The context of one model is its own value context: inner layers of wrappers are checked with
 * the same naming and reporting as the model's own layers. A class rather than an object of
 * closures: one is made per model, and a closure made at run time costs more than it looks
 * (under tsx, esbuild's keepNames wraps each one in a call that defines its name).
 */
class ModelContext implements CheckContext, ValueContext {
  readonly names = new NameAllocator();
  readonly values: ValueContext = this;
  readonly vocab = layerVocab;

  constructor(
    readonly source: SourceText,
    readonly report: (d: Diagnostic) => void,
    readonly suggestions: SuggestBudget,
  ) {}

  checkInnerLayer(call: CallExpr, recurrentOnly: boolean, owner: string): LayerValue | undefined {
    return checkInnerCtor(call, recurrentOnly, owner, this);
  }
}

export function isFunctional(decl: ModelDecl): boolean {
  for (const s of decl.body) if (s.kind === 'BindStmt' || s.kind === 'OutputStmt') return true;
  return false;
}


/** Which model each train block trains: its name, or the only model of the file. */
function assignTrainBlocks(models: ModelDecl[], trains: TrainDecl[], report: (d: Diagnostic) => void): Map<ModelDecl, TrainDecl> {
  const out = new Map<ModelDecl, TrainDecl>();
  // The first model of each name, as a search from the top would find it.
  const byName = new Map<string, ModelDecl>();
  for (const m of models) if (m.name && !byName.has(m.name.name)) byName.set(m.name.name, m);
  for (const t of trains) {
    let target: ModelDecl | undefined;
    if (t.model) {
      target = byName.get(t.model.name);
      if (!target) {
        const names = models.flatMap((m) => (m.name ? [m.name.name] : []));
        report(
          diagnostic('E0504', t.model.range, `there is no model named \`${t.model.name}\``, {
            label: 'unknown model',
            hint: names.length ? `models in this file: ${names.join(', ')}` : 'define it with `model NAME { … }`',
            ...(names.length === 1 ? { fixes: [{ title: `change to \`${names[0]}\``, edits: [{ range: t.model.range, newText: names[0]! }] }] } : {}),
          }),
        );
        continue;
      }
    } else if (models.length === 1) {
      target = models[0];
    } else {
      report(
        diagnostic('E0505', t.keyword, models.length ? `this file has ${models.length} models; say which one this block trains` : 'there is no model for this train block to train', {
          label: 'which model?',
          hint: models.length ? `write \`train ${models[0]!.name?.name ?? 'NAME'} { … }\`` : 'define a model with `model NAME { … }`',
        }),
      );
      continue;
    }
    if (!target) continue;
    const earlier = out.get(target);
    if (earlier) {
      report(diagnostic('E0511', t.keyword, `model \`${target.name?.name ?? ''}\` already has a train block`, { label: 'second train block', related: [{ range: earlier.keyword, message: 'first train block' }], hint: 'merge the two blocks' }));
      continue;
    }
    out.set(target, t);
  }
  return out;
}

/** The same diagnostic reached twice (a wrapper re-checking its inner layer, say) is shown once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.range.start}:${d.range.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
