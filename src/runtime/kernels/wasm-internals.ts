// What rnnc's kernels reach inside tfjs-backend-wasm's backend object (wasm-gemm.ts, wasm-simd.ts):
// not public API, so stated once here, and pinned by the tfjs versions rnnc accepts (tfjs-versions.ts).

/** The parts of tfjs-backend-wasm's backend object rnnc's kernels reach. */
export interface WasmInternals {
  wasm: {
    cwrap(name: string, returns: null, args: readonly string[]): (...args: unknown[]) => void;
    /** Emscripten's exports: the module's memory, which rnnc's own SIMD module imports. */
    asm: { memory: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
}
