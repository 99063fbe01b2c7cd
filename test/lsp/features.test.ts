// The server's features called in-process on small documents, each case written with `|` where
// the cursor is: what completion offers, what hover says, the inlay hints, symbols, names.
// test/lsp/server.test.ts proves the same features over stdio against the real process.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Analysis } from '../../src/lsp/analysis.ts';
import { completion } from '../../src/lsp/completion.ts';
import { hover } from '../../src/lsp/hover.ts';
import { inlayHints } from '../../src/lsp/inlay-hints.ts';
import { documentSymbols } from '../../src/lsp/symbols.ts';
import { nameAt } from '../../src/lsp/names.ts';
import { TRAIN_SETTINGS } from '../../src/lsp/vocabulary.ts';
import { check } from '../../src/compiler/check.ts';
import { LAYERS } from '../../src/compiler/layers/registry.ts';
import { ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS } from '../../src/compiler/vocab/index.ts';

/** The analysis of `text` without its `|`, and the cursor's offset. */
function at(marked: string): { a: Analysis; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | in the case');
  return { a: new Analysis('file:///t.rnn', 1, marked.slice(0, offset) + marked.slice(offset + 1)), offset };
}

const labels = (marked: string): string[] => {
  const { a, offset } = at(marked);
  return completion(a, offset).map((i) => i.label);
};

const names = (vocab: readonly { name: string }[]) => vocab.map((e) => e.name);

describe('completion', () => {
  it('offers every layer, with its documentation, where a statement starts', () => {
    for (const text of ['model m {\n  |\n}', 'model m {\n  LSTM(4, input=(3, 2))\n  Den|\n}', 'model m {\n  x = Input(shape=(3,))\n  y = |\n}']) {
      const { a, offset } = at(text);
      const items = completion(a, offset);
      expect(items.map((i) => i.label)).toEqual(expect.arrayContaining([...LAYERS.keys()]));
      const lstm = items.find((i) => i.label === 'LSTM')!;
      expect(JSON.stringify(lstm.documentation)).toContain(JSON.stringify(LAYERS.get('LSTM')!.doc).slice(1, -1));
    }
  });

  it('offers the arguments of the layer being typed, without those already given', () => {
    const got = labels('model m {\n  LSTM(64, return_sequences=true, |\n}');
    expect(got).toEqual(expect.arrayContaining(['activation=', 'dropout=', 'return_state=', 'input=', 'name=']));
    expect(got).not.toContain('units=');
    expect(got).not.toContain('return_sequences=');
    // Given after the cursor counts too; so does an alias (input_shape for input).
    const later = labels('model m {\n  GRU(8, |, dropout=0.1, input_shape=(3, 2))\n}');
    expect(later).not.toContain('dropout=');
    expect(later).not.toContain('input=');
    expect(later).toContain('reset_after=');
    // A half-typed argument name is the word being completed, not an argument given.
    expect(labels('model m {\n  LSTM(64, ret|\n}')).toContain('return_sequences=');
  });

  it("offers an argument's values: activations, initializers, booleans, recurrent layers", () => {
    expect(labels('model m {\n  Dense(1, activation=|)\n}')).toEqual(expect.arrayContaining(names(ACTIVATIONS)));
    expect(labels('model m {\n  Dense(1, activation=sig|)\n}')).toContain('sigmoid');
    expect(labels('model m {\n  LSTM(8, kernel_initializer=|\n}')).toEqual(expect.arrayContaining(names(INITIALIZERS)));
    expect(labels('model m {\n  LSTM(8, return_sequences=|)\n}')).toEqual(['true', 'false']);
    const wrapped = labels('model m {\n  Bidirectional(|)\n}');
    expect(wrapped).toEqual(expect.arrayContaining(['LSTM', 'GRU', 'SimpleRNN', 'layer=', 'merge_mode=']));
    expect(wrapped).not.toContain('Dense');
    expect(labels('model m {\n  Activation(|)\n}')).toContain('relu');
    expect(labels('model m {\n  Dense(1, kernel_initializer=random_normal(|))\n}')).toEqual(expect.arrayContaining(['mean=', 'stddev=', 'seed=']));
  });

  it("offers the train block's settings, losses, optimizers, metrics, callbacks and their arguments", () => {
    const settings = labels('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = mse\n  |\n}');
    expect(settings).toEqual(expect.arrayContaining(['optimizer', 'epochs', 'metrics']));
    expect(settings).not.toContain('loss');
    expect(labels('train {\n  loss = |\n}')).toEqual(expect.arrayContaining(names(LOSSES)));
    expect(labels('train {\n  optimizer = |\n}')).toEqual(expect.arrayContaining([...names(OPTIMIZERS), 'Adam']));
    expect(labels('train {\n  optimizer = Adam(|)\n}')).toEqual(expect.arrayContaining(['learning_rate=', 'clipnorm=', 'beta_1=']));
    expect(labels('train {\n  metrics = [|]\n}')).toContain('accuracy');
    expect(labels('train {\n  callbacks = [EarlyStopping(monitor=val_loss, |)]\n}')).toContain('patience=');
    expect(labels('train {\n  shuffle = |\n}')).toEqual(['true', 'false']);
  });

  it('offers the names bound so far where a functional model takes a tensor', () => {
    const text = 'model f {\n  a = Input(shape=(5, 2))\n  b = LSTM(4, return_sequences=true)(|)\n  c = GRU(3)(b)\n  output c\n}';
    expect(labels(text)).toEqual(['a', 'initial_state=']);
    expect(labels('model f {\n  a = Input(shape=(5, 2))\n  b = Dense(4)(a)\n  output |\n}')).toEqual(['a', 'b']);
    expect(labels('model f {\n  a = Input(shape=(5, 2))\n  b = Dense(2)(a)\n  c = Add()([a, |])\n}')).toEqual(['a', 'b']);
    const { a, offset } = at('model f {\n  a = Input(shape=(5, 2))\n  b = Dense(4)(a)\n  output |\n}');
    expect(completion(a, offset).find((i) => i.label === 'b')?.detail).toBe('(None, 5, 4)');
  });

  it('offers keywords between blocks, model names after `train`, and nothing in comments, strings or numbers', () => {
    expect(labels('model m {\n  Dense(1, input=(3,))\n}\n|')).toEqual(['model', 'train', 'decode']);
    expect(labels('model m {\n  Dense(1, input=(3,))\n}\ntrain |')).toEqual(['m']);
    expect(labels('model m {\n  # LSTM(|\n}')).toEqual([]);
    expect(labels('model m {\n  Dense(1, name="de|")\n}')).toEqual([]);
    expect(labels('model m {\n  Dense(1|)\n}')).toEqual([]);
    expect(labels('model |')).toEqual([]);
  });

  // Issue 19: `toString in CLOSER` was true, and CLOSER.toString has no `includes`.
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('completes after a statement named %s', (word) => {
    expect(labels(`model m {\n  ${word}\n  |\n}`)).toContain('LSTM');
    expect(labels(`model m {\n  ${word}(|)\n}`)).toEqual([]);
    expect(labels(`model m {\n  x = Input(shape=(3,))\n  ${word} = Dense(1)(x)\n  y = Dense(1)(|)\n}`)).toEqual(expect.arrayContaining(['x', word]));
  });

  it('keeps an unclosed bracket inside its block', () => {
    const text = 'model m {\n  LSTM(64, \n}\nmodel n {\n  |\n}';
    expect(labels(text)).toContain('GRU');
  });
});

describe('hover', () => {
  const hoverText = (marked: string): string => {
    const { a, offset } = at(marked);
    const h = hover(a, offset);
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };

  it("shows a layer's output shape, parameter count and documentation", () => {
    const text = hoverText('model m {\n  LS|TM(64, input=(20, 8))\n  Dense(1)\n}');
    expect(text).toContain('**lstm** (LSTM)');
    expect(text).toContain('`(None, 20, 8)` → `(None, 64)`');
    expect(text).toContain('18,688 parameters');
    expect(text).toContain(LAYERS.get('LSTM')!.doc);
  });

  it('shows a Normalization’s non-trainable parameters and its mean argument, from the registry', () => {
    const text = hoverText('model m {\n  Normaliz|ation(input=(5, 3))\n  LSTM(2)\n}');
    expect(text).toContain('**normalization** (Normalization)');
    expect(text).toContain('`(None, 5, 3)` → `(None, 5, 3)`');
    expect(text).toContain('7');
    expect(text).toContain(LAYERS.get('Normalization')!.doc);
    expect(hoverText('model m {\n  Normalization(me|an=1.0, variance=4.0, input=(3,))\n}')).toContain('The mean to subtract');
    expect(labels('model m {\n  Normalization(|, input=(3,))\n}')).toEqual(expect.arrayContaining(['axis=', 'mean=', 'variance=', 'invert=']));
  });

  it('completes and hovers TextVectorization’s arguments and their values, from the registry', () => {
    const tv = (args: string) => `model m {\n  TextVectorization(${args}, input=(1,))\n}`;
    expect(labels(tv('|'))).toEqual(expect.arrayContaining(['max_tokens=', 'standardize=', 'split=', 'output_sequence_length=', 'replace=']));
    expect(labels(tv('standardize=|'))).toEqual(expect.arrayContaining(['lower_and_strip_punctuation', 'lower', 'strip_punctuation']));
    expect(labels(tv('split=|'))).toEqual(expect.arrayContaining(['whitespace', 'character']));
    expect(labels(tv('replace=|'))).toEqual(expect.arrayContaining(['num', 'url', 'num_and_url']));
    expect(labels(tv('output_mode=|'))).toEqual(expect.arrayContaining(['int', 'multi_hot']));
    expect(labels('model m {\n  t = Input(shape=(1,), dtype=|)\n}')).toEqual(expect.arrayContaining(['string']));
    expect(hoverText(tv('standardize=lo|wer'))).toContain('Lowercase ASCII letters only');
  });

  it('shows the inner layer of a wrapper with its own shapes', () => {
    const text = hoverText('model m {\n  Bidirectional(L|STM(16), input=(10, 4))\n}');
    expect(text).toContain('inside bidirectional (Bidirectional)');
    expect(text).toContain('`(None, 16)`');
  });

  it('shows arguments, values, settings, bound names and models', () => {
    expect(hoverText('model m {\n  Dense(1, activ|ation=relu, input=(3,))\n}')).toContain('default `linear`');
    expect(hoverText('model m {\n  Dense(1, activation=re|lu, input=(3,))\n}')).toContain('**relu** (activation)');
    expect(hoverText('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = ms|e\n}')).toContain('**mean_squared_error** (loss)');
    expect(hoverText('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  optimizer = Ad|am(learning_rate=0.1)\n}')).toContain('**adam** (optimizer)');
    expect(hoverText('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  epo|chs = 3\n}')).toContain('Passes over the training data');
    expect(hoverText('model f {\n  a = Input(shape=(5, 2))\n  b = Dense(4)(a)\n  output |b\n}')).toBe('`b`: `(None, 5, 4)`');
    expect(hoverText('model f {\n  a = In|put(shape=(5, 2))\n  output Dense(4)(a)\n}')).toContain('**input** `input_layer`: `(None, 5, 2)`');
    expect(hoverText('model f|f {\n  a = Input(shape=(5, 2))\n  b = Dense(4)(a)\n  output b\n}')).toContain('12 parameters');
  });

  it('says the shape is unknown after an error rather than guessing', () => {
    expect(hoverText('model m {\n  LSTM(8, input=(3, 2))\n  LSTM(4)\n  De|nse(1)\n}')).toContain('unknown');
  });
});

describe('inlay hints', () => {
  it('show the output shape at the end of each layer line, the outermost application of a line', () => {
    const text = 'model f {\n  src = Input(shape=(None,), dtype=int32)\n  h = LSTM(8)(Embedding(100, 4)(src))\n  output Dense(1)(h)\n}\n';
    const a = new Analysis('file:///t.rnn', 1, text);
    const hints = inlayHints(a, 0, text.length);
    expect(hints.map((h) => [h.position.line, h.label])).toEqual([
      [1, '→ (None, None)'],
      [2, '→ (None, 8)'],
      [3, '→ (None, 1)'],
    ]);
    expect(hints[1]!.position.character).toBe(text.split('\n')[2]!.length);
    // Only those in the requested range.
    expect(inlayHints(a, text.indexOf('h ='), text.indexOf('output'))).toHaveLength(1);
  });
});

describe('symbols and names', () => {
  const functional = 'model f {\n  a = Input(shape=(5, 2))\n  _, h = GRU(4, return_state=true)(a)\n  out = Dense(1)(h)\n  output out\n}\ntrain f {\n  loss = mse\n}\n';

  // Each model's declaration found its checked model by a search over all of them: 50,000
  // models (1 MB) took 12 s to list.
  it('lists 50,000 models, each with its own layer', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `model m${i} { Dense(${i + 1}, input=(2,)) }`).join('\n');
    const symbols = documentSymbols(new Analysis('file:///t.rnn', 1, text));
    expect(symbols).toHaveLength(50_000);
    expect(symbols[43_210]!.children!.map((s) => s.detail)).toEqual(['Dense → (None, 43211)']);
  }, 30_000);

  it('lists models with their layers and bindings, and train blocks with their settings', () => {
    const symbols = documentSymbols(new Analysis('file:///t.rnn', 1, functional));
    expect(symbols.map((s) => s.name)).toEqual(['f', 'train f']);
    expect(symbols[0]!.children!.map((s) => s.name)).toEqual(['a', 'h', 'out', 'output']);
    expect(symbols[0]!.children![1]!.children!.map((s) => `${s.name} ${s.detail}`)).toEqual(['gru GRU → (None, 4), (None, 4)']);
    expect(symbols[1]!.children!.map((s) => s.name)).toEqual(['loss']);
    const seq = documentSymbols(new Analysis('file:///t.rnn', 1, 'model s {\n  LSTM(4, input=(3, 2))\n  Dense(1)\n}'));
    expect(seq[0]!.children!.map((s) => s.name)).toEqual(['lstm', 'dense']);
  });

  it('finds the definition and every use of a name, in its model only', () => {
    const a = new Analysis('file:///t.rnn', 1, functional + 'model g {\n  h = Input(shape=(3,))\n  output h\n}\n');
    const use = functional.indexOf('(h)') + 1;
    const info = nameAt(a, use)!;
    expect(info.name).toBe('h');
    expect(info.definition).toEqual({ start: functional.indexOf('h ='), end: functional.indexOf('h =') + 1 });
    expect(info.occurrences).toHaveLength(2);
    expect(nameAt(a, functional.indexOf('train f') + 7)!.occurrences).toHaveLength(2);
    // A setting's value is not a name of the model.
    expect(nameAt(a, functional.indexOf('mse') + 1)).toBeUndefined();
  });
});

describe('the train settings completion offers', () => {
  it('are exactly the ones the checker accepts', () => {
    for (const s of TRAIN_SETTINGS) {
      const { diagnostics } = check(`model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = mse\n  ${s.name} = 1\n}\n`);
      expect(diagnostics.filter((d) => d.message.includes('has no setting')), s.name).toEqual([]);
    }
    const { diagnostics } = check('model m {\n  Dense(1, input=(3,))\n}\ntrain {\n  loss = mse\n  nonsense = 1\n}\n');
    expect(diagnostics.some((d) => d.message.includes('has no setting'))).toBe(true);
  });
});

describe('src/lsp', () => {
  it('never loads the runtime or TensorFlow.js, not even through another module', () => {
    const root = fileURLToPath(new URL('../../src/', import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^@tensorflow\//);
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      }
    };
    for (const f of readdirSync(join(root, 'lsp'))) visit(join(root, 'lsp', f));
    expect([...seen].filter((f) => f.includes('/src/runtime/') || f.includes('/src/cli/'))).toEqual([]);
  });
});
