// The JSON values a saved model is made of, and the shape of model.json as TensorFlow.js reads it
// (tfjs-core src/io/types.ts, ModelJSON). Plain data: built by topology.ts, written by save.ts,
// read back and checked by load.ts.

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/** `{class_name, config}`: how Keras serializes a layer, initializer, regularizer, constraint. */
export type KerasObject = {
  readonly class_name: string;
  readonly config: JsonObject;
};

export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
}

export interface WeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightEntry[];
}

/** What rnnc keeps beside the model under a key TensorFlow.js ignores. */
export interface RnncMetadata {
  readonly [key: string]: Json | undefined;
  /** The rnnc version that wrote the files. */
  readonly version?: string;
  /** The model's name in that source. */
  readonly model?: string;
  /** The `.rnn` source the model was checked from. */
  readonly source?: string;
  /** SHA-256 of weights.bin, hex: lets a load tell a damaged file from a whole one. */
  readonly weightsSha256?: string;
}

export interface ModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: JsonObject;
  readonly weightsManifest: readonly WeightsGroup[];
  readonly trainingConfig?: Json;
  readonly rnnc: RnncMetadata;
}

export const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
