/**
 * Vivado emission of the two-input layers (nnet_merge.h: Merge ops, concatenate, dot1d) and of PReLU
 * (nnet_activation_param.h, its alpha array written like a weight file).
 */
import { StudioError } from '../../errors';
import { concatShape } from '../../emulate/merge';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from './plan';
import { writeValueFile } from './weightFiles';
import { member } from './text';

function operands(p: PlannedLayer): [PlannedTensor, PlannedTensor] {
  if (!p.input || !p.input2) {
    throw new StudioError('a two-input layer lost an operand', 'This is a bug in HLS Studio.', {
      node: p.lowered.name,
      op: p.lowered.kind,
    });
  }
  return [p.input, p.input2];
}

const dims = (t: PlannedTensor): number[] => t.macros.map((m) => m.value);

export function twoInputConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  const [a, b] = operands(p);
  switch (layer.kind) {
    case 'Merge':
      return [
        `struct ${p.configName} : nnet::merge_config {`,
        member('unsigned', 'n_elem1', a.size),
        member('unsigned', 'n_elem2', b.size),
        member('unsigned', 'n_out', p.output.size),
        '};',
      ];
    case 'Concatenate': {
      const s = concatShape(dims(a), dims(b), layer.axis);
      if (s.nOuter * (s.n1 + s.n2) !== p.output.size) {
        throw new StudioError(
          `concatenation of ${a.size} and ${b.size} values on axis ${layer.axis} does not give ${p.output.size}`,
          'The inputs must agree on every axis but the concatenation axis.',
          { node: p.lowered.name, op: 'Concatenate' },
        );
      }
      return [
        `struct ${p.configName} : nnet::concat_config {`,
        member('unsigned', 'n_outer', s.nOuter),
        member('unsigned', 'n_inner1', s.n1),
        member('unsigned', 'n_inner2', s.n2),
        '};',
      ];
    }
    case 'Dot':
      if (a.size !== b.size) {
        throw new StudioError(
          `Dot of ${a.size} and ${b.size} values`,
          'Both inputs of a Dot layer must have the same length.',
          { node: p.lowered.name, op: 'Dot' },
        );
      }
      return [
        `struct ${p.configName} : nnet::dot_config {`,
        member('unsigned', 'n_in', a.size),
        member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
        `    typedef ${p.typedefs['accum_t']!.name} accum_t;`,
        '};',
      ];
    default:
      throw new Error('not a two-input layer');
  }
}

export function twoInputCall(p: PlannedLayer): string {
  const layer = p.lowered.layer;
  const [a, b] = operands(p);
  const fn =
    layer.kind === 'Merge'
      ? layer.op
      : layer.kind === 'Concatenate'
        ? 'concatenate'
        : layer.kind === 'Dot'
          ? 'dot1d'
          : null;
  if (!fn) throw new Error('not a two-input layer');
  return `nnet::${fn}<${a.typeName}, ${b.typeName}, ${p.output.typeName}, ${p.configName}>(${a.varName}, ${b.varName}, ${p.output.varName});`;
}

export function preluConfig(p: PlannedLayer): string[] {
  const layer = p.lowered.layer;
  if (layer.kind !== 'PReLU') throw new Error('not a PReLU layer');
  return [
    `struct ${p.configName} : nnet::param_activ_config {`,
    member('unsigned', 'n_in', p.output.size),
    member('unsigned', 'n_alpha', layer.alpha.data.length),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['param_t']!.name} param_t;`,
    '};',
  ];
}

export function preluCall(p: PlannedLayer): string {
  const input = p.input!;
  return `nnet::prelu<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.weightVar}, ${p.output.varName});`;
}

/** firmware/weights/w<N>.h and .txt with PReLU's alpha values in param_t (printed like weights). */
export function writePReluAlpha(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const layer = p.lowered.layer;
  if (layer.kind !== 'PReLU' || !p.weightVar) return;
  const values = layer.alpha.data;
  if (values.length !== 1 && values.length !== p.output.size) {
    throw new StudioError(
      `PReLU has ${values.length} alphas for ${p.output.size} values`,
      'Give one alpha per element or a single shared alpha.',
      { node: p.lowered.name, op: 'PReLU' },
    );
  }
  writeValueFile(plan, files, {
    varName: p.weightVar,
    typedef: p.typedefs['param_t']!,
    values,
    title: `PReLU alphas of layer ${p.index}`,
    note: `// layer ${p.index}: ${p.comment} (PReLU), ${values.length} value(s)`,
    notFinite: (v) =>
      new StudioError(`alpha ${v} is not finite`, 'Check the model file.', {
        node: p.lowered.name,
        op: 'PReLU',
      }),
  });
}
