// The library: what the runtime, the emitter, the language server and users' programs import.

export { parse, type ParseResult } from './parser/index.ts';
export type * from './parser/ast.ts';
export { SourceText, type Range } from './parser/source.ts';
export { check, checkParsed, type CheckResult } from './compiler/check.ts';
export type { CheckedModel, CheckedLayer, IRNode, ValueRef, TrainConfig, ModelInput } from './compiler/ir.ts';
export type { TensorType, ValueType, DType, Dim } from './compiler/tensor-type.ts';
export { summary } from './compiler/summary.ts';
export { format } from './format/format.ts';
export type { Diagnostic, Severity, Fix, TextEdit, Label } from './diagnostics/diagnostic.ts';
export { renderFrame } from './diagnostics/render-frame.ts';
export { toJson, type JsonDiagnostic } from './diagnostics/render-json.ts';
export { CODES, codeInfo } from './diagnostics/codes.ts';
