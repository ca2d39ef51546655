/**
 * What the ac-flavoured recurrent emulators share (quartusRecurrent.ts for Quartus / oneAPI,
 * catapultRecurrent.ts for Catapult), on bigint raws: weights quantized to raws, casts into one type with
 * its overflow counter, a tensor kernel applied to a vector of raws, the gate projection with every product
 * cast, the GRU step (reset gate after the recurrent product: the same cast points in both libraries; only
 * the activations and the projection order differ), and the loop over samples and time steps.
 */
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';
import { quantizeWeights } from './weights';

/** values quantized to raws of t ('ac'); n zeros when there are none (a layer without that bias). */
export function quantizedRaws(values: ArrayLike<number> | null, n: number, t: FixedType): bigint[] {
  if (!values) return new Array<bigint>(n).fill(0n);
  return Array.from(quantizeWeights(values, t, 'ac') as ArrayLike<number | bigint>, (v) => BigInt(v));
}

/** Casts into one type (ac rules), each overflow counted. */
export interface RawCaster {
  /** The type's fractional bits: the frac of every raw the caster returns. */
  readonly frac: number;
  /** raw (at frac f) cast into the type. */
  cast(raw: bigint, f: number): bigint;
  /** p1 (at f1) + p2 (at f2) exactly, then one cast. */
  sum(p1: bigint, f1: number, p2: bigint, f2: number): bigint;
  /** a (already of this type) + b (at frac f) exactly, then one cast. */
  add(a: bigint, b: bigint, f: number): bigint;
}

export function rawCaster(t: FixedType, counter: OverflowCounter): RawCaster {
  const frac = fractionalBits(t);
  const cast = (raw: bigint, f: number): bigint => convertRawBigCounted(raw, f, t, 'ac', counter);
  const sum = (p1: bigint, f1: number, p2: bigint, f2: number): bigint => {
    const f = Math.max(f1, f2);
    return cast((p1 << BigInt(f - f1)) + (p2 << BigInt(f - f2)), f);
  };
  return { frac, cast, sum, add: (a, b, f) => sum(a, frac, b, f) };
}

/** A tensor kernel over n values of `type`, applied to one vector of raws; returns its output raws. */
export function onRaws(
  type: FixedType,
  n: number,
  kernel: (x: FixedTensor) => FixedTensor,
): (raws: readonly bigint[]) => bigint[] {
  return (raws) => {
    const x = allocate(type, n, 1);
    raws.forEach((v, i) => {
      if (x.raws instanceof Float64Array) x.raws[i] = Number(v);
      else (x.raws as bigint[])[i] = v;
    });
    return Array.from(kernel(x).raws as ArrayLike<number | bigint>, (v) => BigInt(v));
  };
}

/**
 * The gate projection: out[k] = bias[k] (raws of accum_t), then accum(a + accum(v_i · M[i][k])) for i in
 * `order`. v is at frac fv, M (input-major, bias.length columns) at frac fm.
 */
export function projectGates(
  v: readonly bigint[],
  fv: number,
  M: readonly bigint[],
  fm: number,
  bias: readonly bigint[],
  order: readonly number[],
  acc: RawCaster,
): bigint[] {
  const G = bias.length;
  return bias.map((b, k) => {
    let a = b;
    for (const i of order) a = acc.add(a, acc.cast(v[i]! * M[i * G + k]!, fv + fm), acc.frac);
    return a;
  });
}

/**
 * One GRU step (gates z, r, h; reset gate after the recurrent product) on the projections zx, zh (accum_t):
 * z, r = recurrentAct(accum(zx + zh)); n = act(accum(zx_h + accum(r · zh_h))), both into accum_t;
 * h = result(n · (1 − z) + h · z) exactly (1 − z on accum_t's grid, or the integer grid). h is at frac
 * res.frac.
 */
export function gruStep(
  zx: readonly bigint[],
  zh: readonly bigint[],
  h: readonly bigint[],
  acc: RawCaster,
  res: RawCaster,
  recurrentAct: (raws: readonly bigint[]) => bigint[],
  act: (raws: readonly bigint[]) => bigint[],
): bigint[] {
  const u = h.length;
  const fa = acc.frac;
  const zr = recurrentAct(Array.from({ length: 2 * u }, (_, i) => acc.add(zx[i]!, zh[i]!, fa)));
  const n = act(
    Array.from({ length: u }, (_, i) =>
      acc.add(zx[2 * u + i]!, acc.cast(zr[u + i]! * zh[2 * u + i]!, 2 * fa), fa),
    ),
  );
  const f1 = Math.max(fa, 0);
  const one = 1n << BigInt(f1);
  return h.map((hv, i) => {
    const z = zr[i]! << BigInt(f1 - fa);
    return res.sum(n[i]! * (one - z), fa + f1, hv * z, res.frac + f1);
  });
}

export interface SequenceShape {
  readonly steps: number;
  readonly nIn: number;
  readonly units: number;
  readonly returnSequences: boolean;
}

/**
 * Runs a recurrent kernel over every sample of x ([steps, nIn] each): `sample()` gives a fresh step
 * function (its state at 0) per sample, called with each time step's input raws and returning h (result
 * raws). The output is every h (return sequences) or the last one.
 */
export function runSequence(
  x: FixedTensor,
  shape: SequenceShape,
  result: FixedType,
  sample: () => (xs: readonly bigint[]) => readonly bigint[],
): FixedTensor {
  const { steps, nIn, units, returnSequences } = shape;
  const size = (returnSequences ? steps : 1) * units;
  const out = allocate(result, size, x.samples);
  const narrow = out.raws instanceof Float64Array;
  for (let s = 0; s < x.samples; s++) {
    const step = sample();
    for (let t = 0; t < steps; t++) {
      const xs: bigint[] = [];
      for (let i = 0; i < nIn; i++) xs.push(BigInt(x.raws[s * x.size + t * nIn + i]!));
      const h = step(xs);
      if (returnSequences || t === steps - 1) {
        const base = s * size + (returnSequences ? t * units : 0);
        h.forEach((v, i) => {
          if (narrow) (out.raws as Float64Array)[base + i] = Number(v);
          else (out.raws as bigint[])[base + i] = v;
        });
      }
    }
  }
  return out;
}
