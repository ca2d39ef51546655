/** Plot helpers shared by the uPlot charts: tick labels and the categorical palette. */

export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e4) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/** Categorical colours (colour-blind friendly, Okabe–Ito order). */
export const SERIES_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];
