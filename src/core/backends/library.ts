/**
 * The HLS template library (our C++ under hls/) as data: path relative to hls/ → file text. The core
 * never reads files; the browser bundles the library with Vite and Node reads it from disk, and both
 * hand it to the backends.
 */
export type HlsLibrary = ReadonlyMap<string, string>;

/** Generated project: path inside the project folder → file text, in a deterministic order. */
export type ProjectFiles = ReadonlyMap<string, string>;
