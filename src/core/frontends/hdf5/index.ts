/**
 * Read-only HDF5 access for the Keras frontend, over jsfive (pure JS: works in Node and in a Web Worker).
 * Groups and attributes are read lazily on request; a dataset's values are read only when asked for, and
 * only after its declared size has been checked against the file's size, so a damaged or hostile file
 * cannot make us allocate gigabytes from a header field.
 */
import * as jsfive from 'jsfive';
import { StudioError, quoteName } from '../../errors';
import type { FloatTensor } from '../../ir/graph';

const DAMAGED_HINT = 'The file may be damaged or truncated; save it again with Keras (model.save).';

/** deflate cannot expand data more than about 1032:1; chunked datasets may be compressed. */
const MAX_DEFLATE_RATIO = 1032;

/** HDF5 fixed-length strings are NUL-padded; jsfive keeps the padding. */
export function cleanString(v: unknown): string | null {
  if (typeof v === 'string') return v.replace(/\0+$/, '');
  if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, '');
  return null;
}

/** The file a group belongs to: its name and size, for errors and for the size checks. */
class FileContext {
  constructor(
    readonly fileName: string,
    readonly byteLength: number,
  ) {}

  /** Run a jsfive call; anything it throws becomes a StudioError naming the file and the HDF5 path. */
  guard<T>(fn: () => T, path: string): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StudioError) throw e;
      throw new StudioError(`cannot read HDF5 object '${quoteName(path)}' (${describe(e)})`, DAMAGED_HINT, {
        file: this.fileName,
      });
    }
  }

  readDataset(ds: jsfive.Dataset, path: string): FloatTensor {
    const shape = this.guard(() => ds.shape, path) ?? [];
    const dtype = this.guard(() => ds.dtype, path);
    const itemSize = typeof dtype === 'string' ? Number(/(\d+)$/.exec(dtype)?.[1] ?? NaN) : NaN;
    if (typeof dtype !== 'string' || !/^[<>]f[48]$|^[<>|][iu][1248]$/.test(dtype) || !(itemSize > 0)) {
      throw new StudioError(
        `HDF5 dataset '${quoteName(path)}' has data type ${quoteName(JSON.stringify(dtype) ?? '?')}, not a number type`,
        'Keras weights are float32 or float64; save the model again with Keras.',
        { file: this.fileName },
      );
    }
    let count = 1;
    for (const d of shape) {
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new StudioError(`HDF5 dataset '${quoteName(path)}' declares an invalid shape`, DAMAGED_HINT, {
          file: this.fileName,
        });
      }
      count *= d;
    }
    const chunked = this.guard(() => ds._dataobjects.chunks, path) !== null;
    const limit = this.byteLength * (chunked ? MAX_DEFLATE_RATIO : 1);
    if (count * itemSize > limit) {
      throw new StudioError(
        `HDF5 dataset '${quoteName(path)}' declares ${count} values (${count * itemSize} bytes), more than a ${this.byteLength}-byte file can hold`,
        DAMAGED_HINT,
        { file: this.fileName },
      );
    }
    const values = this.guard(() => ds.value, path) as ArrayLike<number> | null | undefined;
    // jsfive hands back nothing at all for some damaged layouts.
    if (values === null || values === undefined || typeof values.length !== 'number') {
      throw new StudioError(`HDF5 dataset '${quoteName(path)}' cannot be decoded`, DAMAGED_HINT, {
        file: this.fileName,
      });
    }
    if (values.length !== count) {
      throw new StudioError(
        `HDF5 dataset '${quoteName(path)}' holds ${values.length} values but its shape [${shape.join(', ')}] needs ${count}`,
        DAMAGED_HINT,
        { file: this.fileName },
      );
    }
    const data = dtype.endsWith('f8') ? Float64Array.from(values) : Float32Array.from(values);
    return { shape: [...shape], data };
  }
}

export class Hdf5Group {
  constructor(
    private readonly ctx: FileContext,
    private readonly node: jsfive.Group,
    readonly path: string,
  ) {}

  get fileName(): string {
    return this.ctx.fileName;
  }

  get keys(): readonly string[] {
    return this.ctx.guard(() => this.node.keys, this.path);
  }

  /** An attribute as a string (NUL padding removed), or null if absent / not a string. */
  stringAttr(name: string): string | null {
    const attrs = this.ctx.guard(() => this.node.attrs, this.path);
    return cleanString(attrs[name]);
  }

  /** An attribute holding a list of strings (e.g. layer_names, weight_names), or null. */
  stringListAttr(name: string): string[] | null {
    const attrs = this.ctx.guard(() => this.node.attrs, this.path);
    const v = attrs[name];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return [cleanString(v) ?? ''];
    if (!Array.isArray(v)) return null;
    return v.map((x: unknown) => cleanString(x) ?? String(x));
  }

  /** A child group by relative path, or null when it does not exist or is a dataset. */
  group(path: string): Hdf5Group | null {
    const child = this.child(path);
    return child === null || child instanceof jsfive.Dataset
      ? null
      : new Hdf5Group(this.ctx, child, this.join(path));
  }

  /** A dataset's values by relative path, as float (float64 datasets stay float64). */
  dataset(path: string): FloatTensor | null {
    const child = this.child(path);
    if (!(child instanceof jsfive.Dataset)) return null;
    return this.ctx.readDataset(child, this.join(path));
  }

  private join(path: string): string {
    return this.path === '/' ? `/${path}` : `${this.path}/${path}`;
  }

  private child(path: string): jsfive.Group | jsfive.Dataset | null {
    // Walk one component at a time so that a missing name is a null, not a thrown string.
    let node: jsfive.Group | jsfive.Dataset = this.node;
    for (const part of path.split('/').filter((p) => p !== '')) {
      if (node instanceof jsfive.Dataset) return null;
      const g: jsfive.Group = node;
      if (!this.ctx.guard(() => g.keys, this.path).includes(part)) return null;
      node = this.ctx.guard(() => g.get(part), this.path);
    }
    return node;
  }
}

function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return quoteName(text.split('\n')[0] ?? '');
}

/** Open an HDF5 file from its bytes; failures are StudioErrors located at fileName. */
export function openHdf5(bytes: Uint8Array, fileName: string): Hdf5Group {
  // jsfive wants an ArrayBuffer: use the bytes' own buffer when they span all of it, else copy.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = (whole ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
  let root: jsfive.File;
  try {
    root = new jsfive.File(buffer, fileName);
  } catch (e) {
    throw new StudioError(`the HDF5 file cannot be read (${describe(e)})`, DAMAGED_HINT, { file: fileName });
  }
  return new Hdf5Group(new FileContext(fileName, bytes.byteLength), root, '/');
}
