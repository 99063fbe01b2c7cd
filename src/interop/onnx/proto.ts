// ONNX's protobuf messages, written with protobufjs (its light build: no .proto parser at run time)
// from the schema in onnx-proto.ts, which scripts/onnx-proto.mjs generates from onnx/onnx.proto3.
// protobufjs rather than a hand-written encoder: a maintained library that knows protobuf's wire
// format (varints, packed repeated fields, int64) so this file only says what goes where; rather
// than the `onnx-proto` package, whose schema predates opset 14 and which pins protobufjs 6.

import protobuf from 'protobufjs/light.js';
import { ONNX_PROTO } from './onnx-proto.ts';

/** TensorProto.DataType. */
export const DTYPE = { float: 1, int32: 6, int64: 7, bool: 9 } as const;
export type ElemType = (typeof DTYPE)[keyof typeof DTYPE];

/** AttributeProto, as protobufjs's fromObject reads it (field names as in onnx.proto). */
export interface AttributeObject {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
  readonly s?: Uint8Array;
  readonly floats?: readonly number[];
  readonly ints?: readonly number[];
  readonly strings?: readonly Uint8Array[];
  /** A subgraph: a Scan's body, an If's branches. */
  readonly g?: GraphObject;
}

export interface TensorObject {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data_type: ElemType;
  readonly raw_data: Uint8Array;
}

export interface NodeObject {
  readonly name: string;
  readonly op_type: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly AttributeObject[];
}

/** A dimension: a size, a name for a size known only at run time (`batch`), or neither (unknown). */
export type DimObject = { readonly dim_value: number } | { readonly dim_param: string } | Record<string, never>;

export interface ValueInfoObject {
  readonly name: string;
  readonly type: { readonly tensor_type: { readonly elem_type: ElemType; readonly shape: { readonly dim: readonly DimObject[] } } };
}

/** GraphProto: the model's graph, or a subgraph, which may read the names of the graphs around it. */
export interface GraphObject {
  readonly name: string;
  readonly node: readonly NodeObject[];
  readonly initializer: readonly TensorObject[];
  readonly input: readonly ValueInfoObject[];
  readonly output: readonly ValueInfoObject[];
}

export interface ModelObject {
  readonly ir_version: number;
  readonly opset_import: readonly { readonly domain: string; readonly version: number }[];
  readonly producer_name: string;
  readonly producer_version: string;
  readonly doc_string: string;
  readonly graph: GraphObject;
}

let modelType: protobuf.Type | undefined;

/** The model's bytes: what an .onnx file holds. */
export function encodeModel(model: ModelObject): Uint8Array {
  modelType ??= protobuf.Root.fromJSON(ONNX_PROTO as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType.encode(modelType.fromObject(model)).finish();
}
