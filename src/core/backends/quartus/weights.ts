/**
 * Weight headers of a Quartus / oneAPI project: Vivado's, except that PReLU's alphas are declared in the
 * layer's input type (hls4ml's Quartus prelu takes them as data_T; the emulator quantizes them the same way).
 */
import { writePReluAlpha } from '../vivado/merge';
import type { VivadoPlan } from '../vivado/plan';
import { writeWeights } from '../vivado/writeWeights';
import { writeOneApiDepthwiseWeights } from '../oneapi/depthwise';

export function writeIntelWeights(plan: VivadoPlan, files: Map<string, string>): void {
  writeWeights(plan, files);
  // oneAPI's depthwise and separable layers (Quartus refuses them): hls4ml's oneAPI weight order.
  writeOneApiDepthwiseWeights(plan, files);
  for (const p of plan.layers) {
    if (p.lowered.kind !== 'PReLU' || !p.input) continue;
    const dataT = { name: p.input.typeName, type: p.input.type, slot: 'param_t' };
    writePReluAlpha(plan, { ...p, typedefs: { ...p.typedefs, param_t: dataT } }, files);
  }
}
