/**
 * Exact result types of arithmetic (fixed-point.md §5). Arithmetic never rounds; these types are wide
 * enough to hold the exact result. Raw helpers combine raws at those types.
 */
import { fractionalBits, makeFixed, type FixedType } from './types';

const b = (c: boolean): number => (c ? 1 : 0);

function resultKind(a: FixedType, c: FixedType): 'fixed' | 'int' {
  return a.kind === 'int' && c.kind === 'int' ? 'int' : 'fixed';
}

function full(width: number, integer: number, signed: boolean, kind: 'fixed' | 'int'): FixedType {
  return { ...makeFixed(width, integer, signed), kind };
}

/** Integer bits after aligning signedness: max(I1 + [S2∧¬S1], I2 + [S1∧¬S2]). */
export function alignedIntegerBits(a: FixedType, c: FixedType): number {
  return Math.max(a.integer + b(c.signed && !a.signed), c.integer + b(a.signed && !c.signed));
}

export function mulType(a: FixedType, c: FixedType): FixedType {
  return full(a.width + c.width, a.integer + c.integer, a.signed || c.signed, resultKind(a, c));
}

export function addType(a: FixedType, c: FixedType): FixedType {
  const ix = alignedIntegerBits(a, c);
  const f = Math.max(fractionalBits(a), fractionalBits(c));
  return full(ix + 1 + f, ix + 1, a.signed || c.signed, resultKind(a, c));
}

export function subType(a: FixedType, c: FixedType): FixedType {
  const ix = alignedIntegerBits(a, c);
  const f = Math.max(fractionalBits(a), fractionalBits(c));
  return full(ix + 1 + f, ix + 1, true, resultKind(a, c));
}

export function negType(a: FixedType): FixedType {
  return full(a.width + 1, a.integer + 1, true, a.kind);
}

/** A / B: W1 + max(F2,0) + [S2], I1 + F2 + [S2]; the quotient truncates toward zero. */
export function divType(a: FixedType, c: FixedType): FixedType {
  const f2 = fractionalBits(c);
  return full(
    a.width + Math.max(f2, 0) + b(c.signed),
    a.integer + f2 + b(c.signed),
    a.signed || c.signed,
    resultKind(a, c),
  );
}

/** The type a C `int` / `unsigned` operand is seen as when mixed with fixed values. */
export const C_INT = makeFixed(32, 32, true);
export const C_UNSIGNED = makeFixed(32, 32, false);

/** Exact sum of two raws with fractional bits fa, fb, aligned to max(fa, fb). */
export function addRawBig(ra: bigint, fa: number, rb: bigint, fb: number): { raw: bigint; frac: number } {
  const f = Math.max(fa, fb);
  return { raw: (ra << BigInt(f - fa)) + (rb << BigInt(f - fb)), frac: f };
}

/** Exact quotient as the ap/ac `/` computes it: raw = trunc0((A.raw · 2^max(F2,0)) / B.raw), frac = F1 + … */
export function divRawBig(ra: bigint, a: FixedType, rb: bigint, c: FixedType): { raw: bigint; frac: number } {
  const f2 = fractionalBits(c);
  const num = ra << BigInt(Math.max(f2, 0));
  // BigInt division truncates toward zero, as C++ does.
  const q = num / rb;
  const t = divType(a, c);
  return { raw: q, frac: fractionalBits(t) };
}
