// A decode block whose fed input is raw text: the target sentence, through its own
// TextVectorization. Keras's translation recipe (keras.io, "English-to-Spanish translation with a
// sequence-to-sequence Transformer") wraps every target in "[start] … [end]", vectorizes it once
// and trains on decoder_inputs = ids[:, :-1], labels = ids[:, 1:]. rnnc says the same in the
// decode block: `start = "[start]"` and `end = "[end]"` name the two tokens, which become reserved
// ids of the fed TextVectorization's vocabulary (right after "" and "[UNK]" and any [NUM]/[URL]),
// and the training data needs no labels: each target's ids, wrapped in start and end, give the
// decoder's input (all but the last) and the labels (all but the first). Reserved ids, where
// Keras adapts the two words like any other, keep them out of reach of max_tokens and of the
// standardizer (which would strip Keras's brackets, hence its custom_standardization).

import type { DecodeDecl } from '../parser/ast.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Range } from '../source/text.ts';
import type { CheckedModel, DecodeText, IRNode } from './ir.ts';
import { reservedTokens, specialTokenCount } from './layers/text-vectorization.ts';

type Report = (d: Diagnostic) => void;

export type DecodeToken = { id: number; token?: undefined; range: Range } | { id?: undefined; token: string; range: Range };

export interface TextFeed {
  /** The TextVectorization reading the fed text: its output is where generated ids enter. */
  readonly node: IRNode;
  readonly start: number;
  readonly end: number;
  readonly text: DecodeText;
}

const SPARSE = 'sparse_categorical_crossentropy';

/** The fed text input's TextVectorization and the reserved ids of `start` and `end`; undefined after reporting why not. */
export function checkTextFeed(decl: DecodeDecl, tokens: { start?: DecodeToken; end?: DecodeToken }, model: CheckedModel, feed: { index: number; name: string }, report: Report): TextFeed | undefined {
  const input = { ...model.inputs[feed.index]!, name: feed.name };
  const readers = model.nodes.filter((n) => n.inputs.some((r) => r.node === -1 && r.index === feed.index));
  const tv = readers.length === 1 && readers[0]!.layer.type === 'TextVectorization' ? readers[0]! : undefined;
  if (!tv || tv.layer.type !== 'TextVectorization') {
    report(
      diagnostic('E0549', input.range, `the fed text input \`${input.name}\` is read by ${readers.length} layers; generation feeds each chosen token back through one TextVectorization`, {
        label: 'needs one TextVectorization',
        hint: `read \`${input.name}\` with one \`TextVectorization(…)\` and an Embedding after it`,
      }),
    );
    return undefined;
  }
  const config = tv.layer.config;
  let ok = true;
  if (config.ngrams !== null) {
    report(diagnostic('E0549', tv.layer.range, 'a TextVectorization with ngrams makes tokens of several words, which cannot be generated one token at a time', { label: `ngrams=${config.ngrams}`, hint: 'drop ngrams from the target\'s TextVectorization' }));
    ok = false;
  }
  const special = specialTokenCount(config);
  if (config.max_tokens !== null && config.max_tokens <= special + 2) {
    report(
      diagnostic('E0549', tv.layer.range, `max_tokens=${config.max_tokens} leaves no room for a word: ids 0 to ${special + 1} are the padding, [UNK]${special > 2 ? ', the reserved tokens' : ''} and the decode block's start and end tokens`, {
        label: `needs more than ${special + 2}`,
        related: [{ range: decl.keyword, message: 'start and end reserved here' }],
        hint: `give at least max_tokens=${special + 3}`,
      }),
    );
    ok = false;
  }
  const taken = ['', '[UNK]', ...reservedTokens(config.replace)];
  const texts: string[] = [];
  for (const key of ['start', 'end'] as const) {
    const t = tokens[key];
    const example = key === 'start' ? '"[start]"' : '"[end]"';
    if (!t) {
      report(diagnostic('E0548', decl.keyword, `the fed input \`${input.name}\` is text: the decode block needs \`${key}\`, the token ${key === 'start' ? 'that opens' : 'that closes'} each target`, { label: `no \`${key}\``, hint: `add \`${key} = ${example}\`` }));
      ok = false;
    } else if (t.token === undefined) {
      report(
        diagnostic('E0548', t.range, `the fed input \`${input.name}\` is text, so \`${key}\` is a token written as text; its id comes from the vocabulary`, {
          label: 'a token id',
          hint: `write \`${key} = ${example}\``,
          fixes: [{ title: `use ${example}`, edits: [{ range: t.range, newText: example }] }],
        }),
      );
      ok = false;
    } else if (t.token.trim() === '' || taken.includes(t.token) || texts.includes(t.token)) {
      const why = t.token.trim() === '' ? 'is empty' : texts.includes(t.token) ? 'is the start token too' : `is already id ${taken.indexOf(t.token)} of the vocabulary`;
      report(diagnostic('E0548', t.range, `the ${key} token ${JSON.stringify(t.token)} ${why}`, { label: 'not a token of its own', hint: `use a token of its own, such as ${example}` }));
      ok = false;
    } else texts.push(t.token);
  }
  const train = model.train;
  if (train && train.loss.name !== SPARSE) {
    report(
      diagnostic('E0550', decl.keyword, `the labels of a text-fed decoder are the target's token ids, which ${train.loss.name} cannot read`, {
        label: 'labels made from the fed text',
        related: [{ range: train.range, message: `loss = ${train.loss.name}` }],
        hint: 'use `loss = sparse_categorical_crossentropy`',
      }),
    );
    ok = false;
  }
  if (!ok) return undefined;
  return { node: tv, start: special, end: special + 1, text: { layer: tv.layer.name, start: texts[0]!, end: texts[1]! } };
}

/** A token written as text for a feed that reads ids: E0547. Whether all tokens are ids. */
export function idTokensOnly(tokens: { start?: DecodeToken; end?: DecodeToken }, inputName: string, report: Report): boolean {
  let ok = true;
  for (const key of ['start', 'end'] as const) {
    const t = tokens[key];
    if (t?.token === undefined) continue;
    report(
      diagnostic('E0547', t.range, `\`${key} = ${JSON.stringify(t.token)}\` names a token as text, but the fed input \`${inputName}\` reads token ids and has no vocabulary`, {
        label: 'text token without a vocabulary',
        hint: `give the token's id (\`${key} = ${key === 'start' ? 1 : 2}\`), or make \`${inputName}\` a text input read by a TextVectorization`,
      }),
    );
    ok = false;
  }
  return ok;
}
