// The library's ONNX export: `exportOnnx(model)` gives the bytes of an .onnx file for a model
// compiled (and trained, or loaded) with the library API, or throws OnnxExportError with the
// diagnostics of the layers it refuses. The command line's `rnnc export` does the same from a
// saved model's directory.

import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { RnnModel } from '../../runtime/api.ts';
import type { Network } from '../../runtime/model/network.ts';
import { RNNC_VERSION } from '../../runtime/save/version.ts';
import { modelToOnnx, type OnnxWeight } from './export.ts';

export class OnnxExportError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'OnnxExportError';
  }
}

/** The model, with its current weights, as an ONNX model (opset 14): the bytes of an .onnx file. */
export function exportOnnx(rnn: RnnModel): Uint8Array {
  const result = modelToOnnx(rnn.model, networkWeights(rnn.network), RNNC_VERSION);
  if (!result.ok) throw new OnnxExportError(result.diagnostics);
  return result.bytes;
}

/** A network's current weights under their saved names, as the export reads them (an emitted
 *  program's --onnx too: src/emit/program/onnx.ts). */
export function networkWeights(net: Network): OnnxWeight[] {
  const values = net.getWeightValues();
  return net.weights.map((w, i) => ({ name: w.name, shape: [...w.variable.shape], data: values[i]! }));
}
