// `initial_state=[h, c]` of a recurrent layer in a functional model: one tensor per state,
// each (batch, units). Keras: LSTM has two states (h, c); SimpleRNN and GRU one; Bidirectional
// takes the forward states then the backward ones.

import type { Expr } from '../parser/ast.ts';
import { diagnostic } from '../diagnostics/make.ts';
import { formatValue, isLayerValue } from './config-value.ts';
import type { CheckContext } from './context.ts';
import type { LayerCtor } from './layer-call.ts';
import { formatShape, type ValueType } from './tensor-type.ts';

export function stateCount(type: string): number {
  return type === 'LSTM' ? 2 : 1;
}

export function checkInitialState(ctor: LayerCtor, at: Expr, states: readonly ValueType[], ctx: CheckContext): boolean {
  let type = ctor.def.name;
  let units = ctor.config['units'];
  let directions = 1;
  const inner = ctor.config['layer'];
  if (ctor.def.name === 'Bidirectional' && isLayerValue(inner)) {
    type = inner.layer.type;
    units = inner.layer.config['units'];
    directions = 2;
  } else if (ctor.def.category !== 'recurrent') {
    ctx.report(diagnostic('E0307', at.range, `${ctor.def.name} is not a recurrent layer and takes no initial state`, { label: 'not accepted here' }));
    return false;
  }
  const expected = stateCount(type) * directions;
  if (states.length !== expected) {
    ctx.report(
      diagnostic('E0307', at.range, `${ctor.def.name} needs ${expected} initial state${expected === 1 ? '' : 's'}, but gets ${states.length}`, {
        label: `${states.length} given`,
        hint: type === 'LSTM' ? 'an LSTM takes [h, c]: bind them with `_, h, c = LSTM(…, return_state=true)(x)`' : `${type} takes [h]`,
      }),
    );
    return false;
  }
  for (const s of states) {
    if (s.kind === 'unknown') continue;
    const last = s.shape[s.shape.length - 1];
    if (s.shape.length !== 2 || (typeof units === 'number' && last !== units)) {
      ctx.report(
        diagnostic('E0307', at.range, `each initial state of ${ctor.def.name}(${formatValue(units)}) must be (None, ${formatValue(units)}), but one is ${formatShape(s.shape)}`, {
          label: 'state shape does not fit',
          hint: 'the encoder and the decoder must have the same number of units',
        }),
      );
      return false;
    }
  }
  return true;
}
