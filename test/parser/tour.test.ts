// The examples of the language tour (LANGUAGE.md §2) parse with no diagnostics, into the AST the
// later phases expect: kinds, names, values, and ranges shown as the source text they cover.

import { describe, expect, it } from 'vitest';
import type { Arg, LayerStmt, ModelDecl, TrainDecl } from '../../src/parser/index.ts';
import { outline, parseChecked } from './helpers.ts';
import { NEXT_NUMBER, SENTIMENT, TRANSLATE } from './tour.ts';

describe('the language tour', () => {
  it('next_number.rnn: a Sequential model and a train block', () => {
    const r = parseChecked(NEXT_NUMBER);
    expect(r.diagnostics).toEqual([]);
    expect(r.comments.map((c) => c.text)).toEqual(['# next_number.rnn — an LSTM learns to continue 5 consecutive numbers']);
    expect(outline(r.file, NEXT_NUMBER)).toBe(
      [
        'Model next_number "model next_number {"…"}"',
        '  Layer Call LSTM "LSTM(1, input=(5, 1))"',
        '    args "(1, input=(5, 1))"',
        '      Number 1 int "1"',
        '      input= Tuple "(5, 1)"',
        '        Number 5 int "5"',
        '        Number 1 int "1"',
        'Train (only model) "train {"…"}"',
        '  loss = Name mean_absolute_error "mean_absolute_error"',
        '  optimizer = Call Adam "Adam(learning_rate=0.01)"',
        '    args "(learning_rate=0.01)"',
        '      learning_rate= Number 0.01 "0.01"',
        '  epochs = Number 500 int "500"',
        '  batch_size = Number 16 int "16"',
        '  validation_split = Number 0.2 "0.2"',
      ].join('\n'),
    );
  });

  it('next_number.rnn: the ranges of declarations, statements, arguments and entries', () => {
    const r = parseChecked(NEXT_NUMBER);
    const src = (x: { range: { start: number; end: number } }) => NEXT_NUMBER.slice(x.range.start, x.range.end);
    const [model, train] = r.file.decls as [ModelDecl, TrainDecl];
    expect(src(model)).toBe('model next_number {\n  LSTM(1, input=(5, 1))\n}');
    expect(NEXT_NUMBER.slice(model.keyword.start, model.keyword.end)).toBe('model');
    expect(src(model.name!)).toBe('next_number');
    const layer = model.body[0] as LayerStmt;
    expect(src(layer)).toBe('LSTM(1, input=(5, 1))');
    expect(src(layer.call.callee)).toBe('LSTM');
    const [units, input] = layer.call.args.args as [Arg, Arg];
    expect(src(units)).toBe('1');
    expect(src(input)).toBe('input=(5, 1)');
    expect(src(input.name!)).toBe('input');
    expect(train.model).toBeUndefined();
    expect(NEXT_NUMBER.slice(train.keyword.start, train.keyword.end)).toBe('train');
    expect(train.entries.map(src)).toEqual([
      'loss = mean_absolute_error',
      'optimizer = Adam(learning_rate=0.01)',
      'epochs = 500',
      'batch_size = 16',
      'validation_split = 0.2',
    ]);
    expect(r.file.range).toEqual({ start: 0, end: NEXT_NUMBER.length });
  });

  it('sentiment.rnn: nested layers, lists and exponents', () => {
    const r = parseChecked(SENTIMENT);
    expect(r.diagnostics).toEqual([]);
    expect(outline(r.file, SENTIMENT)).toBe(
      [
        'Model sentiment "model sentiment {"…"}"',
        '  Layer Call Embedding "Embedding(10000, 128, mask_zero=true, input=(None,))"',
        '    args "(10000, 128, mask_zero=true, input=(None,))"',
        '      Number 10000 int "10000"',
        '      Number 128 int "128"',
        '      mask_zero= Bool true "true"',
        '      input= Tuple "(None,)"',
        '        None "None"',
        '  Layer Call Bidirectional "Bidirectional(LSTM(64, return_sequences=true))"',
        '    args "(LSTM(64, return_sequences=true))"',
        '      Call LSTM "LSTM(64, return_sequences=true)"',
        '        args "(64, return_sequences=true)"',
        '          Number 64 int "64"',
        '          return_sequences= Bool true "true"',
        '  Layer Call LSTM "LSTM(32, dropout=0.2)"',
        '    args "(32, dropout=0.2)"',
        '      Number 32 int "32"',
        '      dropout= Number 0.2 "0.2"',
        '  Layer Call Dense "Dense(1, activation=sigmoid)"',
        '    args "(1, activation=sigmoid)"',
        '      Number 1 int "1"',
        '      activation= Name sigmoid "sigmoid"',
        'Train (only model) "train {"…"}"',
        '  loss = Name binary_crossentropy "binary_crossentropy"',
        '  optimizer = Call Adam "Adam(learning_rate=1e-3, clipnorm=1.0)"',
        '    args "(learning_rate=1e-3, clipnorm=1.0)"',
        '      learning_rate= Number 0.001 "1e-3"',
        '      clipnorm= Number 1 "1.0"',
        '  metrics = List "[accuracy]"',
        '    Name accuracy "accuracy"',
        '  epochs = Number 10 int "10"',
        '  batch_size = Number 32 int "32"',
        '  callbacks = List "[EarlyStopping(monitor=val_loss, patience=2)]"',
        '    Call EarlyStopping "EarlyStopping(monitor=val_loss, patience=2)"',
        '      args "(monitor=val_loss, patience=2)"',
        '        monitor= Name val_loss "val_loss"',
        '        patience= Number 2 int "2"',
      ].join('\n'),
    );
  });

  it('translate.rnn: bindings, applied calls and output', () => {
    const r = parseChecked(TRANSLATE);
    expect(r.diagnostics).toEqual([]);
    expect(outline(r.file, TRANSLATE)).toBe(
      [
        'Model translate "model translate {"…"}"',
        '  Bind src "src = Input(shape=(None,), dtype=int32)"',
        '    Call Input "Input(shape=(None,), dtype=int32)"',
        '      args "(shape=(None,), dtype=int32)"',
        '        shape= Tuple "(None,)"',
        '          None "None"',
        '        dtype= Name int32 "int32"',
        '  Bind tgt "tgt = Input(shape=(None,), dtype=int32)"',
        '    Call Input "Input(shape=(None,), dtype=int32)"',
        '      args "(shape=(None,), dtype=int32)"',
        '        shape= Tuple "(None,)"',
        '          None "None"',
        '        dtype= Name int32 "int32"',
        '  Bind _, h, c "_, h, c = LSTM(256, return_state=true)(Embedding(8000, 128, mask_zero=true)(src))"',
        '    Call LSTM "LSTM(256, return_state=true)(Embedding(8000, 128, mask_zero=true)(src))"',
        '      args "(256, return_state=true)"',
        '        Number 256 int "256"',
        '        return_state= Bool true "true"',
        '      apply "(Embedding(8000, 128, mask_zero=true)(src))"',
        '        Call Embedding "Embedding(8000, 128, mask_zero=true)(src)"',
        '          args "(8000, 128, mask_zero=true)"',
        '            Number 8000 int "8000"',
        '            Number 128 int "128"',
        '            mask_zero= Bool true "true"',
        '          apply "(src)"',
        '            Name src "src"',
        '  Bind dec "dec = LSTM(256, return_sequences=true)(Embedding(8000, 128)(tgt), initial_state=[h, c])"',
        '    Call LSTM "LSTM(256, return_sequences=true)(Embedding(8000, 128)(tgt), initial_state=[h, c])"',
        '      args "(256, return_sequences=true)"',
        '        Number 256 int "256"',
        '        return_sequences= Bool true "true"',
        '      apply "(Embedding(8000, 128)(tgt), initial_state=[h, c])"',
        '        Call Embedding "Embedding(8000, 128)(tgt)"',
        '          args "(8000, 128)"',
        '            Number 8000 int "8000"',
        '            Number 128 int "128"',
        '          apply "(tgt)"',
        '            Name tgt "tgt"',
        '        initial_state= List "[h, c]"',
        '          Name h "h"',
        '          Name c "c"',
        '  Output "output TimeDistributed(Dense(8000, activation=softmax))(dec)"',
        '    Call TimeDistributed "TimeDistributed(Dense(8000, activation=softmax))(dec)"',
        '      args "(Dense(8000, activation=softmax))"',
        '        Call Dense "Dense(8000, activation=softmax)"',
        '          args "(8000, activation=softmax)"',
        '            Number 8000 int "8000"',
        '            activation= Name softmax "softmax"',
        '      apply "(dec)"',
        '        Name dec "dec"',
      ].join('\n'),
    );
    const model = r.file.decls[0] as ModelDecl;
    const bind = model.body[2]!;
    expect(bind.kind === 'BindStmt' && bind.targets.map((t) => TRANSLATE.slice(t.range.start, t.range.end))).toEqual(['_', 'h', 'c']);
    const out = model.body[4]!;
    expect(out.kind === 'OutputStmt' && TRANSLATE.slice(out.keyword.start, out.keyword.end)).toBe('output');
  });

  it('reads the same tour written on one line, without separators', () => {
    const oneLine = TRANSLATE.replace(/#[^\n]*/g, '').replace(/\s+/g, ' ');
    const r = parseChecked(oneLine);
    expect(r.diagnostics).toEqual([]);
    expect((r.file.decls[0] as ModelDecl).body.map((s) => s.kind)).toEqual(['BindStmt', 'BindStmt', 'BindStmt', 'BindStmt', 'OutputStmt']);
  });
});
