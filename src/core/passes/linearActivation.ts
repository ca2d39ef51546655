/**
 * eliminate_linear_activation and merge_linear_activation (hls4ml-facts.md §5.1 #14–15), run after the
 * configuration is applied and before precision inference, as hls4ml orders them:
 * - a `linear` Activation whose output precision equals its input's is a no-op copy: removed;
 * - a `linear` Activation after a Dense/Conv/BatchNormalization/Activation whose result is 'auto' is
 *   merged into that parent; a precision set on the activation (e.g. from a quantizer) moves onto the
 *   parent's output.
 */
import { sameType } from '../fixed/types';
import type { DraftGraph, LayerDraft, Pass, ReportBuilder } from './draft';

const MERGEABLE_PARENTS = new Set(['Dense', 'Conv', 'BatchNormalization', 'Activation']);

function removeLayer(g: DraftGraph, k: number, replacement: string): void {
  const gone = g.layers[k]!.layer.name;
  for (const c of g.layers) {
    if (c.layer.inputs.includes(gone)) {
      c.layer = { ...c.layer, inputs: c.layer.inputs.map((n) => (n === gone ? replacement : n)) };
    }
  }
  for (let o = 0; o < g.outputs.length; o++) if (g.outputs[o] === gone) g.outputs[o] = replacement;
  g.layers.splice(k, 1);
}

function isLinear(d: LayerDraft): boolean {
  return d.layer.kind === 'Activation' && d.layer.activation === 'linear' && d.layer.inputs.length === 1;
}

export const eliminateLinearActivation: Pass = {
  name: 'eliminate_linear_activation',
  description: 'Remove linear activations whose output precision equals their input precision.',
  run(g: DraftGraph, report: ReportBuilder): void {
    for (let k = 0; k < g.layers.length; k++) {
      const d = g.layers[k]!;
      if (!isLinear(d)) continue;
      const parent = g.layers.find((p) => p.layer.name === d.layer.inputs[0]);
      const a = parent?.types['result_t'];
      const b = d.types['result_t'];
      if (!parent || a === undefined || b === undefined || a === 'auto' || b === 'auto' || !sameType(a, b))
        continue;
      removeLayer(g, k, parent.layer.name);
      k--;
      report.change(
        d.layer.name,
        `removed: a linear activation between equal precisions (reads ${parent.layer.name})`,
      );
    }
  },
};

export const mergeLinearActivation: Pass = {
  name: 'merge_linear_activation',
  description:
    'Merge linear activations into a Dense/Conv/BatchNorm/Activation parent whose result precision is auto.',
  run(g: DraftGraph, report: ReportBuilder): void {
    for (let k = 0; k < g.layers.length; k++) {
      const d = g.layers[k]!;
      if (!isLinear(d)) continue;
      const parent = g.layers.find((p) => p.layer.name === d.layer.inputs[0]);
      if (!parent || !MERGEABLE_PARENTS.has(parent.layer.kind) || parent.types['result_t'] !== 'auto')
        continue;
      const consumers = g.layers.filter((c) => c.layer.inputs.includes(parent.layer.name));
      if (consumers.length !== 1 || g.outputs.includes(parent.layer.name)) continue;
      const t = d.types['result_t'];
      if (t !== undefined && t !== 'auto') {
        parent.types['result_t'] = t;
        parent.typeOrigins['result_t'] = `${d.typeOrigins['result_t'] ?? 'linear activation'} (merged)`;
      }
      removeLayer(g, k, parent.layer.name);
      k--;
      report.change(parent.layer.name, `merged the linear activation ${d.layer.name} into this layer`);
    }
  },
};
