/**
 * The HLS template library bundled by Vite: every .h under hls/, keyed by its path relative to hls/
 * ('nnet_utils/nnet_dense.h', 'ap_types/ap_fixed.h'), in sorted order — the same map the Node loader
 * (src/cli/hlsLibrary.ts) reads from disk.
 */
import type { HlsLibrary } from '../core/backends/library';

const PREFIX = '../../hls/';

const modules = import.meta.glob<string>('../../hls/**/*.h', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function bundledHlsLibrary(): HlsLibrary {
  const entries = Object.entries(modules)
    .filter(([path]) => path.startsWith(PREFIX))
    .map(([path, text]) => [path.slice(PREFIX.length), text] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(entries);
}
