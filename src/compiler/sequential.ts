// A Sequential model: a body of layer calls, each fed the output of the one before. The input
// comes from `input=(…)` on the first layer (Keras's input_shape) or a leading `Input(shape=…)`.

import type { CallExpr, ModelDecl } from '../parser/ast.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { CheckContext } from './context.ts';
import type { IRNode, ModelInput, ValueRef } from './ir.ts';
import { applyLayer, checkCtor, type LayerCtor, type Producer } from './layer-call.ts';
import { tensor, UNKNOWN, withBatch, type DType, type TensorType, type ValueType } from './tensor-type.ts';
import { checkInputCall } from './input-call.ts';

export interface ModelBody {
  readonly inputs: ModelInput[];
  readonly nodes: IRNode[];
  readonly outputs: ValueRef[];
  readonly outputTypes: ValueType[];
}

export function checkSequential(model: ModelDecl, ctx: CheckContext): ModelBody {
  const nodes: IRNode[] = [];
  const inputs: ModelInput[] = [];
  const calls: CallExpr[] = [];
  for (const stmt of model.body) {
    if (stmt.kind === 'LayerStmt') calls.push(stmt.call);
  }
  let current: ValueType = UNKNOWN;
  let currentRef: ValueRef = { node: -1, index: 0 };
  let producer: Producer | undefined;
  let start = 0;

  const first = calls[0];
  if (!first) {
    const at = model.name?.range ?? model.keyword;
    ctx.report(diagnostic('E0311', at, `model ${model.name?.name ?? ''} has no layers`.replace('  ', ' '), { label: 'empty model', hint: 'add layers, for example `LSTM(32, input=(10, 1))`' }));
    return { inputs, nodes, outputs: [], outputTypes: [] };
  }
  if (first.callee.name === 'Input' && !first.apply) {
    const input = checkInputCall(first, ctx);
    if (input) {
      inputs.push({ name: 'input', type: input, range: first.range });
      current = input;
    }
    start = 1;
  }

  for (let i = start; i < calls.length; i++) {
    const call = calls[i]!;
    if (call.apply) {
      ctx.report(
        diagnostic('E0407', call.apply.range, `in a Sequential model each layer is applied to the previous one; it takes no input of its own`, {
          label: 'remove this',
          hint: 'to wire layers by hand, bind names: `y = LSTM(64)(x)` … `output y`',
        }),
      );
    }
    if (call.callee.name === 'Input') {
      ctx.report(diagnostic('E0211', call.callee.range, '`Input` can only start a model', { label: 'not the first statement' }));
      current = UNKNOWN;
      continue;
    }
    const ctor = checkCtor(call, ctx);
    if (!ctor) {
      current = UNKNOWN;
      continue;
    }
    if (i === start && inputs.length === 0) {
      const type = firstInput(ctor, ctx);
      if (type) {
        inputs.push({ name: 'input', type, range: ctor.bound.argRange('input') ?? call.range });
        current = type;
      }
    } else if (ctor.inputShape) {
      ctx.report(
        diagnostic('E0310', ctor.bound.argRange('input') ?? call.range, 'only the first layer of a Sequential model takes `input=`', {
          label: 'not the first layer',
          hint: 'the input shape of this layer follows from the layer before it; remove this argument',
          fixes: [{ title: 'remove `input=`', edits: [{ range: removal(call, ctor), newText: '' }] }],
        }),
      );
    }
    const applied = applyLayer(ctor, [current], [producer], ctx);
    const id = nodes.length;
    nodes.push({ id, layer: applied.layer, inputs: [currentRef], range: call.range });
    if (applied.outputs.length > 1) {
      const culprit = ctor.bound.argRange('return_state') ?? ctor.bound.argRange('merge_mode') ?? call.range;
      ctx.report(
        diagnostic('E0308', culprit, `${ctor.def.name} returns ${applied.outputs.length} tensors here, but a Sequential model passes one to the next layer`, {
          label: 'gives several outputs',
          hint: 'bind them in a functional model: `out, h, c = LSTM(64, return_state=true)(x)`',
        }),
      );
      current = UNKNOWN;
    } else {
      current = applied.outputs[0] ?? UNKNOWN;
    }
    currentRef = { node: id, index: 0 };
    producer = { layer: applied.layer, ctor };
  }
  return { inputs, nodes, outputs: nodes.length ? [currentRef] : [], outputTypes: [current] };
}

/** The model input from the first layer's `input=`; an Embedding first means integer ids, a
 *  TextVectorization first raw text. */
function firstInput(ctor: LayerCtor, ctx: CheckContext): TensorType | undefined {
  if (!ctor.inputShape) {
    // An input shape given but rejected (or in Keras 2's spelling) was reported already.
    const shapeArgs = ['input', 'input_shape', 'batch_input_shape', 'input_dim'];
    if (!ctor.bound.ok && ctor.call.args.args.some((a) => a.name !== undefined && shapeArgs.includes(a.name.name))) return undefined;
    ctx.report(
      diagnostic('E0304', ctor.call.callee.range, 'the model does not say what shape its input has', {
        label: 'first layer, with no `input=`',
        hint: `give the first layer the input shape without the batch axis, e.g. \`${ctor.def.name}(…, input=(steps, features))\`, or start the model with \`Input(shape=(…))\``,
      }),
    );
    return undefined;
  }
  const dtype: DType = ctor.def.name === 'Embedding' ? 'int32' : ctor.def.name === 'TextVectorization' ? 'string' : 'float32';
  return tensor(withBatch(null, ctor.inputShape), dtype);
}

function removal(call: CallExpr, ctor: LayerCtor) {
  const arg = call.args.args.find((a) => a.name && (a.name.name === 'input' || a.name.name === 'input_shape'));
  const r = ctor.bound.argRange('input') ?? call.range;
  if (!arg) return r;
  const i = call.args.args.indexOf(arg);
  const prev = call.args.args[i - 1];
  return prev ? { start: prev.range.end, end: arg.range.end } : { start: arg.range.start, end: call.args.args[i + 1]?.range.start ?? arg.range.end };
}
