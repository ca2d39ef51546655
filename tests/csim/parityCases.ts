/**
 * C-sim parity: the generated project's `make csim` must print exactly the emulator's outputs. Each case
 * is a model, a configuration that stresses a different part of the arithmetic (rounding modes,
 * saturation, narrow accumulators, resource summation orders, every softmax), and 1,000 inputs
 * including rows that overflow.
 */
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../src/core/config/designConfig';
import { generateProject } from '../../src/core/backends/index';
import { emulate } from '../../src/core/emulate/engine';
import { randomNormalRows } from '../../src/core/emulate/inputs';
import { fractionalBits } from '../../src/core/fixed/types';
import { lower } from '../../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { loadGoldenCase } from '../golden/goldenCase';
import { runCsim } from '../backends/csim';

export interface ParityCase {
  readonly name: string;
  readonly golden: string;
  readonly configure: (base: DesignConfig) => DesignConfig;
  /** Whether these rows must overflow somewhere (false only where the types make overflow impossible). */
  readonly overflows: boolean;
}

const set = withLayerSetting;

export const PARITY_CASES: readonly ParityCase[] = [
  { name: 'jet_golden', golden: 'a_jet_mlp_latency', overflows: true, configure: (c) => c },
  // auto-typed accumulators and tables that saturate by construction: nothing can overflow here
  { name: 'lut_golden', golden: 'g_sigmoid_tanh_lut', overflows: false, configure: (c) => c },
  {
    name: 'jet_resource_sat',
    overflows: true,
    golden: 'a_jet_mlp_latency',
    configure: (c) => {
      let x: DesignConfig = { ...c, model: { ...c.model, strategy: 'Resource', reuseFactor: 4 } };
      x = set(x, '/fc1/Gemm', {
        precision: { accum: 'ap_fixed<12,4,AP_RND,AP_SAT>', result: 'ap_fixed<10,4,AP_RND_CONV,AP_SAT_SYM>' },
      });
      x = set(x, '/fc2/Gemm', {
        reuseFactor: 128,
        precision: { accum: 'ap_fixed<14,5,AP_RND_ZERO,AP_SAT>' },
      });
      x = set(x, '/fc3/Gemm', {
        reuseFactor: 64,
        precision: { accum: 'ap_fixed<13,4>', weight: 'ap_fixed<6,1,AP_RND_INF>' },
      });
      x = set(x, '/relu2/Relu', { precision: { result: 'ap_ufixed<8,3,AP_RND_MIN_INF,AP_SAT>' } });
      return set(x, '/softmax/Softmax', { implementation: 'latency' });
    },
  },
  {
    name: 'jet_wrap_legacy',
    overflows: true,
    golden: 'a_jet_mlp_latency',
    configure: (c) => {
      let x = set(c, '/fc1/Gemm', {
        precision: { accum: 'ap_fixed<10,3>', bias: 'ap_fixed<8,2,AP_TRN_ZERO>' },
      });
      x = set(x, '/fc4/Gemm', {
        strategy: 'Resource',
        reuseFactor: 32,
        precision: { result: 'ap_fixed<12,5,AP_RND,AP_SAT_ZERO>' },
      });
      return set(x, '/softmax/Softmax', { implementation: 'legacy', tableSize: 512 });
    },
  },
  {
    // A wide table_t makes the legacy inverse table's double division visible (no float32 rounding).
    name: 'jet_legacy_wide_table',
    overflows: true,
    golden: 'a_jet_mlp_latency',
    configure: (c) =>
      set(
        set(c, '/fc4/Gemm', { precision: { result: 'ap_fixed<10,4,AP_RND,AP_SAT>' } }),
        '/softmax/Softmax',
        {
          implementation: 'legacy',
          precision: { table: 'ap_fixed<32,8>' },
        },
      ),
  },
  {
    name: 'lut_narrow_tables',
    overflows: true,
    golden: 'g_sigmoid_tanh_lut',
    configure: (c) => {
      let x = set(c, '/sigmoid/Sigmoid', {
        tableSize: 256,
        precision: { table: 'ap_fixed<10,2,AP_RND,AP_SAT>', result: 'ap_ufixed<9,1>' },
      });
      x = set(x, '/tanh/Tanh', {
        tableSize: 512,
        precision: { table: 'ap_fixed<12,2,AP_RND_CONV,AP_SAT_SYM>' },
      });
      return set(x, '/fc2/Gemm', {
        precision: { result: 'ap_fixed<12,3,AP_RND,AP_SAT>', accum: 'ap_fixed<20,6>' },
      });
    },
  },
  {
    name: 'jet_argmax_stable_narrow',
    overflows: true,
    golden: 'a_jet_mlp_latency',
    configure: (c) => {
      const x = { ...c, model: { ...c.model, precision: { default: 'ap_fixed<12,5,AP_RND,AP_SAT>' } } };
      return set(
        set(x, '/softmax/Softmax', {
          implementation: 'stable',
          precision: { exp_table: 'ap_fixed<12,4,AP_RND,AP_SAT>' },
        }),
        '/fc4/Gemm',
        {
          precision: { result: 'ap_fixed<8,4>' },
        },
      );
    },
  },
];

export interface ParityOutcome {
  readonly rows: number;
  readonly values: number;
  readonly mismatches: string[];
  readonly overflowEvents: number;
}

/** 1,000 rows: the case's 200 golden rows (incl. deliberately overflowing ones) + 800 seeded, 1/4 of them ×20. */
export function parityRows(golden: number[][], size: number, seed: number): number[][] {
  const extra = randomNormalRows(seed, 800, size, 1.5).map((r, i) =>
    i % 4 === 0 ? r.map((v) => v * 20) : r,
  );
  return [...golden, ...extra];
}

export async function runParityCase(c: ParityCase): Promise<ParityOutcome> {
  const g = await loadGoldenCase(c.golden);
  const config = c.configure(g.config.backend ? g.config : defaultConfig());
  const lowered = lower(g.graph, { ...config, projectName: 'myproject' });
  const rows = parityRows(g.inputs, g.inputs[0]!.length, 1234);
  const result = emulate(lowered, rows);
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const csim = await runCsim(files, c.name, rows);
  const type = result.outputTypes[0]!;
  const scale = 2 ** fractionalBits(type);
  const n = result.outputs[0]!.length / rows.length;
  const mismatches: string[] = [];
  for (let s = 0; s < rows.length; s++) {
    for (let k = 0; k < n; k++) {
      const ours = result.outputs[0]![s * n + k]! * scale;
      const theirs = (csim[s]?.[k] ?? NaN) * scale;
      if (ours !== theirs) mismatches.push(`row ${s} out ${k}: emulator raw ${ours}, csim raw ${theirs}`);
    }
  }
  const overflowEvents = result.layers.reduce(
    (a, l) => a + Object.values(l.overflows).reduce((x, y) => x + y, 0),
    0,
  );
  return { rows: rows.length, values: rows.length * n, mismatches, overflowEvents };
}
