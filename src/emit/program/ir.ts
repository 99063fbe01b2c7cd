// The checked model as an emitted program carries it: rnnc's IR (src/compiler/ir.ts) without
// what only the compiler and the editor read — source ranges, parameter counts, the types
// between layers. `rnnc build` writes the model as a literal of these types, and in the emitted
// program they stand in for the IR's, so the runtime's code copied beside them reads the same
// fields it reads in rnnc.

import type {
  CheckedLayerOfType,
  CheckedModel as IRModel,
  DecodePlan as IRDecodePlan,
  IRNode as IRNodeOfRnnc,
  ModelInput as IRInput,
  TrainConfig as IRTrain,
} from '../../compiler/ir.ts';
import type { ArgSpec as IRArgSpec } from '../../compiler/layers/layer-def.ts';
import type { LayerType } from '../../compiler/layers/registry.ts';

/** A layer of any type (in the program, which carries no registry, its config is untyped: overrides.ts). */
export type CheckedLayer = Omit<CheckedLayerOfType<LayerType>, 'inputTypes' | 'outputTypes' | 'params' | 'range'>;

export type IRNode = Omit<IRNodeOfRnnc, 'layer' | 'range'> & { readonly layer: CheckedLayer };

export type ModelInput = Omit<IRInput, 'range'>;

export type TrainConfig = Omit<IRTrain, 'range'>;

export type DecodePlan = Omit<IRDecodePlan, 'range'>;

export type CheckedModel = Omit<IRModel, 'inputs' | 'nodes' | 'train' | 'decode' | 'params' | 'range' | 'nameRange'> & {
  readonly inputs: readonly ModelInput[];
  readonly nodes: readonly IRNode[];
  readonly train?: TrainConfig;
  readonly decode?: DecodePlan;
};

/** An argument of a vocabulary entry (an optimizer's `learning_rate`): its name and Keras's default. */
export type ArgSpec = Pick<IRArgSpec, 'name' | 'default'>;
