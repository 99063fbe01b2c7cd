// The model being imported, in neutral terms: whichever file it came from (a TensorFlow.js
// model.json, a Keras 3 .keras archive, a legacy Keras .h5), its layers are Keras layer configs
// with snake_case keys, its connections references to other layers' outputs, and its weights
// plain arrays per layer in Keras's order. to-rnn.ts writes it as .rnn text; import.ts checks that
// text with the compiler and hands each checked layer the weights of its source layer.

import type { Json, JsonObject } from '../../runtime/save/json.ts';
import { RnncError } from '../../runtime/errors.ts';
import type { Code } from '../../diagnostics/codes.ts';

/** Which writer's conventions the configs follow: they differ in a few defaults and activations. */
export type SourceFormat = 'tfjs' | 'keras3' | 'keras2';

/** `[layer, node, tensor]`: the tensor-th output of the node-th call of a layer. */
export interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

export interface SourceInput {
  readonly name: string;
  /** Without the batch axis. */
  readonly shape: readonly (number | null)[];
  readonly batchSize: number | null;
  readonly dtype: string;
}

export interface SourceLayer {
  readonly className: string;
  readonly name: string;
  readonly config: JsonObject;
  /** A functional model's call of the layer: its inputs, and a recurrent layer's initial state. */
  readonly inputs: readonly TensorRef[];
  readonly initialState: readonly TensorRef[];
}

export interface SourceModel {
  readonly format: SourceFormat;
  /** The file the configs come from, for diagnostics. */
  readonly file: string;
  readonly name: string;
  readonly kind: 'sequential' | 'functional';
  readonly inputs: readonly SourceInput[];
  /** In the order the file lists them, input layers left out. */
  readonly layers: readonly SourceLayer[];
  readonly outputs: readonly TensorRef[];
}

export interface SourceWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Each layer's weights, by the layer's name in the source, in Keras's order. */
export type SourceWeights = ReadonlyMap<string, readonly SourceWeight[]>;

export interface SourceFile {
  /** Which program wrote the file, for messages: `TensorFlow.js`, `Keras 3`, `rnnc`. */
  readonly writer: string;
  readonly model: SourceModel;
  readonly weights: SourceWeights;
  /** Each TextVectorization's vocabulary, "" and "[UNK]" first, by source layer name. */
  readonly vocabularies?: ReadonlyMap<string, readonly string[]>;
  /** Keras's compile() arguments as saved (compile_config, or a legacy file's training_config in its terms). */
  readonly compile?: Json;
}

/** A mistake in the file being imported: the file, and the layer and argument where there is one. */
export function importError(code: Code, file: string, message: string, hint?: string): RnncError {
  return new RnncError(code, message, file, hint);
}

export const describe = (v: Json | undefined): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** A JSON list, typed as one (Array.isArray narrows a Json to any[]). */
export const asList = (v: Json | undefined): readonly Json[] | undefined => (Array.isArray(v) ? (v as readonly Json[]) : undefined);
