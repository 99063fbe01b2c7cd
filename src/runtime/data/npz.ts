// NumPy's .npz archive (numpy/lib/_npyio_impl.py, savez / savez_compressed): a zip file of .npy
// files, one per array, each entry named after its key with `.npy` appended, stored or deflated.
// np.load(f)["src"] reads the entry `src.npy`. fflate reads both kinds of entry (and numpy's
// zip64 records); rnnc writes stored entries, as np.savez does.

import { unzipSync, zipSync } from 'fflate';
import { RnncError } from '../errors.ts';
import type { NdArray } from './nd-array.ts';
import { readNpy } from './npy-read.ts';
import { writeNpy } from './npy-write.ts';

/** The arrays of an archive by key (the entry name without `.npy`), in the archive's order. */
export function readNpz(bytes: Uint8Array, file: string): Map<string, NdArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new RnncError('E0626', `${file} is not a readable .npz archive: ${(e as Error).message}`, file, 'write it with numpy.savez("data.npz", src=src, tgt=tgt, y=y) (or savez_compressed)');
  }
  const out = new Map<string, NdArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue; // a folder entry holds nothing
    if (!name.endsWith('.npy')) {
      throw new RnncError('E0626', `${file} holds the entry \`${name}\`, which is not a .npy array`, file, 'an .npz archive holds one KEY.npy entry per array, as numpy.savez writes it');
    }
    out.set(name.slice(0, -'.npy'.length), readNpy(data, `${file}:${name}`));
  }
  return out;
}

/** The arrays as np.savez would write them: stored `KEY.npy` entries, in the order given. */
export function writeNpz(arrays: ReadonlyMap<string, NdArray>): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [key, array] of arrays) entries[`${key}.npy`] = [writeNpy(array), { level: 0 }];
  // A fixed time stamp: the same predictions give the same bytes.
  return zipSync(entries, { mtime: new Date(1980, 0, 1) });
}
