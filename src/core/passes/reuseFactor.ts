/**
 * validate_reuse_factor (hls4ml-facts.md §5.4): a reuse factor is valid for a multiplication of size
 * (n_in, n_out) when all three hold: (multiplier_limit mod n_out == 0 or RF ≥ n_in), (RF mod n_in == 0
 * or RF < n_in), and (n_in·n_out) mod RF == 0. An invalid request is snapped to the closest valid value
 * (ties → smaller) with a warning that says so.
 */
import type { DraftGraph, Pass, ReportBuilder } from './draft';

export function isValidReuseFactor(nIn: number, nOut: number, rf: number): boolean {
  const multfactor = Math.min(nIn, rf);
  const multiplierLimit = Math.ceil((nIn * nOut) / multfactor);
  return (
    (multiplierLimit % nOut === 0 || rf >= nIn) && (rf % nIn === 0 || rf < nIn) && (nIn * nOut) % rf === 0
  );
}

export function validReuseFactors(nIn: number, nOut: number, excludeMax = false): number[] {
  const out: number[] = [];
  const total = nIn * nOut;
  for (let rf = 1; rf <= total; rf++) if (isValidReuseFactor(nIn, nOut, rf)) out.push(rf);
  return excludeMax ? out.filter((r) => r !== total) : out;
}

export function closestReuseFactor(valid: readonly number[], rf: number): number {
  let best = valid[0] ?? 1;
  for (const v of valid) if (Math.abs(v - rf) < Math.abs(best - rf)) best = v;
  return best;
}

/** Multiplication size of a layer, or null when it has no multiplier array. */
export function multSize(layer: DraftGraph['layers'][number]['layer']): [number, number] | null {
  if (layer.kind === 'Conv') return [layer.nChan * layer.kernel.reduce((a, v) => a * v, 1), layer.nFilt];
  return layer.kind === 'Dense' ? [layer.nIn, layer.nOut] : null;
}

export const validateReuseFactor: Pass = {
  name: 'validate_reuse_factor',
  description:
    'Check each reuse factor against the layer size; snap invalid ones to the closest valid value.',
  run(g: DraftGraph, report: ReportBuilder): void {
    for (const d of g.layers) {
      const size = multSize(d.layer);
      // Layers without a multiplier array (activations, softmax) accept any reuse factor.
      if (!size) continue;
      if (d.strategy === 'resource_unrolled' && d.reuseFactor === 1) {
        d.strategy = 'resource';
        report.change(
          d.layer.name,
          'Resource Unrolled with reuse factor 1 falls back to Resource (as hls4ml does)',
        );
      }
      if (
        d.strategy === 'resource_unrolled' &&
        d.layer.kind === 'Conv' &&
        g.config.ioType === 'io_parallel'
      ) {
        d.strategy = 'resource';
        report.change(
          d.layer.name,
          'Resource Unrolled convolutions in io_parallel fall back to Resource (as hls4ml does)',
        );
      }
      const valid = validReuseFactors(size[0], size[1], d.strategy === 'resource_unrolled');
      if (!valid.includes(d.reuseFactor)) {
        const snapped = closestReuseFactor(valid, d.reuseFactor);
        report.warn(
          d.layer.name,
          `reuse factor ${d.reuseFactor} is not valid for a ${size[0]}×${size[1]} layer; using ${snapped} (valid: ${valid.slice(0, 12).join(', ')}${valid.length > 12 ? ', …' : ''})`,
        );
        d.reuseFactor = snapped;
      }
      const mults = Math.ceil((size[0] * size[1]) / d.reuseFactor);
      if (d.strategy === 'latency' && d.reuseFactor === 1 && mults > 4096) {
        report.warn(
          d.layer.name,
          `${mults} parallel multiplications exceed the 4,096 unroll limit of HLS; use the Resource strategy with a reuse factor ≥ ${Math.ceil((size[0] * size[1]) / 4096)} or io_stream`,
        );
      }
    }
  },
};
