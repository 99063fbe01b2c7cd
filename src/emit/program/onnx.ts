// An emitted program's ONNX export, in the programs `rnnc build --onnx` writes: `--onnx FILE` writes
// the trained model as an ONNX graph after training — the file `rnnc export` writes from the same
// weights, byte for byte, because the exporter is rnnc's own (src/interop/onnx, copied with the
// rest). Two of its pieces read what only rnnc's checker knows, and the program has stand-ins for
// them: the build already refused a model the export cannot write (E0906), so the program meets no
// refusal; and the program's model carries no checked types, so each node's output types come from
// OUTPUT_TYPES, which rnnc build writes from the checker's.

import type { CheckedModel, IRNode } from '../../compiler/ir.ts';
import type { TensorType } from '../../compiler/tensor-type.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { checkWritable, writeFileAtomic } from '../../console/write-file.ts';
import { networkWeights } from '../../interop/onnx/api.ts';
import { modelToOnnx, onnxWritten } from '../../interop/onnx/export.ts';
import type { Network } from '../../runtime/model/network.ts';
import { RNNC_VERSION } from '../../runtime/save/version.ts';
import { OUTPUT_TYPES } from './generated.ts';

/** The program's flag: `--onnx FILE`. */
export interface OnnxFlags {
  readonly onnx?: string;
}

/** Before training: a path the file cannot be written to is E0705 now, not after the last epoch. */
export function checkOnnxTarget(flags: OnnxFlags): void {
  if (flags.onnx !== undefined) checkWritable(flags.onnx);
}

/** After training: the trained weights as an .onnx file, written whole or not at all. */
export function writeOnnx(net: Network, flags: OnnxFlags, say: (line: string) => void): void {
  if (flags.onnx === undefined) return;
  const onnx = modelToOnnx(net.model, networkWeights(net), RNNC_VERSION);
  if (!onnx.ok) throw new Error(`rnnc build --onnx wrote a program whose model the export refuses: ${onnx.diagnostics.map((d) => d.message).join('; ')}`);
  writeFileAtomic(flags.onnx, onnx.bytes);
  say(onnxWritten(flags.onnx, net.model, onnx.bytes));
}

/** rnnc's onnxRefusals (interop/onnx/plan.ts), in a program: none, since rnnc build refused what the export cannot write. */
export function onnxRefusals(_model: CheckedModel): Diagnostic[] {
  return [];
}

/** rnnc's outputTypeOf, in a program: the checker's types, as rnnc build wrote them. */
export function outputTypeOf(node: IRNode, index: number): TensorType {
  return OUTPUT_TYPES[node.id]![index]!;
}
