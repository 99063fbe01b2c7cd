// jsfive (usnistgov/jsfive) ships no types: the part of its API rnnc reads.
declare module 'jsfive' {
  export class Group {
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset;
  }
  export class Dataset {
    readonly shape: number[];
    readonly dtype: unknown;
    readonly value: ArrayLike<number | bigint>;
    readonly attrs: Record<string, unknown>;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename: string);
  }
}
