/**
 * The order in which a Dense layer adds its products, per output. Fixed-point addition with saturation
 * is not associative, so the emulator replays exactly the loops of the HLS kernels (fixed-point.md
 * §6.1–6.2): latency adds inputs 0…n_in−1 in order; resource walks its reuse loop over transposed
 * weights. Each output's plan is a list of groups; a group of several products is first summed into a
 * zero-initialised accum_t temporary (the RF > n_in, RF mod n_in ≠ 0 kernel), a group of one is added
 * directly.
 */
import type { LoweredStrategy } from '../passes/lowered';

export interface Product {
  /** Index into the layer input. */
  readonly input: number;
  /** Index into the input-major weights w[i*n_out + j]. */
  readonly weight: number;
}

export type DensePlan = Product[][][]; // [output][group][product]

function transposedToInputMajor(wIndex: number, nIn: number, nOut: number): number {
  const j = Math.floor(wIndex / nIn);
  const i = wIndex % nIn;
  return i * nOut + j;
}

export function latencyPlan(nIn: number, nOut: number): DensePlan {
  const plan: DensePlan = [];
  for (let j = 0; j < nOut; j++) {
    const groups: Product[][] = [];
    for (let i = 0; i < nIn; i++) groups.push([{ input: i, weight: i * nOut + j }]);
    plan.push(groups);
  }
  return plan;
}

/** dense_resource with RF ≤ n_in. */
function resourceLeqNin(nIn: number, nOut: number, rf: number): DensePlan {
  const plan: DensePlan = Array.from({ length: nOut }, () => []);
  const multfactor = Math.min(nIn, rf);
  const multiplierLimit = Math.ceil((nIn * nOut) / multfactor);
  const blockFactor = Math.ceil((nIn * nOut) / rf);
  const multscale = Math.floor(multiplierLimit / nOut);
  for (let ir = 0; ir < rf; ir++) {
    let wIndex = ir;
    let inIndex = ir;
    let outIndex = 0;
    let accStep = 0;
    for (let im = 0; im < blockFactor; im++) {
      plan[outIndex]?.push([{ input: inIndex, weight: transposedToInputMajor(wIndex, nIn, nOut) }]);
      wIndex += rf;
      inIndex += rf;
      if (inIndex >= nIn) inIndex = ir;
      if (accStep + 1 >= multscale) {
        accStep = 0;
        outIndex++;
      } else accStep++;
    }
  }
  return plan;
}

/** dense_resource with RF > n_in and RF mod n_in == 0. */
function resourceGtNinRem0(nIn: number, nOut: number, rf: number): DensePlan {
  const plan: DensePlan = Array.from({ length: nOut }, () => []);
  const rufactor = Math.min(rf, nIn * nOut);
  const blockFactor = Math.ceil((nIn * nOut) / rf);
  const outscale = Math.floor(rufactor / nIn);
  const outidx: number[] = [];
  let outstep = 0;
  for (let ir = 0; ir < rufactor; ir++) {
    outidx.push(outstep);
    if ((ir + 1) % nIn === 0) outstep++;
  }
  let inIndex = 0;
  for (let ir = 0; ir < rufactor; ir++) {
    let wIndex = ir;
    let outIndex = outidx[ir]!;
    for (let im = 0; im < blockFactor; im++) {
      plan[outIndex]?.push([{ input: inIndex, weight: transposedToInputMajor(wIndex, nIn, nOut) }]);
      wIndex += rufactor;
      if (wIndex >= nIn * nOut) break;
      outIndex += outscale;
    }
    inIndex++;
    if (inIndex >= nIn) inIndex = 0;
  }
  return plan;
}

/** dense_resource with RF > n_in otherwise: per reuse step, products of one output are summed first. */
function resourceGtNin(nIn: number, nOut: number, rf: number): DensePlan {
  const plan: DensePlan = Array.from({ length: nOut }, () => []);
  const rufactor = Math.min(rf, nIn * nOut);
  const multfactor = Math.min(nIn, rf);
  const multiplierLimit = Math.ceil((nIn * nOut) / multfactor);
  const blockFactor = Math.ceil((nIn * nOut) / rf);
  for (let ir = 0; ir < rufactor; ir++) {
    const groups = new Map<number, Product[]>();
    for (let im = 0; im < blockFactor; im++) {
      const wIndex = ir + rufactor * im;
      if (wIndex >= nIn * nOut) continue;
      const outIndex = Math.floor(wIndex / multfactor);
      if (outIndex >= multiplierLimit) continue;
      const g = groups.get(outIndex) ?? [];
      g.push({ input: wIndex % nIn, weight: transposedToInputMajor(wIndex, nIn, nOut) });
      groups.set(outIndex, g);
    }
    for (const [out, g] of [...groups.entries()].sort((a, b) => a[0] - b[0])) plan[out]?.push(g);
  }
  return plan;
}

export function densePlan(nIn: number, nOut: number, strategy: LoweredStrategy, rf: number): DensePlan {
  if (strategy === 'latency') return latencyPlan(nIn, nOut);
  if (rf <= nIn) return resourceLeqNin(nIn, nOut, rf);
  if (rf % nIn === 0) return resourceGtNinRem0(nIn, nOut, rf);
  return resourceGtNin(nIn, nOut, rf);
}
