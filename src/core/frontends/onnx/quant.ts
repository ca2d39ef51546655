/**
 * QONNX quantizers (Quant / IntQuant, BipolarQuant, Trunc): their arithmetic on constants and the
 * fixed-point precision a power-of-two quantizer stands for, as hls4ml's parse_qonnx flow derives it.
 */
import { StudioError } from '../../errors';

export type QuantRounding = 'ROUND' | 'FLOOR' | 'CEIL' | 'ROUND_TO_ZERO' | 'HALF_UP' | 'HALF_DOWN';

const RND: Readonly<Record<string, string>> = {
  ROUND: 'RND_CONV',
  HALF_EVEN: 'RND_CONV',
  FLOOR: 'TRN',
  ROUND_TO_ZERO: 'TRN_ZERO',
  HALF_UP: 'RND',
  UP: 'RND_INF',
};

/** Round half to even (numpy's round, QONNX's ROUND). */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function applyRounding(v: number, mode: string): number {
  switch (mode) {
    case 'ROUND':
    case 'HALF_EVEN':
      return roundHalfEven(v);
    case 'FLOOR':
      return Math.floor(v);
    case 'CEIL':
      return Math.ceil(v);
    case 'ROUND_TO_ZERO':
      return Math.trunc(v);
    case 'HALF_UP':
      return Math.floor(v + 0.5);
    default:
      throw new StudioError(
        `rounding mode '${mode}' is not supported`,
        'Use ROUND, FLOOR or ROUND_TO_ZERO in the quantizer.',
      );
  }
}

/** Integer range of a `bits`-bit quantizer. */
export function quantRange(bits: number, signed: boolean, narrow: boolean): [number, number] {
  if (signed) return [-(2 ** (bits - 1)) + (narrow ? 1 : 0), 2 ** (bits - 1) - 1];
  return [0, 2 ** bits - 1 - (narrow ? 1 : 0)];
}

/** QONNX Quant on one value: y = (clamp(round(x/s + z), min, max) − z)·s. */
export function quantValue(
  x: number,
  scale: number,
  zeroPoint: number,
  range: readonly [number, number],
  rounding: string,
): number {
  const q = Math.min(range[1], Math.max(range[0], applyRounding(x / scale + zeroPoint, rounding)));
  return (q - zeroPoint) * scale + 0; // + 0 turns −0 into 0
}

/** The exponent k when v = 2^k exactly, else null. */
export function po2Exponent(v: number): number | null {
  if (!(v > 0) || !Number.isFinite(v)) return null;
  const k = Math.round(Math.log2(v));
  return 2 ** k === v ? k : null;
}

/**
 * The precision string of a quantizer with integer grid `bits` wide and step 2^exp:
 * fixed<bits, bits+exp, RND, SAT> (ufixed when unsigned; SAT_SYM for narrow signed ranges).
 */
export function quantPrecision(
  bits: number,
  signed: boolean,
  narrow: boolean,
  exp: number,
  rounding: string,
): string {
  if (!Number.isInteger(bits) || bits < 1) {
    throw new StudioError(`quantizer bit width ${bits} is not a positive integer`, 'Use integer bit widths.');
  }
  const rnd = RND[rounding];
  if (!rnd) {
    throw new StudioError(
      `rounding mode '${rounding}' has no fixed-point equivalent`,
      'Use ROUND, FLOOR or ROUND_TO_ZERO in the quantizer.',
    );
  }
  const sat = signed && narrow ? 'SAT_SYM' : 'SAT';
  return `${signed ? 'fixed' : 'ufixed'}<${bits},${bits + exp},${rnd},${sat}>`;
}
