// rnnc export FILE --model DIR --onnx OUT.onnx: the trained model `rnnc train --out DIR` saved, as an
// ONNX graph (src/interop/onnx). The saved files are checked against the .rnn model as predict
// checks them (E08xx: a missing or damaged file, a layer or weight that does not match); a layer
// the export cannot write exactly is refused (E0906) with the layer named. Either way nothing is
// written; the .onnx file is written whole or not at all. Loads neither TensorFlow.js nor the
// runtime: only the saved files' reader.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../compiler/check.ts';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { modelToOnnx, onnxRefusals } from '../../interop/onnx/export.ts';
import { RnncError } from '../../runtime/errors.ts';
import { loadModelFiles } from '../../runtime/save/load.ts';
import { RNNC_VERSION } from '../../runtime/save/version.ts';
import { EXIT, printDiagnostics, readSource, writeFileAtomic } from '../io.ts';

export interface ExportFlags {
  /** The directory `rnnc train --out` wrote. */
  readonly model: string;
  readonly onnx: string;
}

/** The name of the model a saved directory holds (rnnc's record in model.json), if it says. */
function savedModelName(dir: string): string | null {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { rnnc?: { model?: unknown } };
    return typeof json.rnnc?.model === 'string' ? json.rnnc.model : null;
  } catch {
    return null; // loading reports the missing or damaged file with its code
  }
}

export async function runExport(file: string, flags: ExportFlags): Promise<number> {
  const source = readSource(file);
  const result = check(source.text, source.path);
  if (hasErrors(result.diagnostics)) {
    printDiagnostics(result.diagnostics, result.parse.source, process.stderr);
    return EXIT.errors;
  }
  const saved = savedModelName(flags.model);
  const model = (saved !== null ? result.models.find((m) => m.name === saved) : undefined) ?? (result.models.length === 1 ? result.models[0] : undefined);
  if (!model) {
    const names = result.models.map((m) => m.name).join(', ') || 'none';
    throw new RnncError('E0804', saved ? `${flags.model} holds model \`${saved}\`, which ${file} does not define` : `cannot tell which of ${file}'s models ${flags.model} holds`, flags.model, `the file defines: ${names}`);
  }
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
  process.stdout.write(`wrote ${flags.onnx}: model ${model.name}, ONNX opset 14, ${onnx.bytes.length} bytes\n`);
  return EXIT.ok;
}
