// `Input(shape=(…), dtype=…, name=…)`: the start of a functional model, or of a Sequential one.

import type { Arg, CallExpr } from '../parser/ast.ts';
import { kerasInputArg, type UnknownArgAdvice } from './keras-legacy-args.ts';
import { diagnostic } from '../diagnostics/make.ts';
import type { Code } from '../diagnostics/codes.ts';
import { bindArgs, type BindTarget } from './args.ts';
import type { SourceText } from '../source/text.ts';
import { claimName, type CheckContext } from './context.ts';
import { COMMON_ARGS, lookupLayer } from './layers/registry.ts';
import type { TensorType } from './tensor-type.ts';
import type { ArgSpec, LayerDef } from './layers/layer-def.ts';

const NAME_ARG = COMMON_ARGS.filter((a) => a.name === 'name');
let inputSpecs: readonly ArgSpec[] | undefined;

/** Input's own arguments and `name=`, one list for the life of the process: bindArgs indexes
 *  each list once, so a fresh list per call would index it anew every time. */
function specsOf(def: LayerDef): readonly ArgSpec[] {
  return (inputSpecs ??= [...def.args, ...NAME_ARG]);
}

/** What bindArgs binds Input's arguments to; the advice a method, not a closure per call. */
class InputTarget implements BindTarget {
  readonly what = 'Input';
  readonly callee: CallExpr['callee'];

  constructor(
    readonly specs: readonly ArgSpec[],
    call: CallExpr,
    private readonly source: SourceText,
  ) {
    this.callee = call.callee;
  }

  advise(arg: Arg): UnknownArgAdvice | undefined {
    return kerasInputArg(arg, this.source);
  }
}

export function checkInputCall(call: CallExpr, ctx: CheckContext): TensorType | undefined {
  return checkInput(call, ctx)?.type;
}

/** The input's type and its name: the user's `name=`, or Keras's `input_layer`, `input_layer_1`, …. */
export function checkInput(call: CallExpr, ctx: CheckContext): { type: TensorType; name: string } | undefined {
  const def = lookupLayer('Input');
  if (!def) return undefined;
  const bound = bindArgs(new InputTarget(specsOf(def), call, ctx.source), call.args, ctx.values);
  const userName = bound.config['name'];
  const name = typeof userName === 'string' ? claimName(userName, bound.valueRange('name') ?? call.range, ctx) : ctx.names.next('input_layer');
  if (!bound.ok) return undefined;
  const result = def.inferShape([], bound.config);
  if (!result.ok) {
    const e = result.error;
    ctx.report(diagnostic(e.code as Code, (e.arg && bound.valueRange(e.arg)) || call.range, e.message, { ...(e.label ? { label: e.label } : {}), ...(e.hint ? { hint: e.hint } : {}) }));
    return undefined;
  }
  const type = result.outputs[0];
  return type ? { type, name } : undefined;
}
