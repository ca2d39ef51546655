/**
 * fuse_batch_normalization (hls4ml-facts.md §5.1 #10): a BatchNormalization right after a Dense or Conv is
 * folded into that layer's weights and bias — only when hls4ml would: the parent's result type is 'auto',
 * the parent feeds nothing else, and its weights are not binary/ternary. The fused layer keeps the
 * parent's name and index; the batch norm disappears and its consumers read the parent.
 */
import { fuseScaleIntoWeights } from '../ir/batchnorm';
import type { Layer } from '../ir/graph';
import type { DraftGraph, LayerDraft, Pass, ReportBuilder } from './draft';

function consumers(g: DraftGraph, name: string): LayerDraft[] {
  return g.layers.filter((d) => d.layer.inputs.includes(name));
}

function isBinaryOrTernary(d: LayerDraft): boolean {
  const w = d.types['weight_t'];
  return w !== undefined && w !== 'auto' && w.width <= 2;
}

export const fuseBatchNormalization: Pass = {
  name: 'fuse_batch_normalization',
  description: "Fold a batch norm into the Dense/Conv before it when that layer's result precision is auto.",
  run(g: DraftGraph, report: ReportBuilder): void {
    for (let k = 0; k < g.layers.length; k++) {
      const bn = g.layers[k]!;
      if (bn.layer.kind !== 'BatchNormalization') continue;
      const parent = g.layers.find((d) => d.layer.name === bn.layer.inputs[0]);
      if (!parent) continue;
      const p = parent.layer;
      if (p.kind !== 'Dense' && p.kind !== 'Conv') continue;
      if (parent.types['result_t'] !== 'auto') {
        report.change(bn.layer.name, `not fused into ${p.name}: its result precision is set explicitly`);
        continue;
      }
      if (consumers(g, p.name).length !== 1 || g.outputs.includes(p.name) || isBinaryOrTernary(parent))
        continue;
      const fused = fuseScaleIntoWeights(
        p.weight.data,
        p.bias?.data ?? null,
        bn.layer.scale.data,
        bn.layer.bias.data,
      );
      const layer: Layer = {
        ...p,
        weight: { shape: p.weight.shape, data: fused.weight },
        bias: { shape: [fused.bias.length], data: fused.bias },
      };
      parent.layer = layer;
      // A precision set on the batch norm's output now describes the fused layer's output.
      if (bn.types['result_t'] !== undefined && bn.types['result_t'] !== 'auto') {
        parent.types['result_t'] = bn.types['result_t'];
        parent.typeOrigins['result_t'] = bn.typeOrigins['result_t'] ?? 'batch norm result';
      }
      for (const c of consumers(g, bn.layer.name)) {
        c.layer = { ...c.layer, inputs: c.layer.inputs.map((n) => (n === bn.layer.name ? p.name : n)) };
      }
      for (let o = 0; o < g.outputs.length; o++) if (g.outputs[o] === bn.layer.name) g.outputs[o] = p.name;
      g.layers.splice(k, 1);
      k--;
      report.change(p.name, `fused batch norm ${bn.layer.name} into the weights and bias`);
    }
  },
};
