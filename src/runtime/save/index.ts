// Saved models in the TensorFlow.js Layers format (LANGUAGE.md §7): what the rest of rnnc uses.

export { loadModelFiles, type LoadedModelFiles } from './load.ts';
export { checkSaveTarget, saveModel, type SaveExtras } from './save.ts';
export { formatNote, tfjsNotes, type SaveNote } from './tfjs-notes.ts';
export { modelTopology } from './topology.ts';
export { weightEntries, type SavedWeight } from './weights-file.ts';
export type { Json, ModelJson, RnncMetadata } from './json.ts';
