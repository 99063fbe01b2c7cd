// A functional model: bindings of names to applied layers, ending in `output`. Names are
// resolved in order; each application becomes an IR node reading earlier values.

import type { BindStmt, CallExpr, Expr, Identifier, ModelDecl, OutputStmt } from '../parser/ast.ts';
import type { Range } from '../source/text.ts';
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
import { describeExpr, hasGap } from './args.ts';

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
  return new FunctionalChecker(ctx).check(model);
}

/**
 * The state of checking one functional model. A class rather than closures over local state:
 * one is made per model, and under tsx (esbuild's keepNames) every closure made at run time
 * costs a call that defines its name.
 */
class FunctionalChecker {
  private readonly inputs: ModelInput[] = [];
  private readonly nodes: IRNode[] = [];
  private readonly env = new Map<string, Binding>();
  /** The first this many bindings (in binding order) are accounted for (tensorMissing). */
  private accountedBefore = 0;
  private readonly outputs: ValueRef[] = [];
  private readonly outputTypes: ValueType[] = [];
  private output: OutputStmt | undefined;

  constructor(private readonly ctx: CheckContext) {}

  check(model: ModelDecl): ModelBody {
    const ctx = this.ctx;
    let misplacedReported = false;
    for (const stmt of model.body) {
      if (this.output && !misplacedReported) {
        // Once, at the `output` that is out of place, however many statements follow it.
        misplacedReported = true;
        ctx.report(
          diagnostic('E0408', this.output.range, '`output` must be the last statement of the model', {
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
        if (stmt.call.apply) this.evaluateCall(stmt.call);
        else this.tensorMissing();
      } else if (stmt.kind === 'OutputStmt') {
        if (!this.output) this.outputStatement(stmt);
      } else this.bind(stmt, this.evaluate(stmt.value));
    }

    if (!this.output) {
      const at = model.name?.range ?? model.keyword;
      ctx.report(
        diagnostic('E0403', at, `model ${model.name?.name ?? ''} binds names but never says what it outputs`.replace('  ', ' '), {
          label: 'no `output`',
          hint: 'end the model with `output NAME`',
        }),
      );
      this.tensorMissing();
    }
    let index = 0;
    for (const [name, b] of this.env) {
      if (!b.accounted && index >= this.accountedBefore) {
        ctx.report(diagnostic('W0402', b.target.range, `\`${name}\` is never used`, { label: 'unused', hint: 'use it, or write `_` to discard it' }));
      }
      index++;
    }
    return { inputs: this.inputs, nodes: this.nodes, outputs: this.outputs, outputTypes: this.outputTypes };
  }

  /**
   * An error left a layer without its input, or the model without its output (an undefined name,
   * a number, a layer never applied): any name not used so far may be the one meant, so none of
   * them is also reported as unused.
   */
  /** A tensor could not be had: it may have been meant to be any name bound so far, so none of
   *  them is reported unused. Counted, not marked one by one: a file with thousands of mistakes
   *  must not touch every binding for each. */
  private tensorMissing(): void {
    this.accountedBefore = this.env.size;
  }

  private outputStatement(stmt: OutputStmt): void {
    this.output = stmt;
    for (const e of stmt.values) {
      const v = this.evaluate(e);
      if (!v) {
        this.outputTypes.push(UNKNOWN);
        continue;
      }
      for (const x of v) {
        this.outputs.push(x.ref);
        this.outputTypes.push(x.type);
      }
    }
  }

  private evaluate(expr: Expr): Value[] | undefined {
    switch (expr.kind) {
      case 'Missing':
        return undefined;
      case 'Name': {
        const b = this.env.get(expr.name);
        if (!b) {
          this.undefinedName(expr.name, expr.range);
          return undefined;
        }
        b.accounted = true;
        return [b.value];
      }
      case 'Call':
        return this.evaluateCall(expr);
      default:
        if (!hasGap(expr)) this.ctx.report(diagnostic('E0409', expr.range, `a layer needs a tensor here, but this is ${describeExpr(expr)}`, { label: 'not a tensor' }));
        this.tensorMissing();
        return undefined;
    }
  }

  private undefinedName(name: string, range: Range): void {
    const [best] = suggest(name, this.env.keys(), 1, this.ctx.suggestions);
    this.ctx.report(
      diagnostic('E0401', range, `\`${name}\` is not defined`, {
        label: best ? `did you mean \`${best}\`?` : 'not defined',
        hint: best ? `did you mean \`${best}\`?` : `bind it first: \`${name} = Input(shape=(…))\``,
        ...(best ? { fixes: [{ title: `change to \`${best}\``, edits: [{ range, newText: best }] }] } : {}),
      }),
    );
    this.tensorMissing();
  }

  /** One tensor of a layer's input: false when it could not be had. */
  private addTensor(item: Expr, tensors: Value[]): boolean {
    const v = this.evaluate(item);
    if (!v) return false;
    if (v.length !== 1) {
      this.ctx.report(diagnostic('E0405', item.range, `this gives ${v.length} tensors; a layer input takes one`, { label: `${v.length} tensors`, hint: 'bind them to names first: `out, h, c = …`' }));
      return false;
    }
    tensors.push(v[0]!);
    return true;
  }

  private evaluateCall(call: CallExpr): Value[] | undefined {
    const ctx = this.ctx;
    if (call.callee.name === 'Input' && !call.apply) {
      const input = checkInput(call, ctx);
      if (!input) return [{ ref: { node: -1, index: -1 }, type: UNKNOWN }];
      const ref = { node: -1, index: this.inputs.length };
      this.inputs.push({ name: input.name, type: input.type, range: call.range });
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
        this.tensorMissing();
      }
      return undefined;
    }
    const tensors: Value[] = [];
    let positional = 0;
    let broken = false;
    for (const arg of call.apply.args) {
      if (arg.name) continue;
      positional++;
      if (arg.value.kind === 'List' && ctor?.def.arity === 'many') {
        for (const item of arg.value.items) if (!this.addTensor(item, tensors)) broken = true;
      } else if (!this.addTensor(arg.value, tensors)) broken = true;
    }
    let initialState: Value[] | undefined;
    for (const arg of call.apply.args) {
      if (!arg.name) continue;
      if (arg.name.name === 'initial_state') {
        const items = arg.value.kind === 'List' || arg.value.kind === 'Tuple' ? arg.value.items : [arg.value];
        initialState = [];
        for (const item of items) {
          const v = this.evaluate(item);
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
    if (positional === 0) {
      ctx.report(diagnostic('E0406', call.apply.range, `${ctor.def.name} is applied to nothing`, { label: 'no input', hint: `give it its input: \`${ctor.def.name}(…)(x)\`` }));
      this.tensorMissing();
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
    const id = this.nodes.length;
    const refs = tensors.map((t) => t.ref);
    const range = call.range;
    this.nodes.push(
      initialState
        ? { id, layer: applied.layer, inputs: refs, initialState: initialState.map((s) => s.ref), range }
        : { id, layer: applied.layer, inputs: refs, range },
    );
    const producer: Producer = { layer: applied.layer, ctor };
    return applied.outputs.map((type, index) => ({ ref: { node: id, index }, type, producer }));
  }

  private bind(stmt: BindStmt, values: Value[] | undefined): void {
    const targets = stmt.targets;
    // Names bound where an error is reported (after `output`, or more names than values) are
    // involved in it.
    const mismatch = values !== undefined && values.length !== targets.length;
    const involved = this.output !== undefined || mismatch;
    if (mismatch) {
      const rhs = describeOutputs(values);
      this.ctx.report(
        diagnostic('E0405', targets.length > values.length ? targets[values.length]!.range : stmt.value.range, `${targets.length} names, but the right side gives ${values.length} ${values.length === 1 ? 'tensor' : 'tensors'}: ${rhs}`, {
          label: targets.length > values.length ? 'nothing to bind here' : `${values.length} values`,
          hint: values.length === 1 ? 'a recurrent layer returns its states too only with `return_state=true`' : `write ${values.length} names, using \`_\` for the ones you do not need`,
        }),
      );
    }
    for (let k = 0; k < targets.length; k++) {
      const t = targets[k]!;
      if (t.name === '_') continue;
      const existing = this.env.get(t.name);
      if (existing) {
        this.ctx.report(diagnostic('E0404', t.range, `\`${t.name}\` is already bound`, { label: 'bound again', related: [{ range: existing.target.range, message: 'first bound here' }], hint: 'choose a new name' }));
        continue;
      }
      const value = values && !mismatch ? values[k]! : { ref: { node: -1, index: -1 }, type: UNKNOWN };
      this.env.set(t.name, { value, target: t, accounted: involved });
    }
  }
}

function describeOutputs(values: Value[]): string {
  return values.map((v) => formatType(v.type)).join(', ');
}

export type { LayerCtor };
export { findSpec };
