/** Display helpers (text only; no numerics of the design happen in the UI). */

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
}

/** A number for a label: integers with separators, others with a few significant digits. */
export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction === 1 ? 0 : 1)}%`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const STRATEGY_LABELS = {
  latency: 'Latency',
  resource: 'Resource',
  resource_unrolled: 'Resource Unrolled',
} as const;

export function strategyLabel(
  s: keyof typeof STRATEGY_LABELS,
): (typeof STRATEGY_LABELS)[keyof typeof STRATEGY_LABELS] {
  return STRATEGY_LABELS[s];
}
