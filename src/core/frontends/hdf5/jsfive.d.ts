/** The part of jsfive's API the HDF5 wrapper uses (jsfive ships no type declarations). */
declare module 'jsfive' {
  export class Group {
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename: string);
  }
  export class Dataset {
    readonly shape: number[];
    readonly dtype: unknown;
    readonly value: ArrayLike<number>;
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects: { readonly chunks: number[] | null; readonly filter_pipeline: unknown[] | null };
  }
}
