// rnnc graph FILE [-o model.svg]: the checked model drawn as a diagram. Each layer is a box with
// its name, type, output shape and parameter count; arrows follow the IR's connections, so a
// functional model shows its branches, merges, states (`h`, `c`) and initial_state wiring. The
// layout and the SVG come from Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz, which
// ships the wasm inside the package): nothing is drawn by hand and nothing is downloaded.
// `-o model.dot` writes the Graphviz source instead.

import { wrappedLayers, type CheckedLayer, type CheckedModel, type IRNode, type ValueRef } from '../../compiler/ir.ts';
import { formatShape, type ValueType } from '../../compiler/tensor-type.ts';
import { EXIT, writeFileAtomic } from '../io.ts';
import { checkedModel } from './select-model.ts';

export interface GraphFlags {
  readonly model?: string;
  readonly output?: string;
}

export async function runGraph(file: string, flags: GraphFlags): Promise<number> {
  const checked = checkedModel(file, flags.model);
  if (typeof checked === 'number') return checked;
  const { model } = checked;
  const dot = modelDot(model);
  const wantsDot = flags.output?.toLowerCase().endsWith('.dot') ?? false;
  const text = wantsDot ? dot : await renderSvg(dot);
  if (flags.output) {
    writeFileAtomic(flags.output, text);
    process.stdout.write(`${model.name} drawn to ${flags.output}\n`);
  } else {
    process.stdout.write(text);
  }
  return EXIT.ok;
}

export async function renderSvg(dot: string): Promise<string> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot, 'svg');
}

// Graphviz sizes the boxes from Arial's metrics; viewers without Arial use a metric-compatible
// face (Liberation Sans) or Helvetica.
const FONT = 'Arial';
const INPUT_FILL = '#e8f1fb';
const LAYER_FILL = '#fdf6e3';
const OUTPUT_FILL = '#e9f7ec';

/** The Graphviz source of the diagram: top to bottom, inputs first. */
export function modelDot(model: CheckedModel): string {
  const outputs = new Set(model.outputs.map((r) => r.node));
  const lines = [
    `digraph ${quote(model.name)} {`,
    `  graph [rankdir=TB, nodesep=0.35, ranksep=0.35, fontname="${FONT}", fontsize=14, labelloc=t, labeljust=l, label=${quote(`${model.name} — ${model.kind}, ${count(model.params.trainable + model.params.nonTrainable)} params`)}];`,
    `  node [shape=plain, fontname="${FONT}", fontsize=11];`,
    `  edge [fontname="${FONT}", fontsize=10, color="#555555", arrowsize=0.7];`,
  ];
  model.inputs.forEach((input, i) => {
    lines.push(`  in${i} [label=<${table([`<b>${html(input.name)}</b>  Input`, `${formatShape(input.type.shape)} ${input.type.dtype}${input.type.masked ? ', masked' : ''}`], INPUT_FILL)}>];`);
  });
  for (const node of model.nodes) {
    lines.push(`  n${node.id} [label=<${table(layerRows(node.layer), outputs.has(node.id) ? OUTPUT_FILL : LAYER_FILL)}>];`);
  }
  for (const node of model.nodes) {
    for (const ref of node.inputs) lines.push(`  ${edge(model, ref, node)};`);
    for (const ref of node.initialState ?? []) lines.push(`  ${edge(model, ref, node, 'initial state')} [style=dashed];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function layerRows(layer: CheckedLayer): string[] {
  const params = layer.params.trainable + layer.params.nonTrainable;
  const frozen = layer.params.nonTrainable ? ` (${count(layer.params.nonTrainable)} non-trainable)` : '';
  const several = layer.outputTypes.length > 1;
  const shapes = layer.outputTypes.map((t, i) => (several ? `${outputName(layer, i)}: ${shapeText(t)}` : shapeText(t)));
  return [`<b>${html(layer.name)}</b>  ${html(typeName(layer))}`, ...shapes, `${count(params)} params${frozen}`];
}

/** `Bidirectional(LSTM)`, `TimeDistributed(Dense)`: a wrapper shows what it wraps. */
function typeName(layer: CheckedLayer): string {
  const [inner] = wrappedLayers(layer);
  return inner ? `${layer.type}(${inner.type})` : layer.type;
}

function shapeText(t: ValueType): string {
  if (t.kind === 'unknown') return '?';
  return formatShape(t.shape) + (t.masked ? ', masked' : '');
}

function edge(model: CheckedModel, ref: ValueRef, to: IRNode, label?: string): string {
  const from = ref.node < 0 ? `in${ref.index}` : `n${ref.node}`;
  const source = ref.node < 0 ? undefined : model.nodes.find((n) => n.id === ref.node);
  // A layer with several outputs (return_state) names which one the arrow carries.
  const which = source && source.layer.outputTypes.length > 1 ? outputName(source.layer, ref.index) : undefined;
  const text = [which, label].filter(Boolean).join(' as ');
  return `${from} -> n${to.id}${text ? ` [label=${quote(text)}]` : ''}`;
}

/** Keras's order of a recurrent layer's outputs with return_state: the output, then the states. */
function outputName(layer: CheckedLayer, index: number): string {
  if (index === 0) return 'output';
  const states = layer.type === 'LSTM' ? ['h', 'c'] : layer.type === 'Bidirectional' ? ['h fwd', 'c fwd', 'h bwd', 'c bwd'] : ['h'];
  if (layer.type === 'Bidirectional' && layer.outputTypes.length === 3) return ['h fwd', 'h bwd'][index - 1] ?? `output ${index}`;
  return states[index - 1] ?? `output ${index}`;
}

function table(rows: readonly string[], fill: string): string {
  const cells = rows.map((r, i) => `<tr><td align="left"${i === 0 ? '' : ' border="0"'}>${i === 0 ? r : `<font color="#333333">${r}</font>`}</td></tr>`);
  return `<table border="1" cellborder="0" cellspacing="0" cellpadding="4" bgcolor="${fill}" color="#777777">${cells.join('')}</table>`;
}

const count = (n: number) => n.toLocaleString('en-US');

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
