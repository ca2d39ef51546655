/**
 * Vivado emission of the activations with parameters or their own tables (nnet_activation_param.h):
 * their config structs and calls. Scalar parameters are written into the call as Python's str(float)
 * would print them (a shortest round-trip decimal, so the C++ parses the same double) and converted to
 * param_t by the call (fixed-point.md §6.0).
 */
import { StudioError } from '../../errors';
import { toApType } from '../../fixed/format';
import type { ActivationLayer } from '../../ir/graph';
import {
  hardParams,
  isParamActivation,
  paramValue,
  reluMax,
  usesParam,
} from '../../emulate/paramActivations';
import type { PlannedLayer } from './plan';
import { member } from './text';

export { isParamActivation };

/** A double as a C++ literal that parses back to the same double (Python repr's digits). */
export function doubleLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function activationLayer(p: PlannedLayer): ActivationLayer {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Activation') throw new Error('not an activation layer');
  return layer;
}

/** The nnet function a parametrized activation calls. */
export function paramActivationFunction(p: PlannedLayer): string {
  const layer = activationLayer(p);
  switch (layer.activation) {
    case 'relu':
    case 'relu6':
      return 'relu_max';
    case 'leaky_relu':
    case 'thresholded_relu':
    case 'elu':
    case 'selu':
    case 'softplus':
    case 'softsign':
    case 'hard_sigmoid':
    case 'hard_tanh':
    case 'binary_tanh':
    case 'ternary_tanh':
      return layer.activation;
    default:
      throw new StudioError(
        `activation '${String(layer.activation)}' has no kernel in the Vivado template library`,
        'Use a supported activation.',
        { node: p.lowered.name, op: 'Activation' },
      );
  }
}

export function paramActivationConfig(p: PlannedLayer): string[] {
  const layer = activationLayer(p);
  paramActivationFunction(p);
  const lines = [
    `struct ${p.configName} : nnet::param_activ_config {`,
    member('unsigned', 'n_in', p.output.size),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['table_t']!.name} table_t;`,
  ];
  const param = p.lowered.types['param_t'];
  if (usesParam(layer) && param) lines.push(`    typedef ${toApType(param)} param_t;`);
  if (layer.activation === 'relu' || layer.activation === 'relu6') {
    lines.push(member('int', 'max_value', reluMax(layer)));
  }
  if (layer.activation === 'hard_sigmoid' || layer.activation === 'hard_tanh') {
    const { slope, shift } = hardParams(layer);
    lines.push(`    static constexpr double slope = ${doubleLiteral(slope)};`);
    lines.push(`    static constexpr double shift = ${doubleLiteral(shift)};`);
  }
  if (layer.activation === 'binary_tanh') {
    lines.push(member('int', 'binary_negative', p.output.type.signed ? -1 : 0));
  }
  lines.push('};');
  return lines;
}

export function paramActivationCall(p: PlannedLayer, types: string, input: string, output: string): string {
  const layer = activationLayer(p);
  const fn = paramActivationFunction(p);
  if (usesParam(layer)) {
    return `nnet::${fn}<${types}>(${input}, ${doubleLiteral(paramValue(layer))}, ${output});`;
  }
  return `nnet::${fn}<${types}>(${input}, ${output});`;
}
