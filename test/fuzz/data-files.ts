// Data and saved-model files for the fuzz targets: small valid files of each format, damaged the
// ways files get damaged (cut short, bytes flipped, a header edited, values replaced by NaN, text,
// deep lists or numbers beyond float32), and files made up from scratch.

import fc from 'fast-check';
import { float32, int32 } from '../../src/runtime/data/nd-array.ts';
import { writeNpy } from '../../src/runtime/data/npy-write.ts';

export type DataFile = { readonly name: string; readonly bytes: Uint8Array };

const text = (s: string) => new TextEncoder().encode(s);

/** Damage to bytes: cut, flip, overwrite, insert. */
const byteDamage = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('write' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
type ByteDamage = typeof byteDamage extends fc.Arbitrary<infer T> ? T : never;

export function damage(bytes: Uint8Array, d: ByteDamage): Uint8Array {
  const at = bytes.length === 0 ? 0 : d.at % bytes.length;
  switch (d.kind) {
    case 'cut':
      return bytes.slice(0, at);
    case 'flip': {
      const out = bytes.slice();
      if (out.length) out[at] = out[at]! ^ (1 << d.bit);
      return out;
    }
    case 'write': {
      const out = bytes.slice();
      out.set(d.bytes.subarray(0, Math.max(0, out.length - at)), at);
      return out;
    }
    case 'insert':
      return new Uint8Array([...bytes.subarray(0, at), ...d.bytes, ...bytes.subarray(at)]);
  }
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e39, -3.5e38, 0, -0) },
);

/** A .npy file of float32 or int32 values, shaped for the models below or not. */
const npy = fc
  .tuple(
    fc.constantFrom<number[]>([2, 5, 1], [3, 5], [2, 1], [4], [1, 5, 1], [0, 5, 1], [2, 5, 2], [], [2, 3]),
    fc.boolean(),
    fc.array(value, { minLength: 64, maxLength: 64 }),
  )
  .map(([shape, ints, values]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = values.slice(0, n);
    return writeNpy(ints ? int32(shape, Int32Array.from(data, (v) => (Number.isFinite(v) ? Math.trunc(v) : 7))) : float32(shape, Float32Array.from(data)));
  });

/** Edits to a .npy header's text: another dtype, order, shape, or version. */
const npyHeaderEdit = fc.tuple(
  fc.constantFrom("'<f4'", "'<i4'", "'<f8'", "'>f4'", "'>i4'", "'|u1'", "'<i8'", "'<c8'", "'<U3'", "'|b1'", "'<f2'", "'|O'", "'<f4"),
  fc.constantFrom('False', 'True', 'false', '1'),
  fc.constantFrom('(2, 5, 1)', '(5, 2, 1)', '(2,)', '()', '(-1, 5)', '(2, 5, 1, 1)', '(99999999999, 5)', '[2, 5]', '(2.5,)', '((2,),)'),
);

const npyFile: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 2, arbitrary: npy },
  { weight: 3, arbitrary: fc.tuple(npy, fc.array(byteDamage, { minLength: 1, maxLength: 3 })).map(([b, ds]) => ds.reduce(damage, b)) },
  {
    weight: 2,
    arbitrary: fc.tuple(npy, npyHeaderEdit).map(([b, [descr, order, shape]]) => {
      const s = new TextDecoder('latin1').decode(b);
      const edited = s.replace(/'descr': '[^']*'/, `'descr': ${descr}`).replace(/'fortran_order': \w+/, `'fortran_order': ${order}`).replace(/'shape': \([^)]*\)/, `'shape': ${shape}`);
      const out = Uint8Array.from(edited, (c) => c.charCodeAt(0) & 0xff);
      new DataView(out.buffer).setUint16(8, edited.indexOf('\n', 10) - 9, true);
      return out;
    }),
  },
);

/** JSON values for "x" and "y": numbers, nested lists (ragged, deep), and what does not belong. */
const { jsonValue } = fc.letrec<{ jsonValue: unknown }>((tie) => ({
  jsonValue: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 5, arbitrary: value.map((v) => (Number.isNaN(v) ? 'NaN' : v)) },
    { weight: 1, arbitrary: fc.constantFrom('a', null, true, {}, { src: [1] }, []) },
    { weight: 4, arbitrary: fc.array(tie('jsonValue'), { maxLength: 5 }) },
  ),
}));

const deepList = fc.integer({ min: 2, max: 20_000 }).map((n) => '['.repeat(n) + '1' + ']'.repeat(n));
const steps = fc.array(fc.array(value.filter(Number.isFinite), { minLength: 1, maxLength: 1 }), { minLength: 1, maxLength: 6 });

const jsonlLine = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(steps, value.filter(Number.isFinite)).map(([x, y]) => JSON.stringify({ x, y })) },
  { weight: 2, arbitrary: fc.tuple(jsonValue, jsonValue).map(([x, y]) => `{"x": ${JSON.stringify(x) ?? '1'}, "y": ${JSON.stringify(y) ?? '1'}}`) },
  { weight: 1, arbitrary: deepList.map((d) => `{"x": ${d}, "y": 1}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"x": [1e39], "y": 1}', '{"y": 1}', '[1, 2]', '{"x": [[1]], "y": 1e999}', "{'x': 1}", '{"x": [[1],], "y": 1}', '\uFEFF{"x": [[1]], "y": 1}') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const jsonlFile = fc.array(jsonlLine, { minLength: 1, maxLength: 6 }).map((ls) => text(ls.join('\n')));

const csvCell = fc.oneof(
  { weight: 6, arbitrary: value.map((v) => (Number.isNaN(v) ? 'nan' : String(v))) },
  { weight: 1, arbitrary: fc.constantFrom('', 'x', 'constructor', 'toString', '"1,5"', '"', 'inf', '-inf', 'NaN', 'Infinity', '1e999', ' 2 ', 'v') },
);
const csvFile = fc
  .tuple(fc.boolean(), fc.array(fc.array(csvCell, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
  .map(([header, rows, eol]) => text([...(header ? ['v,w,a,b,c,d'] : []), ...rows.map((r) => r.join(','))].join(eol) + eol));

/** An IDX file of bytes or floats, possibly damaged. */
const idxFile = fc
  .tuple(fc.constantFrom(0x08, 0x0d, 0x0b, 0x42), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 3 }), fc.uint8Array({ maxLength: 300 }))
  .map(([type, dims, body]) => {
    const head = new Uint8Array(4 + 4 * dims.length);
    head.set([0, 0, type, dims.length]);
    dims.forEach((d, i) => new DataView(head.buffer).setUint32(4 + 4 * i, d));
    return new Uint8Array([...head, ...body]);
  });

/** A request as the command line or a train block makes it, with its files. */
export interface DataCase {
  readonly files: readonly DataFile[];
  readonly request: { x?: string; y?: string; data?: string; window?: number; column?: string | number; scale?: number };
  readonly labels: 'required' | 'ignored' | 'auto';
  readonly model: number;
}

export const dataCase: fc.Arbitrary<DataCase> = fc
  .tuple(
    fc.oneof(
      fc.tuple(npyFile, npyFile).map(([x, y]) => ({ files: [{ name: 'x.npy', bytes: x }, { name: 'y.npy', bytes: y }], request: { x: 'x.npy', y: 'y.npy' } })),
      jsonlFile.map((d) => ({ files: [{ name: 'd.jsonl', bytes: d }], request: { data: 'd.jsonl' } })),
      fc.tuple(csvFile, csvFile).map(([x, y]) => ({ files: [{ name: 'x.csv', bytes: x }, { name: 'y.csv', bytes: y }], request: { x: 'x.csv', y: 'y.csv' } })),
      fc.tuple(csvFile, fc.integer({ min: 1, max: 6 }), fc.constantFrom<string | number>(0, 1, 'v', 'w', 'constructor')).map(([s, window, column]) => ({ files: [{ name: 's.csv', bytes: s }], request: { x: 's.csv', window, column } })),
      fc.tuple(idxFile, idxFile).map(([x, y]) => ({ files: [{ name: 'x.idx', bytes: x }, { name: 'y.idx', bytes: y }], request: { x: 'x.idx', y: 'y.idx' } })),
    ),
    fc.option(fc.constantFrom(1 / 255, 1e30, -1, 0), { nil: undefined }),
    fc.constantFrom('required' as const, 'ignored' as const, 'auto' as const),
    fc.nat({ max: 2 }),
  )
  .map(([c, scale, labels, model]) => ({ files: c.files, request: scale === undefined ? c.request : { ...c.request, scale }, labels, model }));

/** Damage to a saved model: model.json's text or values, weights.bin's bytes. */
export type SavedDamage =
  | { readonly file: 'model.json'; readonly kind: 'text'; readonly edits: readonly ByteDamage[] }
  | { readonly file: 'model.json'; readonly kind: 'value'; readonly pick: number; readonly value: unknown }
  | { readonly file: 'weights.bin'; readonly edits: readonly ByteDamage[] };

export const savedDamage: fc.Arbitrary<SavedDamage[]> = fc.array(
  fc.oneof(
    fc.record({ file: fc.constant('model.json' as const), kind: fc.constant('text' as const), edits: fc.array(byteDamage, { minLength: 1, maxLength: 3 }) }),
    fc.record({
      file: fc.constant('model.json' as const),
      kind: fc.constant('value' as const),
      pick: fc.nat(),
      value: fc.oneof(fc.constantFrom(null, 'toString', '__proto__', 'constructor', [], {}, -1, Infinity, 'LSTM', 'float64', '../../etc/passwd', ['weights.bin', 'weights.bin']), fc.jsonValue()),
    }),
    fc.record({ file: fc.constant('weights.bin' as const), edits: fc.array(byteDamage, { minLength: 1, maxLength: 3 }) }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** Replaces the `pick`-th value (counted over every value of the JSON, depth first) with `value`. */
export function replaceValue(json: unknown, pick: number, value: unknown): unknown {
  const slots: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [json];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((item, i) => (slots.push({ holder: v, key: i }), stack.push(item)));
    else if (v && typeof v === 'object') for (const [k, item] of Object.entries(v)) {
      slots.push({ holder: v as Record<string, unknown>, key: k });
      stack.push(item);
    }
  }
  if (slots.length === 0) return value;
  const slot = slots[pick % slots.length]!;
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
  return json;
}
