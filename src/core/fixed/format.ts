/**
 * Print a FixedType as the C++ type string a backend uses (hls4ml-facts.md §4.4):
 * Vivado/Vitis print ap_fixed<W,I> (modes only when not TRN/WRAP/0), Quartus/oneAPI/Catapult print
 * ac_fixed<W,I,true|false[,AC_Q,AC_O]>. The canonical form used in configs is fixed<W,I,Q,O,N>.
 */
import type { FixedType, TypeFamily } from './types';

export function toCppType(t: FixedType, family: TypeFamily): string {
  return family === 'ap' ? toApType(t) : toAcType(t);
}

export function toApType(t: FixedType): string {
  if (t.kind === 'int') return `${t.signed ? 'ap_int' : 'ap_uint'}<${t.width}>`;
  const name = t.signed ? 'ap_fixed' : 'ap_ufixed';
  const args = [String(t.width), String(t.integer)];
  if (t.rounding !== 'TRN' || t.overflow !== 'WRAP' || t.satBits !== 0) {
    args.push(`AP_${t.rounding}`, `AP_${t.overflow}`);
    if (t.satBits !== 0) args.push(String(t.satBits));
  }
  return `${name}<${args.join(',')}>`;
}

export function toAcType(t: FixedType): string {
  if (t.kind === 'int') return `ac_int<${t.width},${t.signed}>`;
  const args = [String(t.width), String(t.integer), String(t.signed)];
  if (t.rounding !== 'TRN' || t.overflow !== 'WRAP') args.push(`AC_${t.rounding}`, `AC_${t.overflow}`);
  return `ac_fixed<${args.join(',')}>`;
}

/** hls4ml's canonical spelling, as written into hls4ml_config.yml. */
export function toCanonical(t: FixedType): string {
  if (t.kind === 'int') return `${t.signed ? 'int' : 'uint'}<${t.width}>`;
  return `${t.signed ? 'fixed' : 'ufixed'}<${t.width},${t.integer},${t.rounding},${t.overflow},${t.satBits}>`;
}

/** A short label for the graph: ap_fixed<16,6> stays readable, modes are abbreviated. */
export function shortLabel(t: FixedType): string {
  if (t.kind === 'int') return `${t.signed ? 'int' : 'uint'}<${t.width}>`;
  const base = `${t.signed ? '' : 'u'}fixed<${t.width},${t.integer}`;
  const modes = t.rounding !== 'TRN' || t.overflow !== 'WRAP' ? `,${t.rounding},${t.overflow}` : '';
  return `${base}${modes}>`;
}
