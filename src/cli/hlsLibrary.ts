/**
 * The HLS template library read from disk (Node): every .h under <repo>/hls, keyed by its path relative
 * to hls/ with forward slashes ('nnet_utils/nnet_dense.h', 'ap_types/ap_fixed.h'), in sorted order.
 * The browser builds the same map with Vite (src/workers/hlsLibrary.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HlsLibrary } from '../core/backends/library';

/** <repo>/hls, found relative to this file (src/cli/ → ../../hls). */
export const DEFAULT_HLS_ROOT = fileURLToPath(new URL('../../hls', import.meta.url));

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.h')) out.push(path);
  }
}

export function loadHlsLibraryFromDisk(root: string = DEFAULT_HLS_ROOT): HlsLibrary {
  const paths: string[] = [];
  walk(root, paths);
  const entries = paths
    .map((p) => [relative(root, p).split(sep).join('/'), readFileSync(p, 'utf8')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(entries);
}
