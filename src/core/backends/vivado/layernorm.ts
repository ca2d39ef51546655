/** Vivado emission of LayerNormalization (nnet_layernorm.h): config, call, γ (s<N>) and β (b<N>). */
import { StudioError } from '../../errors';
import type { LayerNormLayer } from '../../ir/graph';
import type { PlannedLayer, VivadoPlan } from './plan';
import { doubleLiteral } from './paramActivations';
import { writeValueArray } from './recurrent';
import { member } from './text';

function layerNorm(p: PlannedLayer): { layer: LayerNormLayer; n: number } {
  const layer = p.lowered.layer;
  if (layer.kind !== 'LayerNormalization') throw new Error('not a layer normalization');
  const dims = p.output.macros.map((m) => m.value);
  const n = dims[dims.length - 1] ?? 1;
  if (layer.gamma.data.length !== n || layer.beta.data.length !== n) {
    throw new StudioError(
      `γ/β have ${layer.gamma.data.length}/${layer.beta.data.length} values for a last axis of ${n}`,
      'Normalize over the last axis only.',
      { node: p.lowered.name, op: 'LayerNormalization' },
    );
  }
  return { layer, n };
}

export function layerNormConfig(p: PlannedLayer): string[] {
  const { layer, n } = layerNorm(p);
  const t = p.typedefs;
  return [
    `struct ${p.configName} : nnet::layernorm_config {`,
    member('unsigned', 'n_in', n),
    member('unsigned', 'n_slices', p.output.size / n),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    static constexpr double epsilon = ${doubleLiteral(layer.epsilon)};`,
    `    typedef ${t['scale_t']!.name} scale_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['table_t']!.name} table_t;`,
    '};',
  ];
}

export function layerNormCall(p: PlannedLayer): string {
  const input = p.input!;
  return `nnet::layernormalize<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName}, ${p.weightVar}, ${p.biasVar});`;
}

export function writeLayerNormWeights(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const { layer } = layerNorm(p);
  writeValueArray(plan, p, p.weightVar!, 'scale_t', Array.from(layer.gamma.data), 'gamma', files);
  writeValueArray(plan, p, p.biasVar!, 'bias_t', Array.from(layer.beta.data), 'beta', files);
}
