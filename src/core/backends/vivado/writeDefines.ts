/** firmware/defines.h: tensor sizes and every typedef the project uses. */
import { toApType } from '../../fixed/format';
import { denseProduct } from '../../passes/denseProduct';
import type { PlannedLayer, PlannedTypedef, VivadoPlan } from './plan';
import { cppBanner, fileText, layerComment } from './text';
import { isStream, packOf } from './stream';

/** A typedef; power-of-two weights get hls4ml's sign/exponent struct (nnet::product::weight_exponential). */
function typedefLine(p: PlannedLayer, t: PlannedTypedef): string {
  if (t.slot === 'weight_t' && denseProduct(p.lowered.layer, t.type) === 'weight_exponential') {
    return `struct ${t.name} { ap_uint<1> sign; ${toApType(t.type)} weight; }; // power-of-two weight: sign (1: +), exponent`;
  }
  return `typedef ${toApType(t.type)} ${t.name};`;
}

export function writeDefines(plan: VivadoPlan): string {
  const sizes: string[] = [];
  const types: string[] = [];
  // io_stream: a tensor's type is its stream word (stream.ts).
  const stream = isStream(plan);
  for (const p of plan.layers) {
    for (const m of p.output.macros) sizes.push(`#define ${m.name} ${m.value}`);
    types.push(layerComment(p.index, p.comment, p.lowered.kind));
    types.push(
      stream
        ? `typedef nnet::array<${toApType(p.output.type)}, ${packOf(p.output).expr}> ${p.output.typeName};`
        : `typedef ${toApType(p.output.type)} ${p.output.typeName};`,
    );
    for (const t of Object.values(p.typedefs)) types.push(typedefLine(p, t));
  }
  return fileText([
    ...cppBanner(plan.projectName, 'tensor sizes and fixed-point types'),
    '#ifndef NNET_PROJECT_DEFINES_H_',
    '#define NNET_PROJECT_DEFINES_H_',
    '',
    '#include "ap_fixed.h"',
    '#include "ap_int.h"',
    ...(stream ? ['#include "nnet_utils/nnet_types.h"'] : []),
    '',
    '#include <cstddef>',
    '#include <cstdio>',
    '',
    '// Tensor sizes',
    ...sizes,
    '',
    '// Types',
    ...types,
    '',
    '#endif',
  ]);
}
