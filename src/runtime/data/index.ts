// Data files for training and prediction, as plain typed arrays (no TensorFlow.js here): NumPy
// .npy, JSON Lines, CSV series and IDX, read, checked against the model, and written back (.npy).

export type { NdArray } from './nd-array.ts';
export { loadData, formatOf, type DataRequest, type LoadedData, type LabelNeed } from './load.ts';
export { fitToModel, type DataFiles, type FittedData } from './fit.ts';
export { readNpy } from './npy-read.ts';
export { writeNpy } from './npy-write.ts';
export { readJsonl, type JsonlOptions, type JsonlData } from './jsonl.ts';
export { readCsvMatrix, readCsvSeries, type CsvOptions } from './csv.ts';
export { slidingWindows, windowTarget, type WindowTarget } from './windows.ts';
export { readIdx } from './idx.ts';
