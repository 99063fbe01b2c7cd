// A checked model and its trained weights → an ONNX model (opset 14). Recurrent layers become
// ONNX's own LSTM, GRU and RNN operators, whose semantics are Keras's once the weights are laid out
// ONNX's way:
//   - gates: Keras's LSTM kernel columns are i, f, c, o, ONNX's rows i, o, f, c; GRU is z, r, h in
//     both. Keras's kernel [F, g·u] is ONNX's W [1, g·u, F] transposed, recurrent_kernel likewise R.
//   - biases: ONNX adds Wb and Rb. Keras's one bias is Wb (Rb zero); GRU with reset_after=true has
//     an input and a recurrent bias ([2, 3u]) — Wb and Rb, with linear_before_reset=1 (the reset gate
//     multiplies h·R_h + Rb_h); reset_after=false is linear_before_reset=0 (it multiplies h first).
//   - go_backwards is direction="reverse" with the output sequence read back to front (Keras
//     returns it in the order it read it); Bidirectional is one forward and one reverse operator,
//     their outputs merged by plain operators (concat, sum, mul, ave, or two outputs).
//   - masks: a mask (Embedding mask_zero, Masking) becomes sequence_lens, the number of unmasked
//     steps per example. That is exact when the mask is a prefix — every masked step after every
//     unmasked one, sequences padded at the end — and then Keras's carried state is ONNX's Y_h, the
//     zero outputs of zero_output_for_mask are ONNX's, and Keras's repeated last output
//     (zero_output_for_mask=false) is gathered from it by plain operators. A mask with a hole or
//     padding in front has no such form: the graph checks each example's mask and answers NaN for
//     one that is not a prefix, rather than other numbers.
// Everything else is plain operators. Which layers and arguments are exported is plan.ts's word.

import type { CheckedLayer, CheckedModel, IRNode, ValueRef } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { GraphBuilder, type Attr } from './graph.ts';
import { innerLayer, onnxRefusals, readArg, RNN_ACTIVATIONS } from './plan.ts';

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

/** What a mask means to a recurrent operator, computed once per mask. */
interface MaskInfo {
  /** int32 [B]: unmasked steps, at least 1 (an empty example runs one step, whose results are dropped). */
  readonly lens: string;
  /** bool [B, 1] and [B, 1, 1]: the example has a real step. */
  readonly nonEmpty2: string;
  readonly nonEmpty3: string;
  /** bool [B, 1] and [B, 1, 1]: the mask is a prefix (exactly sequence_lens). */
  readonly prefix2: string;
  readonly prefix3: string;
}

const GATES: Readonly<Record<string, number>> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };
/** ONNX's gate order, as indices of Keras's blocks: LSTM i, o, f, c from Keras's i, f, c, o. */
const GATE_ORDER: Readonly<Record<string, readonly number[]>> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };
const OP: Readonly<Record<string, string>> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };

const num = (layer: CheckedLayer, key: string): number => {
  const v = readArg(layer, key);
  return typeof v === 'number' ? v : 0;
};
const bool = (layer: CheckedLayer, key: string): boolean => readArg(layer, key) === true;
const str = (layer: CheckedLayer, key: string): string => {
  const v = readArg(layer, key);
  return typeof v === 'string' ? v : 'linear';
};

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
      return valueInfo(name, DTYPE.float, v.type.shape.map((d, axis) => (d !== null ? { dim_value: d } : axis === 0 ? { dim_param: 'batch' } : ({} as DimObject))));
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
    const known = this.masks.get(mask);
    if (known) return known;
    const g = this.g;
    const b = `${mask}/lens`;
    const steps = g.op1('Cast', [mask], `${b}/steps`, { to: { i: DTYPE.int32 } });
    const count = g.op1('ReduceSum', [steps, g.int64([1])], `${b}/count`, { keepdims: { i: 0 } });
    const time = g.op1('Cast', [g.op1('Gather', [g.op1('Shape', [mask], `${b}/shape`), g.int64([1], true)], `${b}/time64`, { axis: { i: 0 } })], `${b}/time`, { to: { i: DTYPE.int32 } });
    const positions = g.op1('Range', [g.int32([0], true), time, g.int32([1], true)], `${b}/positions`);
    const asPrefix = g.op1('Less', [g.op1('Unsqueeze', [positions, g.int64([0])], `${b}/positions_row`), g.op1('Unsqueeze', [count, g.int64([1])], `${b}/count_col`)], `${b}/as_prefix`);
    const same = g.op1('Cast', [g.op1('Equal', [asPrefix, mask], `${b}/same`)], `${b}/same_i`, { to: { i: DTYPE.int32 } });
    const prefix2 = g.op1('Cast', [g.op1('ReduceMin', [same], `${b}/all_same`, { axes: { ints: [1] }, keepdims: { i: 1 } })], `${b}/is_prefix`, { to: { i: DTYPE.bool } });
    const prefix3 = g.op1('Unsqueeze', [prefix2, g.int64([2])], `${b}/is_prefix_3d`);
    const nonEmpty = g.op1('Greater', [count, g.int32([0], true)], `${b}/non_empty`);
    const ne2 = g.op1('Unsqueeze', [nonEmpty, g.int64([1])], `${b}/non_empty_2d`);
    const nonEmpty3 = g.op1('Unsqueeze', [ne2, g.int64([2])], `${b}/non_empty_3d`);
    const lens = g.op1('Max', [count, g.int32([1], true)], `${b}/at_least_1`);
    const info = { lens, nonEmpty2: ne2, nonEmpty3, prefix2, prefix3 };
    this.masks.set(mask, info);
    return info;
  }

  private recurrent(layer: CheckedLayer, x: Val, init: readonly string[] | undefined): string[] {
    const g = this.g;
    const base = layer.name;
    const xT = g.op1('Transpose', [x.name], `${base}/time_major`, { perm: { ints: [1, 0, 2] } });
    const mask = x.mask ? this.maskInfo(x.mask) : undefined;
    const goBackwards = bool(layer, 'go_backwards');
    const r = this.direction(layer, layer.name, base, xT, mask, goBackwards, bool(layer, 'zero_output_for_mask'), init);
    const first = r.seq ? this.ordered(r.seq, goBackwards, base) : r.states[0]!;
    const outs = [first, ...(bool(layer, 'return_state') ? r.states : [])];
    return mask ? outs.map((o, i) => this.guard(o, i === 0 && r.seq ? 3 : 2, mask, base)) : outs;
  }

  private bidirectional(layer: CheckedLayer, x: Val): string[] {
    const g = this.g;
    const inner = innerLayer(layer)!;
    const base = layer.name;
    const xT = g.op1('Transpose', [x.name], `${base}/time_major`, { perm: { ints: [1, 0, 2] } });
    const mask = x.mask ? this.maskInfo(x.mask) : undefined;
    const weightNames = layer.weights.map((w) => w.name);
    const dirName = (side: 'forward' | 'backward') => weightNames.find((n) => n.startsWith(`${side}_`))!.split('/')[0]!;
    // The checker refuses go_backwards on the wrapped layer (Keras's _verify_layer_config: the
    // backward copy always reads backwards), so the forward layer reads forwards.
    const returnSequences = bool(inner, 'return_sequences');
    // bidirectional.py: both directions output zeros at masked steps when they return sequences.
    const fwd = this.direction(inner, `${layer.name}/${dirName('forward')}`, `${base}/forward`, xT, mask, false, returnSequences, undefined);
    const bwd = this.direction(inner, `${layer.name}/${dirName('backward')}`, `${base}/backward`, xT, mask, true, returnSequences, undefined);
    // Keras flips the backward layer's sequence back into time order, which is the order ONNX's
    // reverse direction returns it in.
    const y = fwd.seq ?? fwd.states[0]!;
    const yRev = bwd.seq ?? bwd.states[0]!;
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
    const outs = [...merged, ...(bool(inner, 'return_state') ? [...fwd.states, ...bwd.states] : [])];
    return mask ? outs.map((o, i) => this.guard(o, i < merged.length && returnSequences ? 3 : 2, mask, base)) : outs;
  }

  /** A sequence in time order (reversed: false) or back to front. */
  private ordered(seq: string, reversed: boolean, base: string): string {
    if (!reversed) return seq;
    const g = this.g;
    return g.op1('Slice', [seq, g.int64([-1]), g.int64([-(2 ** 53) + 1]), g.int64([1]), g.int64([-1])], `${base}/reversed`);
  }

  /** NaN for an example whose mask is not a prefix (export.ts's header says why). */
  private guard(y: string, rank: 2 | 3, mask: MaskInfo, base: string): string {
    return this.g.op1('Where', [rank === 3 ? mask.prefix3 : mask.prefix2, y, this.g.float([NaN], true)], `${base}/prefix_mask_only`);
  }

  /**
   * One direction of a recurrent layer as ONNX's operator: its sequence [B, T, H] in time order
   * (step t is the output after reading step t, whichever way it read), when the layer returns
   * sequences, and its final states [B, H] (h, and c for LSTM).
   */
  private direction(layer: CheckedLayer, prefix: string, base: string, xT: string, mask: MaskInfo | undefined, reverse: boolean, zeroOutputForMask: boolean, init: readonly string[] | undefined): { seq?: string; states: string[] } {
    const g = this.g;
    const cell = layer.type;
    const gates = GATES[cell]!;
    const order = GATE_ORDER[cell]!;
    const units = num(layer, 'units');
    const kernel = this.weight(`${prefix}/kernel`);
    const recurrent = this.weight(`${prefix}/recurrent_kernel`);
    const features = kernel.shape[0]!;
    const W = regate(kernel.data, features, units, order);
    const R = regate(recurrent.data, units, units, order);
    const inputs = [xT, g.tensor(`${prefix}/W`, [1, gates * units, features], W), g.tensor(`${prefix}/R`, [1, gates * units, units], R)];
    const resetAfter = cell === 'GRU' && bool(layer, 'reset_after');
    if (bool(layer, 'use_bias')) {
      const bias = this.weight(`${prefix}/bias`).data;
      const n = gates * units;
      const B = new Float32Array(2 * n);
      B.set(reorderBlocks(bias.subarray(0, n), units, order), 0);
      if (resetAfter) B.set(reorderBlocks(bias.subarray(n, 2 * n), units, order), n);
      inputs.push(g.tensor(`${prefix}/B`, [1, 2 * n], B));
    } else inputs.push('');
    inputs.push(mask ? mask.lens : '');
    const initial = init?.map((s, i) => g.op1('Unsqueeze', [s, g.int64([0])], `${base}/initial_${i}`)) ?? [];
    inputs.push(...initial);
    while (inputs[inputs.length - 1] === '') inputs.pop();

    const acts = cell === 'SimpleRNN' ? [str(layer, 'activation')] : cell === 'GRU' ? [str(layer, 'recurrent_activation'), str(layer, 'activation')] : [str(layer, 'recurrent_activation'), str(layer, 'activation'), str(layer, 'activation')];
    const specs = acts.map((a) => RNN_ACTIVATIONS[a]!);
    const attrs: Record<string, Attr> = {
      hidden_size: { i: units },
      direction: { s: reverse ? 'reverse' : 'forward' },
      activations: { strings: specs.map((s) => s.op) },
    };
    // Alpha and beta are given for the activations that take them, in order (as onnxruntime reads them).
    const alphas = specs.flatMap((s) => (s.alpha === undefined ? [] : [s.alpha]));
    const betas = specs.flatMap((s) => (s.beta === undefined ? [] : [s.beta]));
    if (alphas.length) attrs['activation_alpha'] = { floats: alphas };
    if (betas.length) attrs['activation_beta'] = { floats: betas };
    if (cell === 'GRU') attrs['linear_before_reset'] = { i: resetAfter ? 1 : 0 };
    const outCount = cell === 'LSTM' ? 3 : 2;
    const [Y, ...finals] = g.op(OP[cell]!, inputs, `${base}/${OP[cell]}`, attrs, outCount);

    const states = finals.map((s, i) => {
      const h = g.op1('Squeeze', [s, g.int64([0])], `${base}/state_${i}`);
      // An example with no real step keeps its initial state (zeros, or initial_state).
      return mask ? g.op1('Where', [mask.nonEmpty2, h, init?.[i] ?? g.float([0], true)], `${base}/state_${i}_kept`) : h;
    });
    if (!bool(layer, 'return_sequences')) return { states };
    let seq = g.op1('Transpose', [g.op1('Squeeze', [Y!, g.int64([1])], `${base}/Y_3d`)], `${base}/sequence`, { perm: { ints: [1, 0, 2] } });
    if (mask) {
      if (!reverse && !zeroOutputForMask) {
        // Keras repeats the last real output over the padding: gather step min(t, lens − 1).
        const time = g.op1('Gather', [g.op1('Shape', [seq], `${base}/seq_shape`), g.int64([1], true)], `${base}/seq_time`, { axis: { i: 0 } });
        const t = g.op1('Range', [g.int64([0], true), time, g.int64([1], true)], `${base}/steps`);
        const last = g.op1('Sub', [g.op1('Cast', [mask.lens], `${base}/lens64`, { to: { i: DTYPE.int64 } }), g.int64([1], true)], `${base}/last_step`);
        const idx = g.op1('Min', [g.op1('Unsqueeze', [t, g.int64([0])], `${base}/steps_row`), g.op1('Unsqueeze', [last, g.int64([1])], `${base}/last_col`)], `${base}/step_read`);
        const idx3 = g.op1('Expand', [g.op1('Unsqueeze', [idx, g.int64([2])], `${base}/step_read_3d`), g.op1('Shape', [seq], `${base}/seq_shape_2`)], `${base}/step_index`);
        seq = g.op1('GatherElements', [seq, idx3], `${base}/repeated`, { axis: { i: 1 } });
      }
      // Reading backwards, the padding comes first: outputs there are zeros, as ONNX's are.
      seq = g.op1('Where', [mask.nonEmpty3, seq, g.float([0], true)], `${base}/sequence_kept`);
    }
    return { seq, states };
  }
}

const key = (ref: ValueRef) => `${ref.node}:${ref.index}`;

function valueInfo(name: string, elemType: (typeof DTYPE)[keyof typeof DTYPE], dims: readonly DimObject[]): ValueInfoObject {
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim: dims } } } };
}

/** A Keras kernel [rows, g·u] (gate blocks in Keras's order) as ONNX's [g·u, rows] in `order`. */
function regate(kernel: Float32Array, rows: number, units: number, order: readonly number[]): Float32Array {
  const cols = order.length * units;
  const out = new Float32Array(cols * rows);
  order.forEach((k, o) => {
    for (let j = 0; j < units; j++) {
      const src = k * units + j;
      const dst = (o * units + j) * rows;
      for (let r = 0; r < rows; r++) out[dst + r] = kernel[r * cols + src]!;
    }
  });
  return out;
}

/** A bias [g·u] in Keras's gate order as ONNX's. */
function reorderBlocks(bias: Float32Array, units: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(order.length * units);
  order.forEach((k, o) => out.set(bias.subarray(k * units, (k + 1) * units), o * units));
  return out;
}
