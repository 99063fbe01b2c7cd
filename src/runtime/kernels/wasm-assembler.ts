// Just enough of a WebAssembly encoder to build rnnc's SIMD cell kernels (layers/recurrent/cells/lstm/simd.ts) at run
// time: a module that imports the TensorFlow.js WASM backend's memory and exports functions whose
// parameters and locals are i32 or v128. Code is written as arrays of bytes built by the helpers
// below, so the kernels stay TypeScript source (no binary file to ship, nothing for `rnnc build`
// to copy besides code) and each instruction's encoding is stated once, here.
//
// Encodings: the WebAssembly core specification 2.0, binary format (§5), with the fixed-width SIMD
// proposal's opcodes (prefix 0xFD, then the opcode as unsigned LEB128).

export type Code = readonly number[];

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const simd = (op: number, ...immediates: number[]): Code => [0xfd, ...uleb(op), ...immediates];

export const op = {
  get: (local: number): Code => [0x20, ...uleb(local)],
  set: (local: number): Code => [0x21, ...uleb(local)],
  i32: (n: number): Code => [0x41, ...sleb(n)],
  i32Add: [0x6a] as Code,
  i32Mul: [0x6c] as Code,
  i32GeU: [0x4f] as Code,
  i32Ne: [0x47] as Code,
  i32And: [0x71] as Code,
  /** The f32 at `address` (top of stack), as a scalar. */
  f32Load: [0x2a, 2, 0] as Code,
  f32Zero: [0x43, 0, 0, 0, 0] as Code,
  f32Eq: [0x5b] as Code,
  f32Ne: [0x5c] as Code,
  /** f32 → an f64x2 holding it, exactly, in both lanes (f64.promote_f32, f64x2.splat). */
  splatF32: [0xbb, ...simd(0x14)] as Code,
  /** The 8 bytes at `address` in a v128's low half, as they are (v128.load64_zero): two f32 to copy. */
  load64: simd(0x5d, 2, 0),
  /** Stack: address, v128 → its low 8 bytes stored as they are (v128.store64_lane 0). */
  store64: simd(0x5b, 2, 0, 0),
  /** Two f32 in a v128's low half → an f64x2, exactly (f64x2.promote_low_f32x4). */
  promote: simd(0x5f),
  /** Two f32 at `address` (top of stack) as an f64x2, exactly (v128.load64_zero, promote_low). */
  loadF32x2: [...simd(0x5d, 2, 0), ...simd(0x5f)] as Code,
  /** Stack: address, f64x2 → the two values rounded to f32 and stored (demote_zero, store64_lane 0). */
  storeF32x2: [...simd(0x5e), ...simd(0x5b, 2, 0, 0)] as Code,
  /** f64x2 → the same values rounded to f32 and back: what a Float32Array would hand back. */
  roundF32: [...simd(0x5e), ...simd(0x5f)] as Code,
  /** Both lanes = x (v128.const of two f64). */
  f64x2: (x: number): Code => simd(0x0c, ...new Uint8Array(new Float64Array([x, x]).buffer)),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  /** b < a ? b : a and a < b ? b : a, lanewise (a below b on the stack): one instruction each on
   *  x64, where min and max (NaN- and −0-exact) are about eight. As `if (x > c) x = c` does, a NaN
   *  x stays NaN and −0 stays −0. */
  pmin: simd(0xf6),
  pmax: simd(0xf7),
};

/** `for (counter = from; counter < to; counter += step) body`, as block/loop/br_if (unsigned compare). */
export function forLoop(counter: number, from: Code, to: Code, step: number, body: Code): Code {
  return [
    ...from,
    ...op.set(counter),
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...op.get(counter), ...to, ...op.i32GeU, 0x0d, 0x01, // br_if to the block's end
    ...body,
    ...op.get(counter), ...op.i32(step), ...op.i32Add, ...op.set(counter),
    0x0c, 0x00, // br to the loop's start
    0x0b, 0x0b, // end loop, end block
  ];
}

/** `if (get(flag) !== 0) body`. */
export function when(flag: number, body: Code): Code {
  return [...op.get(flag), 0x04, 0x40, ...body, 0x0b];
}

/** `if (get(flag) !== 0) then else otherwise`. */
export function either(flag: number, then: Code, otherwise: Code): Code {
  return [...op.get(flag), 0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];
}

export interface WasmFunction {
  readonly name: string;
  /** i32 parameters (pointers in bytes, counts). */
  readonly params: number;
  readonly i32Locals: number;
  readonly v128Locals: number;
  readonly body: Code;
}

const I32 = 0x7f;
const V128 = 0x7b;

const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
const vector = (items: readonly Code[]): Code => [...uleb(items.length), ...items.flat()];
const name = (s: string): Code => vector([...s].map((c) => [c.charCodeAt(0)]));

/** A module importing `env.memory` and exporting `functions` by name; every function returns nothing. */
export function assemble(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(Array.from({ length: f.params }, () => [I32])), 0x00]);
  const bodies = functions.map((f) => {
    const locals = [[...uleb(f.i32Locals), I32], [...uleb(f.v128Locals), V128]];
    const code = [...vector(locals), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])), // memory, min 0, no max
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
