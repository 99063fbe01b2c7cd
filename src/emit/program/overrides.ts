// Stand-ins, in an emitted program, for the two things of rnnc it does without: the catalogue of
// diagnostic codes (the program prints the codes its copied code raises, as they are) and the
// layer registry's shape rules.

import type { CheckedModel } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';

/** A diagnostic code, `E0617`. */
export type Code = string;

/**
 * rnnc re-runs the registry's shape rules with the data's lengths to check the labels' time axis
 * before training (src/runtime/data/concrete-shape.ts). The program has no registry: it checks
 * labels against the checked output type, where an unknown length takes any; labels of the wrong
 * length are then reported when the loss first reads them.
 */
export function concreteOutput(_model: CheckedModel, _shapes: readonly (readonly number[])[]): TensorType | undefined {
  return undefined;
}

/**
 * What a runtime table whose every key its type requires (the recurrent cells, one per
 * SimpleRNN, LSTM and GRU) holds in a program for an entry its model never uses: the program
 * carries only the code its model runs.
 */
export function leftOut(name: string): never {
  throw new Error(`${name} is not part of this program: rnnc build copied only what the model uses`);
}
