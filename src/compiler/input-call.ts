// `Input(shape=(…), dtype=…)`: the start of a functional model, or of a Sequential one.

import type { CallExpr } from '../parser/ast.ts';
import { bindArgs } from './args.ts';
import type { CheckContext } from './context.ts';
import { lookupLayer } from './layers/registry.ts';
import { tensor, type DType, type Dim, type TensorType } from './tensor-type.ts';

export function checkInputCall(call: CallExpr, ctx: CheckContext): TensorType | undefined {
  return checkInput(call, ctx)?.type;
}

/** The input's type and its name: the user's `name=`, or Keras's `input_layer`, `input_layer_1`, …. */
export function checkInput(call: CallExpr, ctx: CheckContext): { type: TensorType; name: string } | undefined {
  const def = lookupLayer('Input');
  if (!def) return undefined;
  const bound = bindArgs({ what: 'Input', callee: call.callee, specs: def.args }, call.args, ctx.values);
  if (!bound.ok) return undefined;
  const shape = bound.config['shape'];
  const dtype = bound.config['dtype'];
  if (!Array.isArray(shape)) return undefined;
  const name = typeof bound.config['name'] === 'string' ? bound.config['name'] : ctx.names.next('input_layer');
  return { type: tensor([null, ...(shape as Dim[])], dtype === 'int32' ? 'int32' : ('float32' as DType)), name };
}
