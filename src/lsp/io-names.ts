// The model's input and output names inside a train block's records, for completion and hover:
// `data = { x = { src = …, tgt = … }, y = { … } }` (and validation_data's) key files by input
// (x) and output (y) name; `loss`, `loss_weights` and `metrics` records key by output name.
// Each name comes with its shape, from the model the block trains.

import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { inputNames, outputNames } from '../compiler/io-names.ts';
import type { CheckedModel } from '../compiler/ir.ts';
import { formatType, type ValueType } from '../compiler/tensor-type.ts';
import type { TrainDecl } from '../parser/ast.ts';
import type { Analysis } from './analysis.ts';
import type { Frame } from './completion-context.ts';
import type { AstNode } from './syntax.ts';

/** What a record's keys name: the model's inputs, or its outputs. */
export type IoRole = 'input' | 'output';

const FILE_SETTINGS: ReadonlySet<string> = new Set(['data', 'validation_data']);
const PER_OUTPUT_SETTINGS: ReadonlySet<string> = new Set(['loss', 'loss_weights', 'metrics']);

/** The role of a record's keys from the keys above it: [the setting, the entry inside it]. */
function role(setting: string | undefined, inner: string | undefined): IoRole | undefined {
  if (setting === undefined) return undefined;
  if (inner === undefined) return PER_OUTPUT_SETTINGS.has(setting) ? 'output' : undefined;
  if (!FILE_SETTINGS.has(setting)) return undefined;
  return inner === 'x' ? 'input' : inner === 'y' ? 'output' : undefined;
}

/** The model a train block trains: the one it names, or the file's only model (check.ts's rule). */
function trainedModel(a: Analysis, decl: TrainDecl): CheckedModel | undefined {
  const models = a.result.models;
  if (decl.model) return models.find((m) => m.name === decl.model!.name);
  return models.length === 1 ? models[0] : undefined;
}

function names(model: CheckedModel, r: IoRole): { name: string; type: ValueType | undefined }[] {
  return r === 'input' ? inputNames(model).map((name, i) => ({ name, type: model.inputs[i]?.type })) : outputNames(model).map((name, i) => ({ name, type: model.outputTypes[i] }));
}

const describe = (r: IoRole, type: ValueType | undefined) => `model ${r}${type ? `: ${formatType(type)}` : ''}`;

/** Completion at a key of a record frame: the names its keys take, without those given. */
export function recordKeyItems(a: Analysis, offset: number, frame: Frame): CompletionItem[] {
  const setting = frame.parent?.kind === 'train' ? frame.parentKey : frame.parent?.parent?.kind === 'train' ? frame.parent.parentKey : undefined;
  const inner = frame.parent?.kind === 'train' ? undefined : frame.parentKey;
  const r = role(setting, inner);
  const decl = a.result.parse.file.decls.find((d): d is TrainDecl => d.kind === 'Train' && d.range.start <= offset && offset <= d.range.end);
  const model = r && decl ? trainedModel(a, decl) : undefined;
  if (!r || !model) return [];
  return names(model, r)
    .filter((n) => !frame.given.has(n.name))
    .map((n) => ({ label: n.name, kind: CompletionItemKind.Field, detail: describe(r, n.type), insertText: `${n.name} = ` }));
}

/** Hover on a key of a record in a train block (path: the nodes down to the key's Entry, at `at`). */
export function recordKeyHover(a: Analysis, path: readonly AstNode[], at: number): string | undefined {
  const decl = path[0];
  const entry = path[at];
  if (decl?.kind !== 'Train' || entry?.kind !== 'Entry' || path[at - 1]?.kind !== 'Record') return undefined;
  const keyOf = (n: AstNode | undefined) => (n?.kind === 'Entry' ? n.key.name : undefined);
  // The setting's Entry is path[1]; a file record sits one record deeper (data = { x = { … } }).
  const r = at === 3 ? role(keyOf(path[1]), undefined) : at === 5 ? role(keyOf(path[1]), keyOf(path[3])) : undefined;
  const model = r ? trainedModel(a, decl) : undefined;
  if (!r || !model) return undefined;
  const found = names(model, r).find((n) => n.name === entry.key.name);
  return found ? `\`${found.name}\`: ${describe(r, found.type)} of \`${model.name}\`` : undefined;
}
