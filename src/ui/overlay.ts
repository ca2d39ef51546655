/**
 * Graph overlays: which number colours each node (result bit width, overflows in the last emulation,
 * error against float in the last emulation, estimated multipliers) and the colour ramp. The numbers come from the worker's views; this file only
 * picks them and maps them to colours.
 */
import type { LayerProfileView, LoweredLayerView } from '../workers/protocol';
import type { Overlay } from './store';

export const OVERLAY_LABELS: Readonly<Record<Overlay, string>> = {
  kind: 'Layer kind',
  bits: 'Bit width',
  overflows: 'Overflows',
  error: 'Error vs float',
  multipliers: 'Multipliers',
};

export const OVERLAY_HINTS: Readonly<Record<Overlay, string>> = {
  kind: 'colour by layer kind',
  bits: 'total bits of the result type',
  overflows: 'values that overflowed a type in the last emulation',
  error: 'mean |fixed − float| of the layer outputs in the last emulation',
  multipliers: 'estimated parallel multipliers: n_in·n_out / reuse factor',
};

export function overlayValue(
  overlay: Overlay,
  lowered: LoweredLayerView | undefined,
  profile: LayerProfileView | undefined,
): number | null {
  switch (overlay) {
    case 'kind':
      return null;
    case 'bits':
      return lowered?.types['result_t']?.width ?? null;
    case 'overflows':
      return profile ? profile.totalOverflows : null;
    case 'error':
      return profile?.floatError?.meanAbs ?? null;
    case 'multipliers':
      return lowered?.multipliers ?? null;
  }
}

/** Viridis-like ramp, light to dark enough that node text stays readable on every stop. */
const RAMP: readonly (readonly [number, number, number])[] = [
  [232, 244, 222],
  [173, 221, 142],
  [65, 182, 196],
  [44, 127, 184],
  [37, 52, 148],
];
const OVERFLOW_RAMP: readonly (readonly [number, number, number])[] = [
  [254, 229, 217],
  [252, 174, 145],
  [251, 106, 74],
  [222, 45, 38],
  [165, 15, 21],
];

export interface OverlayDomain {
  readonly min: number;
  readonly max: number;
}

/** Overflows, errors and multipliers span orders of magnitude: they use a log scale. */
export function isLogScale(overlay: Overlay): boolean {
  return overlay === 'overflows' || overlay === 'error' || overlay === 'multipliers';
}

/** Errors are tiny and span decades: log10 of the value itself, zero counted as the smallest error. */
function errorPosition(v: number, d: OverlayDomain): number {
  const floor = d.min > 0 ? d.min : Math.max(d.max * 1e-6, Number.MIN_VALUE);
  const l = (x: number): number => Math.log10(Math.max(floor, x));
  return (l(v) - l(floor)) / (l(d.max) - l(floor) || 1);
}

function position(overlay: Overlay, v: number, d: OverlayDomain): number {
  if (d.max <= d.min) return v > 0 || overlay === 'bits' ? 1 : 0;
  if (overlay === 'error') return errorPosition(v, d);
  if (isLogScale(overlay)) {
    const l = (x: number): number => Math.log10(1 + Math.max(0, x));
    return (l(v) - l(d.min)) / (l(d.max) - l(d.min) || 1);
  }
  return (v - d.min) / (d.max - d.min);
}

export function rampColor(overlay: Overlay, t: number): string {
  const ramp = overlay === 'overflows' || overlay === 'error' ? OVERFLOW_RAMP : RAMP;
  const x = Math.min(1, Math.max(0, t)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const f = x - i;
  const a = ramp[i]!;
  const b = ramp[i + 1]!;
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function overlayColor(overlay: Overlay, v: number, d: OverlayDomain): string {
  if (overlay === 'overflows' && v === 0) return 'rgb(255, 255, 255)';
  return rampColor(overlay, position(overlay, v, d));
}

/** Dark text on light stops, light text on dark ones. */
export function overlayTextIsLight(overlay: Overlay, v: number, d: OverlayDomain): boolean {
  if (overlay === 'overflows' && v === 0) return false;
  return position(overlay, v, d) > 0.62;
}

export function domainOf(values: readonly (number | null)[]): OverlayDomain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : null;
}

/** The value as the legend and node tooltips print it (errors are small: three significant digits). */
export function formatOverlayValue(overlay: Overlay, v: number): string {
  if (overlay === 'error') return v === 0 ? '0' : v.toPrecision(3);
  return v.toLocaleString('en-US');
}
