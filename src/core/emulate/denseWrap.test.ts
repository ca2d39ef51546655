// The WebAssembly wrap kernel (denseWrap.ts) against the caster loop of dense.ts on random layers, types
// and data, many of them overflowing: the same raws, the same product / partial-sum / result overflow
// counts and the same largest |accumulator|, in the latency and the Resource orders, with and without the
// im2col gather, on the i16 and the int32 multiply.
import { describe, expect, it } from 'vitest';
import { parsePrecisionOrThrow as P } from '../fixed/parse';
import { fractionalBits, type FixedType } from '../fixed/types';
import type { ConvLayer, DenseLayer } from '../ir/graph';
import type { LoweredStrategy } from '../passes/lowered';
import { im2colIndex, prepareConv } from './conv';
import { prepareDense, type DenseTypes } from './dense';
import { densePlan } from './densePlan';
import { planSumsEveryProduct, prepareWrapDense, productsCanOverflow, wrapShape } from './denseWrap';
import { rawRange } from './rawRange';
import { lcg, scan } from './testing';
import { quantizeWeights } from './weights';
import { wasmAvailable } from './wasm/denseWasm';

const counters = () => ({ product: { count: 0 }, accum: { count: 0 }, result: { count: 0 } });

/** Largest |accumulator| seen by a kernel's pre-cast hook, in raws. */
function tracker(): { max: number; hook: (s: number, j: number, acc: number | bigint) => void } {
  const t = {
    max: 0,
    hook: (_s: number, _j: number, acc: number | bigint): void => {
      t.max = Math.max(t.max, Math.abs(Number(acc)));
    },
  };
  return t;
}

interface Case {
  readonly layer: DenseLayer;
  readonly xType: FixedType;
  readonly types: DenseTypes;
  readonly strategy: LoweredStrategy;
  readonly rf: number;
  /** Input raws: samples × n_in. */
  readonly x: Float64Array;
  readonly samples: number;
}

/** A random layer whose types fit the wrap kernel, with data from small to overflowing. */
function randomCase(seed: number): Case {
  const r = lcg(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const nIn = int(1, 40);
  const nOut = int(1, 19);
  const xSigned = r() < 0.8;
  const xw = int(4, 20);
  const xType = P(`ap_${xSigned ? '' : 'u'}fixed<${xw},${int(1, xw)}>`);
  // x·w within 30 bits
  const wBits = Math.min(16, 30 - (xw - (xSigned ? 1 : 0)) + 1);
  const ww = int(2, Math.max(2, wBits));
  const weight = P(`ap_fixed<${ww},${int(1, ww)}>`);
  const fxw = fractionalBits(xType) + fractionalBits(weight);
  let aw = int(6, 24);
  while ((nIn + 1) * 2 ** (aw - 1) >= 2 ** 31) aw--;
  // accum_t's fractional bits at most those of the product (a right shift)
  const fa = Math.min(int(Math.max(fxw - 20, -4), fxw), aw - 1);
  const accum = P(`ap_fixed<${aw},${aw - fa}>`);
  const result =
    r() < 0.5
      ? accum
      : P(
          `ap_fixed<${int(4, 20)},${int(1, 8)},${r() < 0.5 ? 'AP_RND' : 'AP_TRN'},${r() < 0.5 ? 'AP_SAT' : 'AP_WRAP'}>`,
        );
  const [strategy, rf]: [LoweredStrategy, number] =
    r() < 0.4 ? ['latency', 1] : ['resource', int(1, Math.min(2 * nIn * nOut, 200))];
  const wScale = r() < 0.5 ? 0.2 : 2 ** (weight.integer - 1);
  const layer: DenseLayer = {
    kind: 'Dense',
    name: 'd',
    inputs: ['x'],
    outputShape: [nOut],
    nIn,
    nOut,
    weight: {
      shape: [nIn, nOut],
      data: Float64Array.from({ length: nIn * nOut }, () => (r() * 2 - 1) * wScale),
    },
    bias: {
      shape: [nOut],
      data: Float64Array.from({ length: nOut }, () => (r() * 2 - 1) * 2 ** (accum.integer - 2)),
    },
    source: { op: 'Gemm', node: 'd' },
  };
  const samples = int(1, 30);
  // Raws over the whole type, or small ones that rarely overflow.
  const xmin = xSigned ? -(2 ** (xw - 1)) : 0;
  const xmax = xSigned ? 2 ** (xw - 1) - 1 : 2 ** xw - 1;
  const small = r() < 0.4;
  const x = Float64Array.from({ length: samples * nIn }, () =>
    small ? Math.round((r() * 2 - 1) * 4) * (xSigned ? 1 : 0) + (xSigned ? 0 : int(0, 4)) : int(xmin, xmax),
  );
  return { layer, xType, types: { weight, bias: weight, accum, result }, strategy, rf, x, samples };
}

function runBoth(c: Case): { wrapped: boolean; fast: unknown; slow: unknown } {
  const fastC = counters();
  const slowC = counters();
  const ft = tracker();
  const st = tracker();
  const wrapped =
    prepareWrapDense(c.layer, c.xType, c.types, c.strategy, c.rf, 'ap', counters(), undefined) !== null;
  const x = { type: c.xType, size: c.layer.nIn, samples: c.samples, raws: c.x };
  const f = prepareDense(c.layer, c.xType, c.types, c.strategy, c.rf, 'ap', fastC, ft.hook, 'fastest')(x);
  // The range the kernel hands to the engine's record is the output's own.
  const range = rawRange(f.raws as Float64Array);
  if (wrapped) expect(range).toEqual(scan(f.raws as Float64Array));
  const s = prepareDense(c.layer, c.xType, c.types, c.strategy, c.rf, 'ap', slowC, st.hook, 'casters')(x);
  return {
    wrapped,
    fast: { raws: Array.from(f.raws as Float64Array), counters: fastC, max: ft.max },
    slow: { raws: Array.from(s.raws as Float64Array), counters: slowC, max: st.max },
  };
}

describe('Dense wrap kernel', () => {
  it('runs here (WebAssembly SIMD), so the comparisons below exercise it', () => {
    expect(wasmAvailable()).toBe(true);
  });

  it('matches the caster loop on random layers, overflowing or not', () => {
    let wrapped = 0;
    let sumOverflows = 0;
    let productOverflows = 0;
    let clean = 0;
    let int32Multiply = 0;
    let grouped = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCase(seed);
      const { wrapped: w, fast, slow } = runBoth(c);
      expect(fast, `seed ${seed}`).toEqual(slow);
      if (!w) continue;
      wrapped++;
      const n = (slow as { counters: ReturnType<typeof counters> }).counters;
      if (n.accum.count > 0) sumOverflows++;
      if (n.product.count > 0) productOverflows++;
      if (n.accum.count === 0 && n.product.count === 0) clean++;
      if (c.xType.width > 16) int32Multiply++;
      if (c.strategy === 'resource' && c.rf > c.layer.nIn) grouped++;
    }
    // Every branch of the kernel and its replay was taken.
    expect(wrapped).toBeGreaterThan(250);
    expect(sumOverflows).toBeGreaterThan(30);
    expect(productOverflows).toBeGreaterThan(30);
    expect(clean).toBeGreaterThan(30);
    expect(int32Multiply).toBeGreaterThan(30);
    expect(grouped).toBeGreaterThan(10);
  });

  it('gathers im2col rows itself: the same as the caster loop on the gathered columns', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const c = randomCase(1000 + seed);
      const r = lcg(seed);
      const pixels = 1 + Math.floor(r() * 6);
      const inSize = 1 + Math.floor(r() * 30);
      const index = Int32Array.from(
        { length: pixels * c.layer.nIn },
        () => Math.floor(r() * (inSize + 1)) - 1,
      );
      const samples = c.samples;
      const input = Float64Array.from({ length: samples * inSize }, (_, k) => c.x[k % c.x.length]!);
      const cols = new Float64Array(samples * pixels * c.layer.nIn);
      for (let s = 0; s < samples; s++)
        for (let k = 0; k < index.length; k++)
          cols[s * index.length + k] = index[k]! < 0 ? 0 : input[s * inSize + index[k]!]!;
      const fc = counters();
      const seen: number[][] = [];
      const hook = (s: number, j: number, a: number | bigint): void => void seen.push([s, j, Number(a)]);
      const run = prepareWrapDense(c.layer, c.xType, c.types, c.strategy, c.rf, 'ap', fc, hook);
      if (!run) continue;
      const fast = new Float64Array(samples * pixels * c.layer.nOut);
      run(input, samples * pixels, fast, { index, pixels, inSize });
      // In blocks of one sample: the same raws, counts, range and extremes (with their positions).
      const bc = counters();
      const seenBlocked: number[][] = [];
      const blockHook = (s: number, j: number, a: number | bigint): void =>
        void seenBlocked.push([s, j, Number(a)]);
      const blocked = new Float64Array(fast.length);
      prepareWrapDense(c.layer, c.xType, c.types, c.strategy, c.rf, 'ap', bc, blockHook, 1)!(
        input,
        samples * pixels,
        blocked,
        { index, pixels, inSize },
      );
      expect({ raws: blocked, counters: bc, seen: seenBlocked, range: rawRange(blocked) }).toEqual({
        raws: fast,
        counters: fc,
        seen,
        range: rawRange(fast),
      });
      const sc = counters();
      const slow = prepareDense(
        c.layer,
        c.xType,
        c.types,
        c.strategy,
        c.rf,
        'ap',
        sc,
        undefined,
        'casters',
      )({
        type: c.xType,
        size: c.layer.nIn,
        samples: samples * pixels,
        raws: cols,
      });
      expect({ raws: Array.from(fast), counters: fc }, `seed ${seed}`).toEqual({
        raws: Array.from(slow.raws as Float64Array),
        counters: sc,
      });
    }
  });

  it('a Conv2D layer through prepareConv equals the caster loop on im2col columns', () => {
    const r = lcg(5);
    const layer: ConvLayer = {
      kind: 'Conv',
      name: 'c',
      inputs: ['x'],
      outputShape: [5, 5, 6],
      source: { op: 'Conv', node: 'c' },
      rank: 2,
      kernel: [3, 3],
      strides: [1, 1],
      dilations: [1, 1],
      pads: [1, 1, 1, 1],
      nChan: 3,
      nFilt: 6,
      weight: { shape: [3, 3, 3, 6], data: Float64Array.from({ length: 162 }, () => (r() * 2 - 1) * 1.5) },
      bias: { shape: [6], data: Float64Array.from({ length: 6 }, () => r() - 0.5) },
    };
    const xType = P('ap_fixed<16,6>');
    const types = {
      weight: P('ap_fixed<16,6>'),
      bias: P('ap_fixed<16,6>'),
      accum: P('ap_fixed<14,4>'),
      result: P('ap_fixed<16,6>'),
    };
    const x = {
      type: xType,
      size: 75,
      samples: 7,
      raws: Float64Array.from({ length: 525 }, () => Math.floor((r() * 2 - 1) * 6000)),
    };
    for (const [strategy, rf] of [
      ['latency', 1],
      ['resource', 9],
      ['resource', 27],
    ] as const) {
      const fc = counters();
      const fast = prepareConv(layer, [5, 5, 3], xType, types, strategy, rf, 'ap', fc)(x);
      const idx = im2colIndex(layer, [5, 5, 3]);
      const cols = Float64Array.from({ length: 7 * idx.length }, (_, k) => {
        const i = idx[k % idx.length]!;
        return i < 0 ? 0 : x.raws[Math.floor(k / idx.length) * 75 + i]!;
      });
      const dense: DenseLayer = {
        ...layer,
        kind: 'Dense',
        nIn: 27,
        nOut: 6,
        weight: layer.weight,
        outputShape: [6],
      } as unknown as DenseLayer;
      const sc = counters();
      const slow = prepareDense(
        dense,
        xType,
        types,
        strategy,
        rf,
        'ap',
        sc,
        undefined,
        'casters',
      )({
        type: xType,
        size: 27,
        samples: 7 * 25,
        raws: cols,
      });
      expect(prepareWrapDense(dense, xType, types, strategy, rf, 'ap', counters())).not.toBeNull();
      expect(sc.accum.count).toBeGreaterThan(0);
      expect({ raws: Array.from(fast.raws as Float64Array), counters: fc }).toEqual({
        raws: Array.from(slow.raws as Float64Array),
        counters: sc,
      });
    }
  });

  it('the valid Resource orders sum every product once; a product bound is decided from the weights', () => {
    for (const [nIn, nOut, rf] of [
      [27, 16, 9],
      [144, 32, 16],
      [16, 12, 48],
      [16, 12, 40],
      [5, 3, 15],
    ] as const)
      expect(planSumsEveryProduct(densePlan(nIn, nOut, 'resource', rf), nIn, nOut)).toBe(true);
    expect(
      planSumsEveryProduct(
        [
          [
            [
              { input: 0, weight: 0 },
              { input: 0, weight: 0 },
            ],
          ],
        ],
        2,
        1,
      ),
    ).toBe(false);
    const x = P('ap_fixed<16,6>');
    const w = P('ap_fixed<16,6>');
    const shape = wrapShape(x, w, P('ap_fixed<16,6>'), 16)!;
    // |x| < 32: a weight of 0.99 keeps x·w within ±32, a weight of 1 (raw 1024) reaches −32 … 32 − 2^−10·…
    expect(productsCanOverflow(x, quantizeWeights([0.99, -0.99], w, 'ap') as Float64Array, shape)).toBe(
      false,
    );
    expect(productsCanOverflow(x, quantizeWeights([1.5], w, 'ap') as Float64Array, shape)).toBe(true);
  });
});
