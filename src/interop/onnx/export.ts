// A checked model and its trained weights → an ONNX model (opset 14). Recurrent layers become
// ONNX's own LSTM, GRU and RNN operators (recurrent.ts: weights, gate orders, masks); go_backwards
// is direction="reverse" with the output sequence read back to front (Keras returns it in the
// order it read it); Bidirectional is one forward and one reverse direction, their outputs merged
// by plain operators (concat, sum, mul, ave, or two outputs). Everything else is plain operators.
// Which layers and arguments are exported is plan.ts's word.

import type { CheckedLayer, CheckedModel, IRNode, ValueRef } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { GraphBuilder, type Attr } from './graph.ts';
import { argBool, argNumber, argString, innerLayer, onnxRefusals, readArg } from './plan.ts';
import { direction, maskInfo, type DirectionSpec, type MaskInfo } from './recurrent.ts';

export { onnxRefusals };
import { DTYPE, encodeModel, type DimObject, type ValueInfoObject } from './proto.ts';

export const ONNX_OPSET = 14;
/** The IR version of opset 14 (onnx/helper.py, VERSION_TABLE: 1.9.0 → IR 7, opset 14). */
export const ONNX_IR_VERSION = 7;

/** A weight as the saved model or the network holds it, under its saved name (`lstm/kernel`). */
export interface OnnxWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type OnnxResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

export function modelToOnnx(model: CheckedModel, weights: readonly OnnxWeight[], producerVersion: string): OnnxResult {
  const refused = onnxRefusals(model);
  if (refused.length) return { ok: false, diagnostics: refused };
  const x = new Exporter(model, weights);
  const graph = x.build();
  const bytes = encodeModel({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'rnnc',
    producer_version: producerVersion,
    doc_string: `model ${model.name}, exported by rnnc export`,
    graph,
  });
  return { ok: true, bytes };
}

/** What a command prints once it wrote an .onnx file (rnnc export, an emitted program's --onnx). */
export function onnxWritten(path: string, model: Pick<CheckedModel, 'name'>, bytes: Uint8Array): string {
  return `wrote ${path}: model ${model.name}, ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes`;
}

/** The type of a node's output, as the checker worked it out. An emitted program's model carries
 *  no types: there this reads the table rnnc build writes (src/emit/program/onnx.ts). */
export function outputTypeOf(node: IRNode, index: number): TensorType {
  return node.layer.outputTypes[index] as TensorType;
}

interface Val {
  readonly name: string;
  readonly type: TensorType;
  /** bool [B, T]: which steps are real, when a mask flows with the value. */
  readonly mask?: string;
}

const num = argNumber;
const bool = argBool;
const str = argString;

class Exporter {
  private readonly g = new GraphBuilder();
  private readonly weights: ReadonlyMap<string, OnnxWeight>;
  private readonly values = new Map<string, Val>();
  private readonly masks = new Map<string, MaskInfo>();

  constructor(
    private readonly model: CheckedModel,
    weights: readonly OnnxWeight[],
  ) {
    this.weights = new Map(weights.map((w) => [w.name, w]));
  }

  build() {
    const g = this.g;
    const inputs: ValueInfoObject[] = this.model.inputs.map((input, i) => {
      const name = g.reserve(input.name);
      this.values.set(key({ node: -1, index: i }), { name, type: input.type });
      const dims: DimObject[] = input.type.shape.map((d, axis) =>
        d !== null ? { dim_value: d } : { dim_param: axis === 0 ? 'batch' : this.model.inputs.length === 1 ? (axis === 1 ? 'time' : `dim_${axis}`) : `${input.name}_${axis === 1 ? 'time' : `dim_${axis}`}` },
      );
      return valueInfo(name, input.type.dtype === 'int32' ? DTYPE.int32 : DTYPE.float, dims);
    });
    const outputNames = this.model.outputs.map((ref) => {
      const layer = this.model.nodes.find((n) => n.id === ref.node)?.layer;
      return g.reserve(layer ? (ref.index === 0 ? layer.name : `${layer.name}_${ref.index}`) : `output_${ref.index}`);
    });
    for (const node of this.model.nodes) this.node(node);
    const outputs = this.model.outputs.map((ref, i) => {
      const v = this.value(ref);
      const name = outputNames[i]!;
      this.g.nodes.push({ name: g.fresh(`${name}/Identity`), op_type: 'Identity', input: [v.name], output: [name], attribute: [] });
      return valueInfo(name, DTYPE.float, v.type.shape.map((d, axis): DimObject => (d !== null ? { dim_value: d } : axis === 0 ? { dim_param: 'batch' } : {})));
    });
    return { name: this.model.name, node: g.nodes, initializer: g.initializers, input: inputs, output: outputs };
  }

  private value(ref: ValueRef): Val {
    const v = this.values.get(key(ref));
    if (!v) throw new Error(`rnnc: no ONNX value for ${key(ref)}`);
    return v;
  }

  private weight(name: string): OnnxWeight {
    const w = this.weights.get(name);
    if (!w) throw new Error(`rnnc: the weight ${name} was not given to the ONNX export`);
    return w;
  }

  private node(node: IRNode): void {
    const layer = node.layer;
    const ins = node.inputs.map((r) => this.value(r));
    const init = node.initialState?.map((r) => this.value(r).name);
    const { outs, mask } = this.layer(layer, layer.name, layer.name, ins, init);
    outs.forEach((name, index) => {
      const type = outputTypeOf(node, index);
      const m = type.masked ? (mask ?? ins[0]?.mask) : undefined;
      this.values.set(key({ node: node.id, index }), { name, type, ...(m ? { mask: m } : {}) });
    });
  }

  /** `layer`'s outputs (and the mask it makes, if it makes one); `prefix` names its weights. */
  private layer(layer: CheckedLayer, prefix: string, base: string, ins: readonly Val[], init: readonly string[] | undefined): { outs: string[]; mask?: string } {
    const g = this.g;
    const x = ins[0]!;
    switch (layer.type) {
      case 'Dense': {
        let y = g.op1('MatMul', [x.name, this.tensor(`${prefix}/kernel`)], `${base}/matmul`);
        if (bool(layer, 'use_bias')) y = g.op1('Add', [y, this.tensor(`${prefix}/bias`)], `${base}/bias_add`);
        return { outs: [this.activate(y, str(layer, 'activation'), base)] };
      }
      case 'Activation':
        return { outs: [this.activate(x.name, str(layer, 'activation'), base)] };
      case 'Dropout':
        return { outs: [g.op1('Identity', [x.name], base)] };
      case 'TimeDistributed':
        // Dense, Activation and Dropout act on the last axis alone (plan.ts); the weights are the wrapper's.
        return this.layer(innerLayer(layer)!, prefix, base, ins, undefined);
      case 'Embedding': {
        const ids = g.op1('Cast', [x.name], `${base}/ids`, { to: { i: DTYPE.int64 } });
        const y = g.op1('Gather', [this.tensor(`${prefix}/embeddings`), ids], base, { axis: { i: 0 } });
        if (!bool(layer, 'mask_zero')) return { outs: [y] };
        // embedding.py, compute_mask: ops.not_equal(inputs, 0).
        const zero = x.type.dtype === 'int32' ? g.int32([0], true) : g.float([0], true);
        return { outs: [y], mask: g.op1('Not', [g.op1('Equal', [x.name, zero], `${base}/is_zero`)], `${base}/mask`) };
      }
      case 'Masking': {
        // masking.py: mask = any(x != mask_value, axis=-1); outputs = x * mask.
        const differs = g.op1('Not', [g.op1('Equal', [x.name, g.float([num(layer, 'mask_value')], true)], `${base}/equal`)], `${base}/differs`);
        const any = g.op1('ReduceMax', [g.op1('Cast', [differs], `${base}/differs_f`, { to: { i: DTYPE.float } })], `${base}/any`, { axes: { ints: [-1] }, keepdims: { i: 1 } });
        const y = g.op1('Mul', [x.name, any], base);
        const mask = g.op1('Cast', [g.op1('Squeeze', [any, g.int64([-1])], `${base}/any_2d`)], `${base}/mask`, { to: { i: DTYPE.bool } });
        return { outs: [y], mask };
      }
      case 'RepeatVector': {
        const n = num(layer, 'n');
        return { outs: [g.op1('Tile', [g.op1('Unsqueeze', [x.name, g.int64([1])], `${base}/unsqueeze`), g.int64([1, n, 1])], base)] };
      }
      case 'Flatten':
        return { outs: [g.op1('Reshape', [x.name, g.int64([0, -1])], base)] };
      case 'Reshape': {
        const target = readArg(layer, 'target_shape');
        const dims = Array.isArray(target) ? (target as number[]) : [];
        return { outs: [g.op1('Reshape', [x.name, g.int64([0, ...dims])], base)] };
      }
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
        return { outs: this.recurrent(layer, x, init) };
      case 'Bidirectional':
        return { outs: this.bidirectional(layer, x) };
      case 'LayerNormalization':
      case 'BatchNormalization': {
        // src/runtime/layers/normalization.ts: (x − mean)·rsqrt(variance + ε)·γ + β along `axis`;
        // LayerNormalization's statistics are each example's, BatchNormalization predicts with the
        // moving ones. rms_scaling scales x itself (Keras 3's code, not its name).
        const rank = x.type.shape.length;
        const given = num(layer, 'axis');
        const axis = given < 0 ? rank + given : given;
        const along = (w: string) => {
          const v = this.weight(`${prefix}/${w}`);
          return g.tensor(`${prefix}/${w}`, Array.from({ length: rank }, (_, i) => (i === axis ? v.shape[0]! : 1)), v.data);
        };
        const has = (w: string) => layer.weights.some((s) => s.name === w);
        const eps = g.float([num(layer, 'epsilon')], true);
        let centered: string;
        let r: string;
        if (layer.type === 'LayerNormalization') {
          const diff = g.op1('Sub', [x.name, g.op1('ReduceMean', [x.name], `${base}/mean`, { axes: { ints: [axis] }, keepdims: { i: 1 } })], `${base}/diff`);
          const variance = g.op1('ReduceMean', [g.op1('Mul', [diff, diff], `${base}/square`)], `${base}/variance`, { axes: { ints: [axis] }, keepdims: { i: 1 } });
          r = g.op1('Reciprocal', [g.op1('Sqrt', [g.op1('Add', [variance, eps], `${base}/variance_eps`)], `${base}/std`)], `${base}/rstd`);
          centered = bool(layer, 'rms_scaling') ? x.name : diff;
        } else {
          r = g.op1('Reciprocal', [g.op1('Sqrt', [g.op1('Add', [along('moving_variance'), eps], `${base}/variance_eps`)], `${base}/std`)], `${base}/rstd`);
          centered = g.op1('Sub', [x.name, along('moving_mean')], `${base}/centered`);
        }
        let y = g.op1('Mul', [centered, r], `${base}/normalized`);
        if (has('gamma')) y = g.op1('Mul', [y, along('gamma')], `${base}/scaled`);
        if (has('beta')) y = g.op1('Add', [y, along('beta')], `${base}/shifted`);
        return { outs: [y] };
      }
      case 'Normalization': {
        // src/runtime/layers/preprocessing.ts: (x − mean) / max(√variance, ε), or with invert
        // mean + x·max(√variance, ε); ε is Keras's backend.epsilon(), 1e-7. mean and variance are
        // the config's numbers when given, else the adapted weights; they broadcast along `axis`.
        const rank = x.type.shape.length;
        const given = readArg(layer, 'axis');
        const axis = typeof given === 'number' ? (given < 0 ? rank + given : given) : null;
        const stat = (name: 'mean' | 'variance') => {
          const v = readArg(layer, name);
          const data = typeof v === 'number' ? Float32Array.of(v) : Array.isArray(v) ? Float32Array.from(v as number[]) : this.weight(`${prefix}/${name}`).data;
          const dims = Array.from({ length: rank }, (_, i) => (i === axis ? data.length : 1));
          return g.tensor(`${prefix}/${name}`, data.length === 1 ? dims.map(() => 1) : dims, data);
        };
        const mean = stat('mean');
        const scale = g.op1('Max', [g.op1('Sqrt', [stat('variance')], `${base}/std`), g.float([1e-7], true)], `${base}/scale`);
        const y = bool(layer, 'invert')
          ? g.op1('Add', [mean, g.op1('Mul', [x.name, scale], `${base}/scaled`)], `${base}/inverted`)
          : g.op1('Div', [g.op1('Sub', [x.name, mean], `${base}/centered`), scale], `${base}/normalized`);
        return { outs: [y] };
      }
      case 'Conv1D':
      case 'MaxPooling1D':
      case 'AveragePooling1D': {
        // ONNX convolves and pools (batch, channels, time): the time axis moves to the end and back.
        // Padding as src/runtime/layers/windows.ts: same is TensorFlow's (the odd step on the right,
        // SAME_UPPER), causal pads dilation·(size − 1) steps on the left; an average over a padded
        // window counts only the real steps (count_include_pad=0).
        const first = (k: string, fallback: number) => {
          const v = readArg(layer, k);
          return typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : fallback;
        };
        const conv = layer.type === 'Conv1D';
        const size = first(conv ? 'kernel_size' : 'pool_size', 1);
        const strides = first('strides', size);
        const dilation = conv ? first('dilation_rate', 1) : 1;
        const padding = str(layer, 'padding');
        const pad: Record<string, Attr> =
          padding === 'same' ? { auto_pad: { s: 'SAME_UPPER' } } : padding === 'causal' ? { pads: { ints: [dilation * (size - 1), 0] } } : { auto_pad: { s: 'VALID' } };
        const xc = g.op1('Transpose', [x.name], `${base}/channels_first`, { perm: { ints: [0, 2, 1] } });
        let y: string;
        if (conv) {
          // Keras's kernel [size, channels / groups, filters] is ONNX's W [filters, channels / groups, size].
          const k = this.weight(`${prefix}/kernel`);
          const [ks, cg, filters] = k.shape as [number, number, number];
          const W = new Float32Array(k.data.length);
          for (let j = 0; j < ks; j++) for (let c = 0; c < cg; c++) for (let f = 0; f < filters; f++) W[(f * cg + c) * ks + j] = k.data[(j * cg + c) * filters + f]!;
          const inputs = [xc, g.tensor(`${prefix}/W`, [filters, cg, ks], W)];
          if (bool(layer, 'use_bias')) inputs.push(this.tensor(`${prefix}/bias`));
          y = g.op1('Conv', inputs, `${base}/conv`, { kernel_shape: { ints: [ks] }, strides: { ints: [strides] }, dilations: { ints: [dilation] }, group: { i: num(layer, 'groups') || 1 }, ...pad });
        } else {
          y = g.op1(layer.type === 'MaxPooling1D' ? 'MaxPool' : 'AveragePool', [xc], `${base}/pool`, { kernel_shape: { ints: [size] }, strides: { ints: [strides] }, ...pad });
        }
        y = g.op1('Transpose', [y], `${base}/channels_last`, { perm: { ints: [0, 2, 1] } });
        return { outs: [conv ? this.activate(y, str(layer, 'activation'), base) : y] };
      }
      case 'GlobalMaxPooling1D':
        return { outs: [g.op1('ReduceMax', [x.name], base, { axes: { ints: [1] }, keepdims: { i: bool(layer, 'keepdims') ? 1 : 0 } })] };
      case 'GlobalAveragePooling1D': {
        const keep = { keepdims: { i: bool(layer, 'keepdims') ? 1 : 0 } };
        if (!x.mask) return { outs: [g.op1('ReduceMean', [x.name], base, { axes: { ints: [1] }, ...keep })] };
        // global_average_pooling1d.py: sum(x·mask) / sum(mask) over the steps (0/0 = NaN with every step masked).
        const m = g.op1('Unsqueeze', [g.op1('Cast', [x.mask], `${base}/mask_f`, { to: { i: DTYPE.float } }), g.int64([2])], `${base}/mask_3d`);
        const weights = g.op1('Div', [m, g.op1('ReduceSum', [m, g.int64([1])], `${base}/count`, { keepdims: { i: 1 } })], `${base}/weights`);
        return { outs: [g.op1('ReduceSum', [g.op1('Mul', [x.name, weights], `${base}/weighted`), g.int64([1])], base, keep)] };
      }
      case 'Concatenate':
        return { outs: [g.op1('Concat', ins.map((v) => v.name), base, { axis: { i: num(layer, 'axis') } })], ...this.andMasks(ins, base) };
      case 'Add':
      case 'Subtract':
      case 'Multiply':
      case 'Average':
      case 'Maximum':
      case 'Minimum': {
        // merging/*.py: a left fold over the inputs, in order (Average divides the sum by their count).
        const op = { Add: 'Add', Subtract: 'Sub', Multiply: 'Mul', Average: 'Add', Maximum: 'Max', Minimum: 'Min' }[layer.type];
        let y = ins[0]!.name;
        ins.slice(1).forEach((v, i) => (y = g.op1(op, [y, v.name], `${base}/${op.toLowerCase()}_${i}`)));
        if (layer.type === 'Average') y = g.op1('Div', [y, g.float([ins.length], true)], base);
        return { outs: [y], ...this.andMasks(ins, base) };
      }
    }
    throw new Error(`rnnc: the ONNX export has no translation of ${layer.type}`);
  }

  /** base_merge.py, compute_mask: the inputs' masks and-ed (an input without one masks nothing). */
  private andMasks(ins: readonly Val[], base: string): { mask?: string } {
    const masks = ins.flatMap((v) => (v.mask ? [v.mask] : []));
    if (masks.length <= 1) return masks.length ? { mask: masks[0]! } : {};
    return { mask: masks.slice(1).reduce((a, m, i) => this.g.op1('And', [a, m], `${base}/mask_${i}`), masks[0]!) };
  }

  private tensor(name: string): string {
    const w = this.weight(name);
    return this.g.tensor(name, w.shape, w.data);
  }

  /** Keras 3's activation `name` applied to x (src/runtime/activations.ts), as plain operators. */
  private activate(x: string, name: string, base: string): string {
    const g = this.g;
    const b = `${base}/${name}`;
    switch (name) {
      case 'linear':
        return x;
      case 'tanh':
        return g.op1('Tanh', [x], b);
      case 'sigmoid':
        return g.op1('Sigmoid', [x], b);
      case 'hard_sigmoid':
        return this.hardSigmoid(x, b);
      case 'relu':
        return g.op1('Relu', [x], b);
      case 'relu6':
        return g.op1('Clip', [x, g.float([0], true), g.float([6], true)], b);
      case 'leaky_relu':
        return g.op1('LeakyRelu', [x], b, { alpha: { f: 0.2 } });
      case 'elu':
        return g.op1('Elu', [x], b, { alpha: { f: 1 } });
      case 'selu':
        return g.op1('Selu', [x], b, { alpha: { f: 1.6732632423543772 }, gamma: { f: 1.0507009873554805 } });
      case 'gelu': {
        // x · ½(1 + erf(x / √2)), the exact form (approximate=False).
        const erf = g.op1('Erf', [g.op1('Div', [x, g.float([Math.SQRT2], true)], `${b}/scaled`)], `${b}/erf`);
        return g.op1('Mul', [g.op1('Mul', [x, g.float([0.5], true)], `${b}/half`), g.op1('Add', [erf, g.float([1], true)], `${b}/one_plus`)], b);
      }
      case 'softplus':
        return g.op1('Softplus', [x], b);
      case 'softsign':
        return g.op1('Softsign', [x], b);
      case 'silu':
        return g.op1('Mul', [x, g.op1('Sigmoid', [x], `${b}/sigmoid`)], b);
      case 'hard_silu':
        return g.op1('Mul', [x, this.hardSigmoid(x, `${b}/hard_sigmoid`)], b);
      case 'mish':
        return g.op1('Mul', [x, g.op1('Tanh', [g.op1('Softplus', [x], `${b}/softplus`)], `${b}/tanh`)], b);
      case 'exponential':
        return g.op1('Exp', [x], b);
      case 'softmax':
        return g.op1('Softmax', [x], b, { axis: { i: -1 } });
      case 'log_softmax':
        return g.op1('LogSoftmax', [x], b, { axis: { i: -1 } });
    }
    throw new Error(`rnnc: the ONNX export has no form of the activation ${name}`);
  }

  /** relu6(x + 3) / 6, Keras 3's hard_sigmoid, spelled as it is computed. */
  private hardSigmoid(x: string, b: string): string {
    const g = this.g;
    return g.op1('Div', [g.op1('Clip', [g.op1('Add', [x, g.float([3], true)], `${b}/plus3`), g.float([0], true), g.float([6], true)], `${b}/relu6`), g.float([6], true)], b);
  }

  // ---- recurrent layers ---------------------------------------------------------------------

  private maskInfo(mask: string): MaskInfo {
    const known = this.masks.get(mask) ?? maskInfo(this.g, mask);
    this.masks.set(mask, known);
    return known;
  }

  private spec(layer: CheckedLayer, prefix: string, base: string, xT: string, x: Val, reverse: boolean, zeroOutputForMask: boolean, init: readonly string[] | undefined): DirectionSpec {
    return { layer, prefix, base, xT, mask: x.mask ? this.maskInfo(x.mask) : undefined, reverse, zeroOutputForMask, init, weight: (name) => this.weight(name) };
  }

  private recurrent(layer: CheckedLayer, x: Val, init: readonly string[] | undefined): string[] {
    const g = this.g;
    const base = layer.name;
    const xT = g.op1('Transpose', [x.name], `${base}/time_major`, { perm: { ints: [1, 0, 2] } });
    const goBackwards = bool(layer, 'go_backwards');
    const r = direction(g, this.spec(layer, layer.name, base, xT, x, goBackwards, bool(layer, 'zero_output_for_mask'), init));
    const first = bool(layer, 'return_sequences') ? this.ordered(r.out, goBackwards, base) : r.out;
    return [first, ...(bool(layer, 'return_state') ? r.states : [])];
  }

  private bidirectional(layer: CheckedLayer, x: Val): string[] {
    const g = this.g;
    const inner = innerLayer(layer)!;
    const base = layer.name;
    const xT = g.op1('Transpose', [x.name], `${base}/time_major`, { perm: { ints: [1, 0, 2] } });
    const weightNames = layer.weights.map((w) => w.name);
    const dirName = (side: 'forward' | 'backward') => weightNames.find((n) => n.startsWith(`${side}_`))!.split('/')[0]!;
    // The checker refuses go_backwards on the wrapped layer (Keras's _verify_layer_config: the
    // backward copy always reads backwards), so the forward layer reads forwards.
    const returnSequences = bool(inner, 'return_sequences');
    // bidirectional.py: both directions output zeros at masked steps when they return sequences.
    const fwd = direction(g, this.spec(inner, `${layer.name}/${dirName('forward')}`, `${base}/forward`, xT, x, false, returnSequences, undefined));
    const bwd = direction(g, this.spec(inner, `${layer.name}/${dirName('backward')}`, `${base}/backward`, xT, x, true, returnSequences, undefined));
    // Keras flips the backward layer's sequence back into time order, the order direction() returns.
    const y = fwd.out;
    const yRev = bwd.out;
    const mode = readArg(layer, 'merge_mode');
    const merged =
      mode === null
        ? [y, yRev]
        : mode === 'sum'
          ? [g.op1('Add', [y, yRev], base)]
          : mode === 'mul'
            ? [g.op1('Mul', [y, yRev], base)]
            : mode === 'ave'
              ? [g.op1('Div', [g.op1('Add', [y, yRev], `${base}/sum`), g.float([2], true)], base)]
              : [g.op1('Concat', [y, yRev], base, { axis: { i: -1 } })];
    return [...merged, ...(bool(inner, 'return_state') ? [...fwd.states, ...bwd.states] : [])];
  }

  /** A sequence in time order (reversed: false) or back to front. */
  private ordered(seq: string, reversed: boolean, base: string): string {
    if (!reversed) return seq;
    const g = this.g;
    return g.op1('Slice', [seq, g.int64([-1]), g.int64([-(2 ** 53) + 1]), g.int64([1]), g.int64([-1])], `${base}/reversed`);
  }
}

const key = (ref: ValueRef) => `${ref.node}:${ref.index}`;

function valueInfo(name: string, elemType: (typeof DTYPE)[keyof typeof DTYPE], dims: readonly DimObject[]): ValueInfoObject {
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim: dims } } } };
}
