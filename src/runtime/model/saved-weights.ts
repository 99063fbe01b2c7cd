// A network's weights from a saved model (`rnnc train --out`, RnnModel.save, an emitted program's
// --out): model.json and weights.bin checked against this very model (save/load.ts), the values
// set in the model's weight order, and the TextVectorization vocabularies the model recorded.

import { join } from 'node:path';
import { loadModelFiles } from '../save/load.ts';
import { restoreVocabularies } from '../text/saved.ts';
import type { Network } from './network.ts';

export async function loadSavedWeights(net: Network, dir: string): Promise<void> {
  const files = await loadModelFiles(dir, net.model);
  const byName = new Map(files.weights.map((w) => [w.name, w.data]));
  net.setWeightValues(net.weights.map((w) => byName.get(w.name)!));
  restoreVocabularies(net, files.rnnc, join(dir, 'model.json'));
}
