// Saved models in the TensorFlow.js Layers format (`rnnc train --out`, README.md): what the rest of rnnc uses.

export { loadModelFiles, type LoadedModelFiles } from './load.ts';
export { checkSaveTarget, saveModel, type SaveExtras } from './save.ts';
export { formatNote, tfjsNotes, type SaveNote } from './tfjs-notes.ts';
export { modelTopology } from './topology.ts';
export { weightEntries, type SavedWeight } from './weights-file.ts';
export type { Json, ModelJson, RnncMetadata } from './json.ts';
