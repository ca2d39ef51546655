/**
 * C-sim parity for hand-made graphs with any number of outputs: the emulator's raws of every output must
 * equal what `make csim` prints, value for value. Configs are drawn from a seeded generator so that each
 * case covers different rounding and overflow modes, widths, table sizes and table types.
 */
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { generateProject } from '../../src/core/backends/index';
import { emulate } from '../../src/core/emulate/engine';
import { randomNormalRows } from '../../src/core/emulate/inputs';
import { fractionalBits } from '../../src/core/fixed/types';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { runCsim } from '../backends/csim';
import { rng } from '../backends/graphs';

export const ROUNDING = [
  'AP_TRN',
  'AP_TRN_ZERO',
  'AP_RND',
  'AP_RND_ZERO',
  'AP_RND_MIN_INF',
  'AP_RND_INF',
  'AP_RND_CONV',
];
export const OVERFLOW = ['AP_WRAP', 'AP_SAT', 'AP_SAT_ZERO', 'AP_SAT_SYM'];

/** A seeded picker of precisions. */
export class TypeDraw {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(((this.r() + 1) / 2) * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** ap_fixed/ap_ufixed with W in [wLo, wHi], I in [iLo, iHi] and random modes. */
  fixed(wLo: number, wHi: number, iLo: number, iHi: number, unsigned = false): string {
    const w = this.int(wLo, wHi);
    const i = Math.min(this.int(iLo, iHi), w);
    return `${unsigned ? 'ap_ufixed' : 'ap_fixed'}<${w},${i},${this.pick(ROUNDING)},${this.pick(OVERFLOW)}>`;
  }
}

export function configWith(
  settings: Record<string, Parameters<typeof withLayerSetting>[2]>,
  base?: DesignConfig,
): DesignConfig {
  let c = base ?? defaultConfig();
  for (const [name, s] of Object.entries(settings)) c = withLayerSetting(c, name, s);
  return c;
}

/** 1,000 rows: 750 N(0, scale²) and 250 of them ×20 (they overflow narrow input types). */
export function parityInputs(seed: number, size: number, scale: number): number[][] {
  return randomNormalRows(seed, 1000, size, scale).map((r, i) => (i % 4 === 0 ? r.map((v) => v * 20) : r));
}

export interface GraphParity {
  readonly rows: number;
  readonly values: number;
  readonly mismatches: string[];
  readonly overflowEvents: number;
}

export async function runGraphParity(
  name: string,
  graph: ModelGraph,
  config: DesignConfig,
  rows: number[][],
): Promise<GraphParity> {
  const lowered = lower(graph, { ...config, projectName: 'myproject' });
  const result = emulate(lowered, rows);
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const csim = await runCsim(files, name, rows);
  const mismatches: string[] = [];
  let values = 0;
  for (let s = 0; s < rows.length; s++) {
    let col = 0;
    result.outputs.forEach((out, o) => {
      const scale = 2 ** fractionalBits(result.outputTypes[o]!);
      const n = out.length / rows.length;
      for (let k = 0; k < n; k++, col++) {
        values++;
        const ours = out[s * n + k]! * scale;
        const theirs = (csim[s]?.[col] ?? NaN) * scale;
        if (ours !== theirs && mismatches.length < 20) {
          mismatches.push(
            `row ${s} ${result.outputNames[o]}[${k}]: emulator raw ${ours}, csim raw ${theirs}`,
          );
        }
      }
    });
  }
  const overflowEvents = result.layers.reduce(
    (a, l) => a + Object.values(l.overflows).reduce((x, y) => x + y, 0),
    0,
  );
  return { rows: rows.length, values, mismatches, overflowEvents };
}
