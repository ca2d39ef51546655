/**
 * Unzipping with bounds: the central directory is read by limits.ts (which refuses bombs and absurd
 * counts first), then each wanted entry is inflated into a buffer of exactly its declared size, so a
 * damaged or lying archive can neither loop nor allocate more than it declared. fflate's unzipSync has
 * no such bounds (a fuzzed torch archive kept it busy for minutes).
 */
import { inflateSync } from 'fflate';
import { StudioError } from '../errors';
import { zipDirectory } from '../limits';

const LOCAL_HEADER = 0x04034b50;

function damaged(message: string, file: string): StudioError {
  return new StudioError(message, 'The archive is damaged or truncated; save the model again.', { file });
}

/** The archive's entries (name → bytes) for which `want(name)` holds. */
export function readZipEntries(
  bytes: Uint8Array,
  file: string,
  want: (name: string) => boolean = () => true,
): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, Uint8Array>();
  for (const e of zipDirectory(bytes, file)) {
    if (e.name.endsWith('/') || !want(e.name)) continue;
    const at = e.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) {
      throw damaged(`the zip entry '${e.name}' has no local header where the directory says`, file);
    }
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + e.compressed;
    if (end > bytes.length) throw damaged(`the zip entry '${e.name}' runs past the end of the file`, file);
    const data = bytes.subarray(start, end);
    if (e.method === 0) {
      if (e.compressed !== e.uncompressed)
        throw damaged(`the stored zip entry '${e.name}' has two sizes`, file);
      out.set(e.name, data.slice());
    } else if (e.method === 8) {
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(data, { out: new Uint8Array(e.uncompressed) });
      } catch (err) {
        throw damaged(`the zip entry '${e.name}' cannot be inflated (${(err as Error).message})`, file);
      }
      if (inflated.length !== e.uncompressed) {
        throw damaged(
          `the zip entry '${e.name}' inflates to ${inflated.length} bytes, not the ${e.uncompressed} declared`,
          file,
        );
      }
      out.set(e.name, inflated);
    } else {
      throw damaged(
        `the zip entry '${e.name}' uses compression method ${e.method}, which is not supported`,
        file,
      );
    }
  }
  return out;
}
