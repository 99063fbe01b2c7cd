// The pictures: `rnnc train --plot` draws the curves of the epochs it ran, and `rnnc graph`
// draws every layer of a model with its shape and parameter count, and every connection.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelDot } from '../../src/cli/commands/graph.ts';
import { curves, plotSpec, plotSvg } from '../../src/cli/plot.ts';
import { check } from '../../src/compiler/check.ts';
import { EXAMPLES, rnnc, tempDirs } from '../cli/run.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const modelOf = (file: string) => check(readFileSync(join(EXAMPLES, file), 'utf8'), file).models[0]!;

describe('curves (src/cli/plot.ts)', () => {
  const epochs = [
    { loss: 1.2, accuracy: 0.5, val_loss: 1.3, val_accuracy: 0.45 },
    { loss: 0.6, accuracy: 0.7, val_loss: 0.8, val_accuracy: 0.6 },
    { loss: 0.05, accuracy: 0.9, val_loss: 0.4, val_accuracy: 0.8 },
  ];

  it('pairs each quantity with its validation twin, one panel each', () => {
    const c = curves(epochs);
    expect([...c.keys()]).toEqual(['loss', 'accuracy']);
    expect(c.get('loss')).toEqual([
      { epoch: 1, value: 1.2, set: 'training' },
      { epoch: 1, value: 1.3, set: 'validation' },
      { epoch: 2, value: 0.6, set: 'training' },
      { epoch: 2, value: 0.8, set: 'validation' },
      { epoch: 3, value: 0.05, set: 'training' },
      { epoch: 3, value: 0.4, set: 'validation' },
    ]);
    const spec = plotSpec(epochs) as { hconcat: { title: string; encoding: { y: { scale: { type?: string } } } }[] };
    expect(spec.hconcat.map((p) => p.title)).toEqual(['loss', 'accuracy']);
    // The loss falls 26-fold: a log axis; the accuracy stays linear.
    expect(spec.hconcat.map((p) => p.encoding.y.scale.type)).toEqual(['log', undefined]);
  });

  it('renders SVG without a browser, with both panels and the legend', async () => {
    const svg = await plotSvg(epochs, { title: 'm: 3 epochs' });
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['m: 3 epochs', 'loss', 'accuracy', 'training', 'validation', 'epoch']) expect(svg).toContain(`>${text}<`);
  });
});

describe('rnnc graph', () => {
  it('draws a functional model: both inputs, the states and the initial_state wiring', () => {
    const dot = modelDot(modelOf('translate.rnn'));
    const edges = dot.split('\n').filter((l) => l.includes('->')).map((l) => l.trim());
    expect(edges).toEqual([
      'in0 -> n0;',
      'n0 -> n1;',
      'in1 -> n2;',
      'n2 -> n3;',
      'n1 -> n3 [label="h as initial state"] [style=dashed];',
      'n1 -> n3 [label="c as initial state"] [style=dashed];',
      'n3 -> n4;',
    ]);
    // LSTM(64) on 32 features: 4·(64·(32 + 64) + 64); Dense(29) on 64: 64·29 + 29; in all
    // 32·32 + 24,832 + 29·32 + 24,832 + 1,885.
    for (const text of ['<b>lstm</b>  LSTM', 'h: (None, 64)', '24,832 params', 'TimeDistributed(Dense)', '1,885 params', '53,501 params']) expect(dot).toContain(text);
  });

  it('writes the SVG with -o, and the Graphviz source for a .dot name', async () => {
    const dir = dirs.make();
    const svgFile = join(dir, 'sentiment.svg');
    const run = await rnnc(['graph', 'examples/sentiment.rnn', '-o', svgFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`sentiment drawn to ${svgFile}\n`);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('<svg');
    for (const text of ['embedding', 'Bidirectional(LSTM)', '1,280,000 params', '98,816 params', '(None, None, 128), masked']) expect(svg).toContain(text);
    const dotFile = join(dir, 'sentiment.dot');
    expect((await rnnc(['graph', 'examples/sentiment.rnn', '-o', dotFile])).code).toBe(0);
    expect(readFileSync(dotFile, 'utf8')).toBe(modelDot(modelOf('sentiment.rnn')));
  });

  it('escapes the names it draws', () => {
    const model = check('model m {\n  Dense(2, input=(3,))\n}\n', 'm.rnn').models[0]!;
    const node = model.nodes[0]!;
    const renamed = { ...model, name: 'say "hi"', nodes: [{ ...node, layer: { ...node.layer, name: 'a<b&c' } }] };
    const dot = modelDot(renamed);
    expect(dot).toContain('<b>a&lt;b&amp;c</b>');
    expect(dot).toContain('digraph "say \\"hi\\"" {');
  });

  it('refuses a file with errors, with the checker\'s diagnostics', async () => {
    const dir = dirs.make({ 'bad.rnn': 'model m {\n  LSTM(4, input=(3, 2))\n  LSTM(2)\n}\n' });
    const run = await rnnc(['graph', join(dir, 'bad.rnn'), '-o', join(dir, 'bad.svg')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('E0301');
  });
});

describe('rnnc train --plot', () => {
  it('draws the epochs it ran', async () => {
    const dir = dirs.make();
    const file = join(dir, 'curve.svg');
    const run = await rnnc(['train', 'examples/next_number.rnn', '--epochs', '3', '--plot', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`curves drawn to ${file}\n`);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/>next_number: 3 epochs in [\d.]+s</);
    for (const text of ['loss', 'training', 'validation']) expect(svg).toContain(`>${text}<`);
  });
});
