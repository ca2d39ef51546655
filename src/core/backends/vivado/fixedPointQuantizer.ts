/**
 * Vivado emission of HGQ's heterogeneous FixedPointQuantizer (nnet_fixed_point_quantizer.h). C++ types are
 * compile-time, so the config carries one generated statement per element: the element converted into its
 * own type (then assigned into res_T), or 0 for an element with 0 bits — what hls4ml's mask function does.
 */
import { toCppType } from '../../fixed/format';
import type { TypeFamily } from '../../fixed/types';
import { elementTypes } from '../../emulate/fixedPointQuantizer';
import type { PlannedLayer } from './plan';

function quantizerLayer(p: PlannedLayer) {
  const layer = p.lowered.layer;
  if (layer.kind !== 'FixedPointQuantizer') throw new Error('not a FixedPointQuantizer layer');
  return layer;
}

/** `family`: ap_ types for Vivado/Vitis (the only writers today), ac_ for a writer that reuses the plan. */
export function fixedPointQuantizerConfig(p: PlannedLayer, family: TypeFamily = 'ap'): string[] {
  const layer = quantizerLayer(p);
  const body = elementTypes(layer).map((t, e) =>
    t === null
      ? `        res[${e}] = 0;`
      : `        nnet::quantize_element<${toCppType(t, family)}>(data[${e}], res[${e}]);`,
  );
  return [
    `struct ${p.configName} : nnet::fixed_point_quantizer_config {`,
    `    static const unsigned n_in = ${p.input!.size};`,
    '    template <class data_T, class res_T> static void quantize(data_T data[n_in], res_T res[n_in]) {',
    '        #pragma HLS INLINE',
    ...body,
    '    }',
    '};',
  ];
}

export function fixedPointQuantizerCall(p: PlannedLayer): string {
  const input = p.input!;
  return `nnet::fixed_point_quantizer<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName});`;
}
