/**
 * C-sim parity of the Dense variants: hls4ml's special weight products (XNOR weight_binary, int<2>
 * weight_ternary incl. a weight of −2, power-of-two weight_exponential with exponents that wrap in their
 * type), the Resource Unrolled strategy, and per-layer C++ trace output. Configurations are drawn from a
 * seeded generator; 1,000 rows with a quarter ×20 so that they overflow.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateProject } from '../../src/core/backends/index';
import { withLayerSetting, type DesignConfig, type Strategy } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import type { EmulationResult } from '../../src/core/emulate/types';
import { fractionalBits } from '../../src/core/fixed/types';
import type { ConvLayer, DenseLayer, ModelGraph } from '../../src/core/ir/graph';
import type { LoweredGraph } from '../../src/core/passes/lowered';
import { validReuseFactors } from '../../src/core/passes/reuseFactor';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { buildProject, parseResults } from '../backends/csim';
import { float32Text } from '../../src/core/backends/vivado/writeTestbench';
import { dense, graph, input, rng } from '../backends/graphs';
import { TypeDraw } from './elementwiseHarness';

const run = promisify(execFile);

/** Dense layers with each special product, then an ordinary one. */
export function productsGraph(seed: number): ModelGraph {
  const r = rng(seed);
  const xnor: DenseLayer = {
    ...dense('fc_xnor', 'in', 16, 12, seed + 1),
    weightEncoding: 'xnor',
    quantized: { weight: 'uint<1>' },
  };
  const binary = Float32Array.from(xnor.weight.data, (v) => (v >= 0 ? 1 : -1));
  // int<2> weights: −1.6 and 1.6 print as ∓2 (ternary reads −2 as +1; 2 wraps to −2 in ap_int<2>).
  const ternaryValues = [-2, -1.6, -1, -0.4, 0, 0.3, 1, 1.2, 1.6];
  const ternary: DenseLayer = {
    ...dense('fc_ternary', 'fc_xnor', 12, 10, seed + 2),
    quantized: { weight: 'int<2>' },
  };
  const tern = Float32Array.from(ternary.weight.data, () => ternaryValues[Math.floor(((r() + 1) / 2) * 9)]!);
  // Power-of-two weights with exponents −10…10 in an int<4> exponent type: ±9, ±10 wrap.
  const po2: DenseLayer = {
    ...dense('fc_po2', 'fc_ternary', 10, 8, seed + 3),
    weightEncoding: 'exponent',
    quantized: { weight: 'int<4>' },
  };
  const exps = Float32Array.from(
    po2.weight.data,
    (v) => (v < 0 ? -1 : 1) * 2 ** (Math.floor(((r() + 1) / 2) * 21) - 10),
  );
  return graph(
    `products${seed}`,
    [
      input('in', 16),
      { ...xnor, weight: { shape: xnor.weight.shape, data: binary } },
      { ...ternary, weight: { shape: ternary.weight.shape, data: tern } },
      { ...po2, weight: { shape: po2.weight.shape, data: exps } },
      dense('fc_mult', 'fc_po2', 8, 6, seed + 4),
    ],
    ['fc_xnor', 'fc_ternary', 'fc_po2', 'fc_mult'],
  );
}

/** ap_uint<1> inputs into XNOR weights and into plain uint<1> weights: hls4ml's XNOR output conversion. */
export function xnorGraph(seed: number): ModelGraph {
  const xnor = dense('fc_xnor', 'in', 20, 7, seed + 1);
  const u1 = dense('fc_u1', 'in', 20, 5, seed + 2);
  return graph(
    `xnor${seed}`,
    [
      input('in', 20),
      {
        ...xnor,
        weightEncoding: 'xnor',
        quantized: { weight: 'uint<1>' },
        weight: {
          shape: xnor.weight.shape,
          data: Float32Array.from(xnor.weight.data, (v) => (v >= 0 ? 1 : -1)),
        },
        // large biases push 2·(acc − 10) past ap_int<7>, so its wrap is exercised
        bias: { shape: [7], data: Float32Array.from(xnor.bias!.data, (v) => v * 100) },
      },
      {
        ...u1,
        quantized: { weight: 'uint<1>' },
        weight: { shape: u1.weight.shape, data: Float32Array.from(u1.weight.data, (v) => (v >= 0 ? 1 : 0)) },
      },
    ],
    ['fc_xnor', 'fc_u1'],
  );
}

/** Conv1D with int<2> weights (hls4ml's weight_ternary, −2 read as +1), then an ordinary Dense. */
export function ternaryConvGraph(seed: number): ModelGraph {
  const r = rng(seed);
  const values = [-2, -1.6, -1, 0, 0.4, 1, 1.6];
  const conv: ConvLayer = {
    kind: 'Conv',
    name: 'conv_t',
    inputs: ['in'],
    outputShape: [8, 4],
    source: { op: 'Conv1D', node: 'conv_t' },
    rank: 1,
    kernel: [3],
    strides: [1],
    dilations: [1],
    pads: [1, 1],
    nChan: 3,
    nFilt: 4,
    weight: {
      shape: [3, 3, 4],
      data: Float32Array.from({ length: 36 }, () => values[Math.floor(((r() + 1) / 2) * values.length)]!),
    },
    bias: { shape: [4], data: Float32Array.from({ length: 4 }, () => r()) },
    quantized: { weight: 'int<2>' },
  };
  return graph(
    `tconv${seed}`,
    [
      { kind: 'Input', name: 'in', inputs: [], outputShape: [8, 3], source: { op: 'input', node: 'in' } },
      conv,
      {
        kind: 'Reshape',
        name: 'flat',
        inputs: ['conv_t'],
        outputShape: [32],
        source: { op: 'Flatten', node: 'flat' },
      },
      dense('fc_out', 'flat', 32, 5, seed + 1),
    ],
    ['fc_out'],
  );
}

/** A seeded strategy and valid reuse factor for an n_in × n_out Dense. */
export function drawStrategy(
  d: TypeDraw,
  nIn: number,
  nOut: number,
): { strategy: Strategy; reuseFactor: number } {
  const strategy = d.pick<Strategy>(['Latency', 'Resource', 'Resource Unrolled', 'Resource Unrolled']);
  const rfs = validReuseFactors(nIn, nOut, strategy === 'Resource Unrolled').filter((rf) => rf > 1);
  return { strategy, reuseFactor: strategy === 'Latency' ? 1 : d.pick(rfs) };
}

/** Random accum/result/bias precisions for one Dense, narrow enough to round, wrap and saturate. */
export function drawDense(
  c: DesignConfig,
  d: TypeDraw,
  name: string,
  nIn: number,
  nOut: number,
): DesignConfig {
  return withLayerSetting(c, name, {
    ...drawStrategy(d, nIn, nOut),
    trace: true,
    precision: {
      accum: d.fixed(10, 20, 3, 8),
      result: d.fixed(8, 16, 2, 6),
      bias: d.fixed(6, 12, 1, 4),
    },
  });
}

export interface TraceParity {
  readonly rows: number;
  /** Layers whose trace file the C-sim wrote and that were compared. */
  readonly traced: string[];
  readonly values: number;
  readonly mismatches: string[];
  readonly overflowEvents: number;
  readonly result: EmulationResult;
}

/**
 * Emulate with trace: true, build the project, run its C-sim, and compare every model output and every
 * traced layer's tb_data/<cppName>_trace.log with the emulator's raws, value for value.
 */
export async function runTraceParity(
  name: string,
  lowered: LoweredGraph,
  rows: number[][],
): Promise<TraceParity> {
  const result = emulate(lowered, rows, { trace: true });
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const built = await buildProject(files, name);
  const dir = join(built.dir, 'runs', `trace-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(dir, 'tb_data'), { recursive: true });
  writeFileSync(
    join(dir, 'tb_data', 'tb_input_features.dat'),
    rows.map((row) => `${row.map(float32Text).join(' ')}\n`).join(''),
  );
  await run(built.binary, [], { cwd: dir, maxBuffer: 1 << 26, timeout: 600_000 });
  const mismatches: string[] = [];
  let values = 0;
  const compare = (what: string, ours: Float64Array, frac: number, theirs: number[][]): void => {
    const scale = 2 ** frac;
    const n = ours.length / rows.length;
    for (let s = 0; s < rows.length; s++) {
      for (let k = 0; k < n; k++) {
        values++;
        const a = ours[s * n + k]! * scale;
        const b = (theirs[s]?.[k] ?? NaN) * scale;
        if (a !== b && mismatches.length < 20)
          mismatches.push(`${what} row ${s} [${k}]: emulator raw ${a}, csim raw ${b}`);
      }
    }
  };
  const csim = parseResults(readFileSync(join(dir, 'tb_data', 'csim_results.log'), 'utf8'));
  let col = 0;
  result.outputs.forEach((out, o) => {
    const n = out.length / rows.length;
    const cols = csim.map((row) => row.slice(col, col + n));
    compare(`output ${result.outputNames[o]}`, out, fractionalBits(result.outputTypes[o]!), cols);
    col += n;
  });
  const traced: string[] = [];
  for (const l of lowered.layers) {
    if (!l.trace || l.kind === 'Input') continue;
    const path = join(dir, 'tb_data', `${l.cppName}_trace.log`);
    if (!existsSync(path)) {
      mismatches.push(`layer ${l.name}: no ${l.cppName}_trace.log`);
      continue;
    }
    traced.push(l.name);
    const ours = result.traces![l.name]!;
    compare(
      `trace ${l.name}`,
      ours,
      fractionalBits(l.types['result_t']!),
      parseResults(readFileSync(path, 'utf8')),
    );
  }
  rmSync(dir, { recursive: true, force: true });
  const overflowEvents = result.layers.reduce(
    (a, l) => a + Object.values(l.overflows).reduce((x, y) => x + y, 0),
    0,
  );
  return { rows: rows.length, traced, values, mismatches, overflowEvents, result };
}
