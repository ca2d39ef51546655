/**
 * HGQ's UnaryLUT (hls4ml-facts.md §7.2): the input's raw bit pattern, all W bits read as an unsigned
 * number, is the index into a table stored in table_t; the entry is cast to result_t. A signed input's
 * negative values therefore sit in the upper half of the table, as HGQ builds it (round(x·2^f) mod N).
 */
import { StudioError } from '../errors';
import { convertRawBigCounted, type OverflowCounter } from '../fixed/convert';
import { fractionalBits, type FixedType, type TypeFamily } from '../fixed/types';
import type { UnaryLUTLayer } from '../ir/graph';
import { allocate, type FixedTensor } from './tensor';

/** Refuses an input type whose bit patterns reach past the table (hls4ml's C++ would read out of bounds). */
export function checkUnaryLutInput(layer: UnaryLUTLayer, xType: FixedType): void {
  const n = layer.table.data.length;
  if (xType.width > 30 || 2 ** xType.width > n) {
    throw new StudioError(
      `the input type has ${xType.width} bits (${2 ** Math.min(xType.width, 60)} bit patterns) but the table has ${n} entries`,
      `Give the layer before it a result type of at most ${Math.floor(Math.log2(Math.max(n, 1)))} bits, ` +
        "the width of the table's input (HGQ's kif_in: keep_negative + integer + fractional bits).",
      { node: layer.name, op: layer.source.op },
    );
  }
}

/** `table` holds the entries' raws in table_t (already quantized like weights). */
export function prepareUnaryLut(
  layer: UnaryLUTLayer,
  table: ArrayLike<number | bigint>,
  xType: FixedType,
  tableT: FixedType,
  result: FixedType,
  family: TypeFamily,
  counter: OverflowCounter,
): (x: FixedTensor) => FixedTensor {
  checkUnaryLutInput(layer, xType);
  const size = 2 ** xType.width;
  const ft = fractionalBits(tableT);
  // Every input pattern's output raw, computed once (the kernel is then a gather), and whether that
  // entry overflows result_t, so that overflows are counted per element as the C++ would see them.
  const tmp: OverflowCounter = { count: 0 };
  const overflows = new Uint8Array(size);
  const outRaws = Array.from({ length: size }, (_, k) => {
    const before = tmp.count;
    const v = convertRawBigCounted(BigInt(table[k]!), ft, result, family, tmp);
    overflows[k] = tmp.count > before ? 1 : 0;
    return v;
  });
  const mask = BigInt(size - 1);
  return (x) => {
    const out = allocate(result, x.size, x.samples);
    const narrow = out.raws instanceof Float64Array;
    for (let i = 0; i < x.raws.length; i++) {
      const r = x.raws[i]!;
      // Two's-complement pattern of the raw: r mod 2^W.
      const k = typeof r === 'bigint' ? Number(r & mask) : ((r % size) + size) % size;
      counter.count += overflows[k]!;
      if (narrow) (out.raws as Float64Array)[i] = Number(outRaws[k]!);
      else (out.raws as bigint[])[i] = outRaws[k]!;
    }
    return out;
  };
}
