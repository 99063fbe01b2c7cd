// What `rnnc build` writes for each model, declared here so that the program code in this folder
// type-checks inside rnnc. An emitted program defines each of these itself, from the model
// (src/emit/model-code.ts, train-code.ts); where rnnc's own code reads the compiler — its
// vocabularies, the package version, the topology written to model.json — the emitted program
// reads these instead, so it needs nothing but TensorFlow.js and Node.

import type { CheckedModel } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';
import type { Flag } from '../../compiler/train-spec.ts';
import type { FitLoop } from '../../console/train-run.ts';
import type { Vocab } from '../../compiler/vocab/vocab.ts';
import type { Mask } from '../../runtime/layers/kernel.ts';
import type { ForwardRun, GraphState } from '../../runtime/model/graph.ts';
import type { InitialWeights } from '../../runtime/model/weights.ts';
import type { JsonObject } from '../../runtime/save/json.ts';
import type { SaveNote } from '../../runtime/save/tfjs-notes.ts';
import type { Tensor } from '../../runtime/tf.ts';
import type { ExtraGradient } from './graph.ts';

/** The checked model, its train block included. */
export declare const MODEL: CheckedModel;
/** The .rnn source the program was built from, recorded in the models it saves (as rnnc train does). */
export declare const SOURCE: string;
/** Where that .rnn file lies, relative to the program: the train block's paths are relative to it. */
export declare const RNN_PATH: string;
/** The rnnc version that built the program, written into saved models. */
export declare const RNNC_VERSION: string;
/** The command line's flags: trainFlags('program') of rnnc's train-spec.ts, when the program was built. */
export declare const FLAGS: readonly Omit<Flag, 'commands'>[];
/** The entries of rnnc's vocabularies the model uses. */
export declare const LOSSES: Vocab;
export declare const OPTIMIZERS: Vocab;
export declare const METRICS: Vocab;
/** The model's weights, each a named variable, drawn as rnnc's model/weights.ts draws them. */
export declare function createWeights(model: CheckedModel, seed: number): InitialWeights;
/** The model's forward and backward passes, written out (rnnc's graph.ts runs any model). */
export declare function forward(model: CheckedModel, state: GraphState, inputs: readonly Tensor[], inputMasks: readonly Mask[], training: boolean): ForwardRun;
export declare function backward(model: CheckedModel, run: ForwardRun, dOutputs: readonly Tensor[], extra?: readonly ExtraGradient[]): (Tensor | null)[][];
/** Keras's fit() for the train block, written out (rnnc's train/fit.ts runs any train block). */
export declare const train: FitLoop;
/** model.json's topology and what TensorFlow.js will make of the model, worked out at build time. */
export declare function modelTopology(model: CheckedModel): JsonObject;
export declare function tfjsNotes(model: CheckedModel): SaveNote[];
/** Each node's output types, by node id, as rnnc's checker worked them out: only in the programs
 *  `rnnc build --onnx` writes, whose ONNX export declares them (./onnx.ts). */
export declare const OUTPUT_TYPES: Readonly<Record<number, readonly TensorType[]>>;
