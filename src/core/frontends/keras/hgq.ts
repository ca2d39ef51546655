/**
 * HGQ(1) proxy models (hls4ml-facts.md §2.1): FixedPointQuantizer layers carry, per element, keep_negative
 * (k), bits (b, sign included) and integers (I, sign included): element e is fixed<b, I> signed when k = 1,
 * and b = 0 means the element is always 0. Each quantizer's `overrides` name the precisions hls4ml must use
 * for other layers (result_t, weight_t, bias_t, accum_t, table_t), which makes the flow bit-exact.
 */
import { StudioError, quoteName } from '../../errors';
import { parsePrecision } from '../../fixed/parse';
import { OVERFLOW_MODES, ROUNDING_MODES, sameType } from '../../fixed/types';
import type { FloatTensor } from '../../ir/graph';
import { isObject, type KerasLayer } from './config';

const RESAVE_HINT = 'Export the proxy model again with HGQ (to_proxy_model) and save it with Keras.';

/** Override keys that are precisions, and the IR slot each one sets. */
const OVERRIDE_SLOTS: Readonly<Record<string, string>> = {
  result_t: 'result',
  weight_t: 'weight',
  bias_t: 'bias',
  accum_t: 'accum',
  table_t: 'table',
};

/** Every quantizer's overrides merged: Keras layer name → slot → precision string. */
export function collectHgqOverrides(layers: readonly KerasLayer[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const l of layers) {
    if (l.className !== 'FixedPointQuantizer') continue;
    const ov = l.config.overrides;
    const byLayer = isObject(ov) ? ov.layers : undefined;
    if (!isObject(byLayer)) continue;
    for (const [name, conf] of Object.entries(byLayer)) {
      if (!isObject(conf)) continue;
      const slots = out.get(name) ?? {};
      for (const [key, value] of Object.entries(conf)) {
        const slot = OVERRIDE_SLOTS[key];
        if (slot === undefined || typeof value !== 'string') continue;
        if (!parsePrecision(value).ok) {
          throw new StudioError(
            `override ${key} = '${quoteName(value)}' for layer '${quoteName(name)}' is not a precision`,
            RESAVE_HINT,
            { node: l.name, op: l.className },
          );
        }
        slots[slot] = value;
      }
      out.set(name, slots);
    }
  }
  return out;
}

export interface HgqQuantizer {
  readonly fusible: boolean;
  readonly rounding: string;
  readonly overflow: string;
  /** Per output element, broadcast from the stored [1, …] arrays; null for a fusible quantizer without weights. */
  readonly k: number[] | null;
  readonly b: number[] | null;
  readonly i: number[] | null;
}

/** numpy broadcasting of a [1, …] mask onto a batch-free tensor shape, flattened row-major. */
function broadcastMask(t: FloatTensor, shape: readonly number[], what: string): number[] {
  const ms = t.shape.slice(1); // drop the batch axis
  if (t.shape[0] !== 1 && t.shape.length > 0 && !(t.shape.length === 1 && t.data.length === 1)) {
    throw new StudioError(`${what} has shape [${t.shape.join(', ')}], not [1, …]`, RESAVE_HINT);
  }
  if (ms.length > shape.length) {
    throw new StudioError(
      `${what} has shape [${t.shape.join(', ')}], which does not broadcast to [${shape.join(', ')}]`,
      RESAVE_HINT,
    );
  }
  const pad = shape.length - ms.length;
  const mshape = [...Array<number>(pad).fill(1), ...ms];
  mshape.forEach((d, a) => {
    if (d !== 1 && d !== shape[a]) {
      throw new StudioError(
        `${what} has shape [${t.shape.join(', ')}], which does not broadcast to [${shape.join(', ')}]`,
        RESAVE_HINT,
      );
    }
  });
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < n; e++) {
    let m = 0;
    for (let a = 0; a < shape.length; a++) m = m * (mshape[a] as number) + (mshape[a] === 1 ? 0 : idx[a]!);
    out[e] = t.data[m] as number;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a]! < shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Read a FixedPointQuantizer's config and k/b/I arrays for an input of `shape`. */
export function readHgqQuantizer(
  config: Readonly<Record<string, unknown>>,
  weights: ReadonlyMap<string, FloatTensor>,
  shape: readonly number[],
): HgqQuantizer {
  const rounding = config.RND;
  const overflow = config.SAT;
  if (typeof rounding !== 'string' || !(ROUNDING_MODES as readonly string[]).includes(rounding)) {
    throw new StudioError(
      `rounding mode RND = ${JSON.stringify(rounding) ?? 'missing'} is not one of ${ROUNDING_MODES.join(', ')}`,
      RESAVE_HINT,
    );
  }
  if (typeof overflow !== 'string' || !(OVERFLOW_MODES as readonly string[]).includes(overflow)) {
    throw new StudioError(
      `overflow mode SAT = ${JSON.stringify(overflow) ?? 'missing'} is not one of ${OVERFLOW_MODES.join(', ')}`,
      RESAVE_HINT,
    );
  }
  const fusible = config.fusible === true;
  const names = ['keep_negative', 'bits', 'integers'] as const;
  const found = names.map((n) => weights.get(n));
  if (found.some((t) => t === undefined)) {
    if (fusible) return { fusible, rounding, overflow, k: null, b: null, i: null };
    throw new StudioError(
      `the weights file lacks the quantizer's ${names.filter((_, j) => !found[j]).join(', ')}`,
      RESAVE_HINT,
    );
  }
  const [k, b, i] = found.map((t, j) => broadcastMask(t as FloatTensor, shape, `${names[j]}`)) as [
    number[],
    number[],
    number[],
  ];
  for (let e = 0; e < b.length; e++) {
    const ke = k[e]!;
    const be = b[e]!;
    const ie = i[e]!;
    if (
      !(ke === 0 || ke === 1) ||
      !Number.isInteger(be) ||
      be < 0 ||
      be > 64 ||
      !Number.isInteger(ie) ||
      Math.abs(ie) > 64
    ) {
      throw new StudioError(
        `element ${e} has keep_negative ${ke}, bits ${be}, integers ${ie}: not a fixed-point type`,
        RESAVE_HINT,
      );
    }
  }
  return { fusible, rounding, overflow, k, b, i };
}

/** The one element type of a quantizer whose k, b, I are the same everywhere (and b > 0), else null. */
export function uniformPrecision(q: HgqQuantizer): string | null {
  const { k, b, i } = q;
  if (!k || !b || !i || b.length === 0) return null;
  const same = (a: number[]): boolean => a.every((v) => v === a[0]);
  if (!same(k) || !same(b) || !same(i) || b[0] === 0) return null;
  return `${k[0] ? '' : 'u'}fixed<${b[0]},${i[0]},${q.rounding},${q.overflow}>`;
}

/** The narrowest type holding every element type (what the quantizer's result needs when no override says). */
export function coveringPrecision(q: HgqQuantizer): string {
  const { k, b, i } = q;
  let signed = false;
  let maxI = -Infinity;
  let maxF = -Infinity;
  (b ?? []).forEach((be, e) => {
    if (be === 0) return;
    signed ||= k![e] === 1;
    maxI = Math.max(maxI, i![e]!);
    maxF = Math.max(maxF, be - i![e]!);
  });
  if (maxI === -Infinity) return 'ufixed<1,1>';
  // An unsigned element beside signed ones needs one more integer bit in a signed type.
  const anyUnsigned = (b ?? []).some((be, e) => be > 0 && k![e] === 0);
  const I = signed && anyUnsigned ? maxI + 1 : maxI;
  return `${signed ? '' : 'u'}fixed<${Math.max(1, I + maxF)},${I}>`;
}

/** Whether two precision strings denote the same type. */
export function samePrecision(a: string, b: string): boolean {
  const pa = parsePrecision(a);
  const pb = parsePrecision(b);
  return pa.ok && pb.ok && sameType(pa.type, pb.type);
}

/**
 * HGQ's UnaryLUT: the table (HGQ stores it already quantized into kif_out) and its type. kif_out is
 * (keep_negative, integer bits without the sign, fractional bits): fixed<k+i+f, k+i>, unsigned when k = 0,
 * with the default TRN/WRAP modes, as hls4ml's UnaryLUT handler writes table_t.
 */
export function readUnaryLut(
  config: Readonly<Record<string, unknown>>,
  weights: ReadonlyMap<string, FloatTensor>,
): { table: FloatTensor; precision: string; kifIn?: [number, number, number] } {
  const kin = config.kif_in;
  const kifIn =
    Array.isArray(kin) && kin.length === 3 && kin.every((v) => typeof v === 'number' && Number.isInteger(v))
      ? { kifIn: kin as [number, number, number] }
      : {};
  const kif = config.kif_out;
  const ok =
    Array.isArray(kif) &&
    kif.length === 3 &&
    kif.every((v) => typeof v === 'number' && Number.isInteger(v)) &&
    (kif[0] === 0 || kif[0] === 1);
  if (!ok) {
    throw new StudioError(
      `kif_out = ${JSON.stringify(kif) ?? 'missing'} is not (keep_negative, integer bits, fractional bits)`,
      RESAVE_HINT,
    );
  }
  const [k, i, f] = kif as [number, number, number];
  const bits = k + i + f;
  if (bits < 1 || bits > 64) {
    throw new StudioError(`kif_out (${k}, ${i}, ${f}) gives a ${bits}-bit table type`, RESAVE_HINT);
  }
  const table = weights.get('table');
  if (!table || table.data.length === 0) {
    throw new StudioError(
      `the weights file has no lookup table for this UnaryLUT (found: ${[...weights.keys()].join(', ') || 'nothing'})`,
      RESAVE_HINT,
    );
  }
  return {
    table: { shape: [table.data.length], data: table.data },
    precision: `${k ? '' : 'u'}fixed<${bits},${k + i}>`,
    ...kifIn,
  };
}
