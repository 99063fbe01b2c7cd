// Stand-ins, in an emitted program, for the things of rnnc it does without: the catalogue of
// diagnostic codes (the program prints the codes its copied code raises, as they are), and the
// layer registry — its shape rules, and the config types rnnc reads off its argument specs — and
// string-width, which measures the text of an error’s code frame.

import type { CheckedModel } from '../../compiler/ir.ts';
import type { CheckedLayer } from './ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';

/** A diagnostic code, `E0617`. */
export type Code = string;

/**
 * The terminal columns of text in an error's code frame. rnnc asks string-width, which knows wide
 * (CJK) characters; the program carries no packages but TensorFlow.js, and counts characters.
 */
export function textWidth(text: string): number {
  return [...text].length;
}

/** A layer type. rnnc's is the union of its registry's names (src/compiler/layers/registry.ts). */
export type LayerType = string;

/**
 * A layer's checked config. rnnc types each layer's from its registry entry's argument specs, and
 * its own code, the code copied here, type-checks against those; the program carries no registry,
 * and its model's configs are the literals rnnc wrote from a model that checked clean.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's configs are literals rnnc wrote from a checked model; this stands in for the registry's types
export type ConfigOfType<_K, _W> = { readonly [argument: string]: any };

/** A checked layer of the types K: the program's one CheckedLayer (./ir.ts), whatever K. */
export type CheckedLayerOf<_K> = CheckedLayer;

/**
 * rnnc re-runs the registry's shape rules with the data's lengths to check the labels' time axis
 * before training (src/runtime/data/concrete-shape.ts). The program has no registry: it checks
 * labels against the checked output type, where an unknown length takes any; labels of the wrong
 * length are then reported when the loss first reads them.
 */
export function concreteOutput(_model: CheckedModel, _shapes: readonly (readonly number[])[], _which = 0): TensorType | undefined {
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
