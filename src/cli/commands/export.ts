// rnnc export FILE --model DIR --onnx OUT.onnx: the trained model `rnnc train --out DIR` saved, as an
// ONNX graph (src/interop/onnx). The saved files are checked against the .rnn model as predict
// checks them (E08xx: a missing or damaged file, a layer or weight that does not match); a layer
// the export cannot write exactly is refused (E0906) with the layer named. Either way nothing is
// written; the .onnx file is written whole or not at all. Loads neither TensorFlow.js nor the
// runtime: only the saved files' reader.

import { modelToOnnx, onnxWritten } from '../../interop/onnx/export.ts';
import { onnxRefusals } from '../../interop/onnx/plan.ts';
import { loadModelFiles } from '../../runtime/save/load.ts';
import { RNNC_VERSION } from '../../runtime/save/version.ts';
import { EXIT, printDiagnostics, writeFileAtomic } from '../io.ts';
import { modelForSavedDir } from './saved-model.ts';

export interface ExportFlags {
  /** The directory `rnnc train --out` wrote. */
  readonly model: string;
  readonly onnx: string;
}

export async function runExport(file: string, flags: ExportFlags): Promise<number> {
  const chosen = modelForSavedDir(file, flags.model);
  if (typeof chosen === 'number') return chosen;
  const { model, result } = chosen;
  // Refusals first: a model the export cannot write needs no weights read.
  const refused = onnxRefusals(model);
  if (refused.length) {
    printDiagnostics(refused, result.parse.source, process.stderr);
    return EXIT.errors;
  }
  const files = await loadModelFiles(flags.model, model);
  const weights = files.weights.map((w) => ({ name: w.name, shape: w.shape, data: w.data instanceof Float32Array ? w.data : Float32Array.from(w.data) }));
  const onnx = modelToOnnx(model, weights, RNNC_VERSION);
  if (!onnx.ok) {
    printDiagnostics(onnx.diagnostics, result.parse.source, process.stderr);
    return EXIT.errors;
  }
  writeFileAtomic(flags.onnx, onnx.bytes);
  process.stdout.write(onnxWritten(flags.onnx, model, onnx.bytes) + '\n');
  return EXIT.ok;
}
