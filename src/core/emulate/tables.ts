/**
 * Lookup tables of the Vivado/Vitis activations (fixed-point.md §6.8), generated the way the C++ does at
 * C-simulation time: single-precision libm (glibc's expf/tanhf reproduced in libmFloat32.ts, Math.fround
 * around each other float operation), then each float
 * converted into table_t with its own rounding/overflow.
 */
import { fromDoubleBig, makeDoubleCaster } from '../fixed/convert';
import type { FixedType, TypeFamily } from '../fixed/types';
import { expf, tanhf } from './libmFloat32';
import { isNarrow } from './tensor';

const f32 = Math.fround;

/** The float x_i = f32(range·(i − T/2)/T), as `2 * (range/2) * (ii - float(T)/2.0) / float(T)` computes it. */
export function tableInput(i: number, tableSize: number, range: number): number {
  return f32((range * (i - tableSize / 2)) / tableSize);
}

function toTable(values: Float32Array | number[], t: FixedType, family: TypeFamily): Float64Array | bigint[] {
  if (isNarrow(t)) {
    const cast = makeDoubleCaster(t, family);
    return Float64Array.from(values, (v) => cast(v));
  }
  return Array.from(values, (v) => fromDoubleBig(v, t, family));
}

export function sigmoidTable(tableSize: number, t: FixedType, family: TypeFamily): Float64Array | bigint[] {
  const v: number[] = [];
  for (let i = 0; i < tableSize; i++) {
    const x = tableInput(i, tableSize, 16);
    v.push(f32(1 / f32(1 + expf(-x))));
  }
  return toTable(v, t, family);
}

export function tanhTable(tableSize: number, t: FixedType, family: TypeFamily): Float64Array | bigint[] {
  const v: number[] = [];
  for (let i = 0; i < tableSize; i++) v.push(tanhf(tableInput(i, tableSize, 8)));
  return toTable(v, t, family);
}

/** Table for float values computed by the caller (softmax tables). */
export function castTable(values: number[], t: FixedType, family: TypeFamily): Float64Array | bigint[] {
  return toTable(values, t, family);
}
