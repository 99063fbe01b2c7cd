// A functional model: bindings of names to applied layers, ending in `output`. Names are
// resolved in order; each application becomes an IR node reading earlier values.

import type { BindStmt, CallExpr, Expr, Identifier, ModelDecl, OutputStmt } from '../parser/ast.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { findSpec } from './args.ts';
import type { CheckContext } from './context.ts';
import { checkInput } from './input-call.ts';
import type { IRNode, ModelInput, ValueRef } from './ir.ts';
import { applyLayer, checkCtor, type LayerCtor, type Producer } from './layer-call.ts';
import type { ModelBody } from './sequential.ts';
import { suggest } from './suggest.ts';
import { formatType, UNKNOWN, type ValueType } from './tensor-type.ts';
import { checkInitialState } from './initial-state.ts';
import { describeExpr, hasGap } from './values.ts';

/** One value a name can stand for. */
interface Value {
  readonly ref: ValueRef;
  readonly type: ValueType;
  readonly producer?: Producer;
}

interface Binding {
  readonly value: Value;
  readonly target: Identifier;
  /** Used, or involved in an error: either way, not to be reported as unused. */
  accounted: boolean;
}

export function checkFunctional(model: ModelDecl, ctx: CheckContext): ModelBody {
  const inputs: ModelInput[] = [];
  const nodes: IRNode[] = [];
  const env = new Map<string, Binding>();
  const outputs: ValueRef[] = [];
  const outputTypes: ValueType[] = [];
  let output: OutputStmt | undefined;
  let misplacedReported = false;

  /**
   * An error left a layer without its input, or the model without its output (an undefined name,
   * a number, a layer never applied): any name not used so far may be the one meant, so none of
   * them is also reported as unused.
   */
  const tensorMissing = (): void => {
    for (const b of env.values()) b.accounted = true;
  };

  const evaluate = (expr: Expr): Value[] | undefined => {
    switch (expr.kind) {
      case 'Missing':
        return undefined;
      case 'Name': {
        const b = env.get(expr.name);
        if (!b) {
          const [best] = suggest(expr.name, [...env.keys()].filter((n) => n !== '_'));
          ctx.report(
            diagnostic('E0401', expr.range, `\`${expr.name}\` is not defined`, {
              label: best ? `did you mean \`${best}\`?` : 'not defined',
              hint: best ? `did you mean \`${best}\`?` : `bind it first: \`${expr.name} = Input(shape=(…))\``,
              ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range: expr.range, newText: best }] }] } : {}),
            }),
          );
          tensorMissing();
          return undefined;
        }
        b.accounted = true;
        return [b.value];
      }
      case 'Call':
        return evaluateCall(expr);
      default:
        if (!hasGap(expr)) ctx.report(diagnostic('E0409', expr.range, `a layer needs a tensor here, but this is ${describeExpr(expr)}`, { label: 'not a tensor' }));
        tensorMissing();
        return undefined;
    }
  };

  const evaluateCall = (call: CallExpr): Value[] | undefined => {
    if (call.callee.name === 'Input' && !call.apply) {
      const input = checkInput(call, ctx);
      if (!input) return [{ ref: { node: -1, index: -1 }, type: UNKNOWN }];
      const ref = { node: -1, index: inputs.length };
      inputs.push({ name: input.name, type: input.type, range: call.range });
      return [{ ref, type: input.type }];
    }
    // Python evaluates `LSTM(64)(x)` left to right: the layer is constructed (and named) first.
    const ctor = checkCtor(call, ctx);
    if (!call.apply) {
      if (ctor) {
        ctx.report(
          diagnostic('E0406', call.range, `${ctor.def.name}(…) makes a layer but does not apply it to anything`, {
            label: 'not applied',
            hint: `apply it to its input: \`${ctx.source.slice(call.range)}(x)\``,
          }),
        );
        tensorMissing();
      }
      return undefined;
    }
    const positional = call.apply.args.filter((a) => !a.name);
    const tensors: Value[] = [];
    let broken = false;
    for (const arg of positional) {
      const items = arg.value.kind === 'List' && ctor?.def.arity === 'many' ? arg.value.items : [arg.value];
      for (const item of items) {
        const v = evaluate(item);
        if (!v) broken = true;
        else if (v.length !== 1) {
          ctx.report(diagnostic('E0405', item.range, `this gives ${v.length} tensors; a layer input takes one`, { label: `${v.length} tensors`, hint: 'bind them to names first: `out, h, c = …`' }));
          broken = true;
        } else tensors.push(v[0]!);
      }
    }
    let initialState: Value[] | undefined;
    for (const arg of call.apply.args) {
      if (!arg.name) continue;
      if (arg.name.name === 'initial_state') {
        const items = arg.value.kind === 'List' || arg.value.kind === 'Tuple' ? arg.value.items : [arg.value];
        initialState = [];
        for (const item of items) {
          const v = evaluate(item);
          if (!v || v.length !== 1) broken = true;
          else initialState.push(v[0]!);
        }
        if (ctor && !broken) {
          if (!checkInitialState(ctor, arg.value, initialState.map((s) => s.type), ctx)) broken = true;
        }
      } else {
        const [best] = suggest(arg.name.name, ['initial_state', 'mask', 'training']);
        ctx.report(
          diagnostic('E0202', arg.name.range, `applying a layer takes no argument \`${arg.name.name}\``, {
            label: 'unknown argument',
            hint: best === 'initial_state' ? 'did you mean `initial_state`?' : 'a layer is applied to its inputs, and a recurrent layer may take `initial_state=[…]`',
          }),
        );
      }
    }
    if (!ctor) return undefined;
    if (positional.length === 0) {
      ctx.report(diagnostic('E0406', call.apply.range, `${ctor.def.name} is applied to nothing`, { label: 'no input', hint: `give it its input: \`${ctor.def.name}(…)(x)\`` }));
      tensorMissing();
      broken = true;
    } else if (ctor.def.arity === 'one' && tensors.length > 1) {
      ctx.report(diagnostic('E0209', call.apply.range, `${ctor.def.name} takes one input, but is given ${tensors.length}`, { label: 'too many inputs', hint: 'merge them first with Concatenate()([a, b]) or Add()([a, b])' }));
      broken = true;
    } else if (ctor.def.arity === 'many' && !broken && tensors.length < 2) {
      ctx.report(diagnostic('E0302', call.apply.range, `${ctor.def.name} merges several tensors, but is given ${tensors.length}`, { label: 'needs a list of tensors', hint: `write \`${ctor.def.name}()([a, b])\`` }));
      broken = true;
    }
    const inTypes = broken ? [UNKNOWN] : tensors.map((t) => t.type);
    const applied = applyLayer(ctor, inTypes, tensors.map((t) => t.producer), ctx);
    const id = nodes.length;
    nodes.push({
      id,
      layer: applied.layer,
      inputs: tensors.map((t) => t.ref),
      ...(initialState ? { initialState: initialState.map((s) => s.ref) } : {}),
      range: call.range,
    });
    return applied.outputs.map((type, index) => ({ ref: { node: id, index }, type, producer: { layer: applied.layer, ctor } }));
  };

  const statements = model.body;
  for (const stmt of statements) {
    if (output && !misplacedReported) {
      // Once, at the `output` that is out of place, however many statements follow it.
      misplacedReported = true;
      ctx.report(
        diagnostic('E0408', output.range, '`output` must be the last statement of the model', {
          label: 'not the last statement',
          related: [{ range: stmt.range, message: 'comes after `output`' }],
          hint: 'move `output` to the end',
        }),
      );
    }
    if (stmt.kind === 'LayerStmt') {
      ctx.report(
        diagnostic('E0407', stmt.call.range, 'a layer on its own line in a functional model is not connected to anything', {
          label: 'not bound to a name',
          hint: `bind it: \`h = ${stmt.call.callee.name}(…)(x)\``,
        }),
      );
      if (stmt.call.apply) evaluateCall(stmt.call);
      else tensorMissing();
      continue;
    }
    if (stmt.kind === 'OutputStmt') {
      if (output) continue;
      output = stmt;
      for (const e of stmt.values) {
        const v = evaluate(e);
        if (!v) {
          outputTypes.push(UNKNOWN);
          continue;
        }
        for (const x of v) {
          outputs.push(x.ref);
          outputTypes.push(x.type);
        }
      }
      continue;
    }
    bind(stmt, evaluate(stmt.value));
  }

  function bind(stmt: BindStmt, values: Value[] | undefined): void {
    const targets = stmt.targets;
    // Names bound where an error is reported (after `output`, or more names than values) are
    // involved in it.
    const mismatch = values !== undefined && values.length !== targets.length;
    const involved = output !== undefined || mismatch;
    if (mismatch) {
      const rhs = describeOutputs(values);
      ctx.report(
        diagnostic('E0405', targets.length > values.length ? targets[values.length]!.range : stmt.value.range, `${targets.length} names, but the right side gives ${values.length} ${values.length === 1 ? 'tensor' : 'tensors'}: ${rhs}`, {
          label: targets.length > values.length ? 'nothing to bind here' : `${values.length} values`,
          hint: values.length === 1 ? 'a recurrent layer returns its states too only with `return_state=true`' : `write ${values.length} names, using \`_\` for the ones you do not need`,
        }),
      );
    }
    targets.forEach((t, k) => {
      if (t.name === '_') return;
      const existing = env.get(t.name);
      if (existing) {
        ctx.report(diagnostic('E0404', t.range, `\`${t.name}\` is already bound`, { label: 'bound again', related: [{ range: existing.target.range, message: 'first bound here' }], hint: 'choose a new name' }));
        return;
      }
      const value = values && values.length === targets.length ? values[k]! : { ref: { node: -1, index: -1 }, type: UNKNOWN };
      env.set(t.name, { value, target: t, accounted: involved });
    });
  }

  if (!output) {
    const at = model.name?.range ?? model.keyword;
    ctx.report(
      diagnostic('E0403', at, `model ${model.name?.name ?? ''} binds names but never says what it outputs`.replace('  ', ' '), {
        label: 'no `output`',
        hint: 'end the model with `output NAME`',
      }),
    );
    tensorMissing();
  }
  for (const [name, b] of env) {
    if (!b.accounted) {
      ctx.report(diagnostic('W0402', b.target.range, `\`${name}\` is never used`, { label: 'unused', hint: 'use it, or write `_` to discard it' }));
    }
  }
  return { inputs, nodes, outputs, outputTypes };
}

function describeOutputs(values: Value[]): string {
  return values.map((v) => formatType(v.type)).join(', ');
}

export type { LayerCtor };
export { findSpec };
