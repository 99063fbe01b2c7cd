// A small builder for an ONNX graph: nodes in order, constant tensors as initializers, and names
// that never collide. export.ts says what to build; proto.ts writes it.

import { DTYPE, type AttributeObject, type ElemType, type GraphObject, type NodeObject, type TensorObject, type ValueInfoObject } from './proto.ts';

/** An attribute's value, tagged with its ONNX type (a JavaScript number could be either). */
export type Attr =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly s: string }
  | { readonly floats: readonly number[] }
  | { readonly ints: readonly number[] }
  | { readonly strings: readonly string[] }
  | { readonly g: GraphObject };

const utf8 = (s: string) => new TextEncoder().encode(s);

function attribute(name: string, a: Attr): AttributeObject {
  if ('f' in a) return { name, type: 1, f: a.f };
  if ('i' in a) return { name, type: 2, i: a.i };
  if ('s' in a) return { name, type: 3, s: utf8(a.s) };
  if ('floats' in a) return { name, type: 6, floats: a.floats };
  if ('ints' in a) return { name, type: 7, ints: a.ints };
  if ('g' in a) return { name, type: 5, g: a.g };
  return { name, type: 8, strings: a.strings.map(utf8) };
}

const bytesOf = (a: Float32Array | Int32Array | BigInt64Array | Uint8Array) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

export class GraphBuilder {
  /** The nodes of the graph being built: the model's, or a subgraph's while `subgraph` runs. */
  nodes: NodeObject[] = [];
  readonly initializers: TensorObject[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** A name not used before, from `base` (`lstm/Y`, `lstm/Y_1`). */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserve a name exactly as given (the graph's inputs and outputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`rnnc: the ONNX name ${name} is used twice`);
    this.used.add(name);
    return name;
  }

  /** Add a node; returns its outputs' names (`outputs` of them, named after `base`). */
  op(opType: string, inputs: readonly string[], base: string, attrs: Readonly<Record<string, Attr>> = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => this.fresh(outputs === 1 ? base : `${base}_${i}`));
    this.nodes.push({
      name: this.fresh(`${base}/${opType}`),
      op_type: opType,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** One output: `op(…)[0]`. */
  op1(opType: string, inputs: readonly string[], base: string, attrs: Readonly<Record<string, Attr>> = {}): string {
    return this.op(opType, inputs, base, attrs)[0]!;
  }

  /**
   * A subgraph (a Scan's body, an If's branch): the nodes `build` adds go into it, and it returns
   * the subgraph's outputs. Names stay unique across the whole model, as ONNX requires of names a
   * subgraph sees; constants and weights stay the model's initializers, which a subgraph reads
   * from the graph around it.
   */
  subgraph(name: string, inputs: readonly ValueInfoObject[], build: () => readonly ValueInfoObject[]): GraphObject {
    const outer = this.nodes;
    this.nodes = [];
    try {
      const output = build();
      return { name: this.fresh(name), node: this.nodes, initializer: [], input: inputs, output };
    } finally {
      this.nodes = outer;
    }
  }

  /** A weight or other named constant. */
  tensor(name: string, dims: readonly number[], data: Float32Array): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, data_type: DTYPE.float, raw_data: bytesOf(data) });
    return n;
  }

  private constant(kind: string, dims: readonly number[], dataType: ElemType, bytes: Uint8Array): string {
    const key = `${kind}:${dims.join(',')}:${Array.from(bytes).join(',')}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const n = this.fresh(`const_${kind}`);
    this.initializers.push({ name: n, dims, data_type: dataType, raw_data: bytes });
    this.constants.set(key, n);
    return n;
  }

  /** int64 values, as Slice, Squeeze, Unsqueeze, Reshape and Tile take them; a scalar when `scalar`. */
  int64(values: readonly number[], scalar = false): string {
    return this.constant('i64', scalar ? [] : [values.length], DTYPE.int64, bytesOf(BigInt64Array.from(values.map(BigInt))));
  }

  int32(values: readonly number[], scalar = false): string {
    return this.constant('i32', scalar ? [] : [values.length], DTYPE.int32, bytesOf(Int32Array.from(values)));
  }

  float(values: readonly number[], scalar = false): string {
    return this.constant('f32', scalar ? [] : [values.length], DTYPE.float, bytesOf(Float32Array.from(values)));
  }
}
