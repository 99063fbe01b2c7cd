// The library: what the runtime, the emitter, the language server and users' programs import.

export { parse, type ParseResult } from './parser/index.ts';
export type * from './parser/ast.ts';
export { SourceText, type Range } from './source/text.ts';
export { check, checkParsed, type CheckResult } from './compiler/check.ts';
export type { CheckedModel, CheckedLayer, IRNode, ValueRef, TrainConfig, ModelInput } from './compiler/ir.ts';
export type { TensorType, ValueType, DType, Dim } from './compiler/tensor-type.ts';
export { summary } from './compiler/summary.ts';
export { format } from './format/format.ts';
export type { Diagnostic, Severity, Fix, TextEdit, Label, Location, LocatedDiagnostic } from './diagnostics/diagnostic.ts';
export { renderFrame, renderLocated } from './diagnostics/render-frame.ts';
export { toJson, toJsonLocated, type JsonDiagnostic, type JsonLocatedDiagnostic } from './diagnostics/render-json.ts';
export { CODES, codeInfo } from './diagnostics/codes.ts';

// The runtime: train, evaluate and predict on TensorFlow.js's WASM backend.
export { compile, compileFile, CompileError, RnnModel, type CompileOptions, type FitOverrides } from './runtime/api.ts';
export { RnncError } from './runtime/errors.ts';
export { initBackend, type BackendName } from './runtime/tf.ts';
export { simdFeatures, type SimdFeatures } from './runtime/kernels/wasm-simd.ts';
export type { Dataset, History, FitEvents } from './runtime/train/fit.ts';
export type { HostArray } from './runtime/train/batches.ts';
export { loadData, type DataRequest } from './runtime/data/load.ts';

// ONNX: a compiled (trained or loaded) model as the bytes of an .onnx file (opset 14).
export { exportOnnx, OnnxExportError } from './interop/onnx/api.ts';

// Import: a TensorFlow.js model.json, a Keras 3 .keras or a legacy Keras .h5 model as .rnn source
// and weights; `writeImported` writes the .rnn file and the weights directory RnnModel.load reads.
export { defaultWeightsDir, importModel, writeImported, type ImportedModel, type ImportOptions } from './runtime/import-model.ts';
