/**
 * Broadcasting merges in hls4ml's io_stream (Vivado/Vitis): its broadcast_stream pass puts a Broadcast
 * layer in front of the smaller operand (the first one when both have as many values), and only two
 * shapes can be broadcast: (1, 1, C) → (H, W, C), one pixel repeated, and (H, W, 1) → (H, W, C), each
 * pixel's value repeated over the channels. The inserted layer has no precision of its own, so its
 * output takes the model's default precision: every broadcast value is converted to that type before
 * the merge. io_parallel instead reads operand i at i mod its size (merge.ts) — for (H, W, 1) that is
 * another element, and no conversion happens.
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { parsePrecision } from '../fixed/parse';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import { allocate, type FixedTensor } from './tensor';

export type StreamBroadcastMode = 'pixel' | 'channel';

export interface StreamBroadcast {
  /** Which operand is broadcast. */
  readonly index: 0 | 1;
  readonly mode: StreamBroadcastMode;
}

const count = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * How hls4ml's io_stream broadcasts a merge of these operand shapes: null when the shapes are equal
 * (no broadcast), 'unsupported' when hls4ml refuses the broadcast.
 */
export function streamBroadcastOf(
  shape0: readonly number[],
  shape1: readonly number[],
): StreamBroadcast | null | 'unsupported' {
  if (shape0.length === shape1.length && shape0.every((d, k) => d === shape1[k])) return null;
  const index: 0 | 1 = count(shape0) > count(shape1) ? 1 : 0;
  const from = index === 0 ? shape0 : shape1;
  const to = index === 0 ? shape1 : shape0;
  if (from.length !== 3 || to.length !== 3) return 'unsupported';
  if (from[0] === 1 && from[1] === 1 && from[2] === to[2]) return { index, mode: 'pixel' };
  if (from[2] === 1 && from[0] === to[0] && from[1] === to[1]) return { index, mode: 'channel' };
  return 'unsupported';
}

/** The broadcast layer's type: the model's default precision (a concrete type is needed). */
export function streamBroadcastType(defaultPrecision: string, node: string): FixedType {
  const r = parsePrecision(defaultPrecision);
  if (!r.ok) {
    throw new StudioError(
      `an io_stream broadcasting merge converts the broadcast operand to the model's default precision, and '${defaultPrecision}' is not a type`,
      'Set a fixed-point model default precision (Model settings → precision), or use io_parallel.',
      { node, op: 'Merge' },
    );
  }
  return r.type;
}

/** The Broadcast layer: expands an operand to `outShape` ((H, W, C)), each value converted to `type`. */
export function prepareStreamBroadcast(
  mode: StreamBroadcastMode,
  outShape: readonly number[],
  type: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  const n = count(outShape);
  const chan = outShape[outShape.length - 1]!;
  return (x) => {
    const out = allocate(type, n, x.samples);
    const frac = fractionalBits(x.type);
    for (let s = 0; s < x.samples; s++) {
      for (let i = 0; i < n; i++) {
        const from = mode === 'pixel' ? i % chan : Math.floor(i / chan);
        const raw = x.raws[s * x.size + from]!;
        const r = convertRawBigCounted(
          typeof raw === 'bigint' ? raw : BigInt(raw),
          frac,
          type,
          family,
          counter,
        );
        if (out.raws instanceof Float64Array) out.raws[s * n + i] = Number(r);
        else out.raws[s * n + i] = r;
      }
    }
    return out;
  };
}
