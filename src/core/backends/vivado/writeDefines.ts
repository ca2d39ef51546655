/** firmware/defines.h: tensor sizes and every typedef the project uses. */
import { toApType } from '../../fixed/format';
import type { VivadoPlan } from './plan';
import { cppBanner, fileText, layerComment } from './text';

export function writeDefines(plan: VivadoPlan): string {
  const sizes: string[] = [];
  const types: string[] = [];
  for (const p of plan.layers) {
    for (const m of p.output.macros) sizes.push(`#define ${m.name} ${m.value}`);
    types.push(layerComment(p.index, p.comment, p.lowered.kind));
    types.push(`typedef ${toApType(p.output.type)} ${p.output.typeName};`);
    for (const t of Object.values(p.typedefs)) types.push(`typedef ${toApType(t.type)} ${t.name};`);
  }
  return fileText([
    ...cppBanner(plan.projectName, 'tensor sizes and fixed-point types'),
    '#ifndef NNET_PROJECT_DEFINES_H_',
    '#define NNET_PROJECT_DEFINES_H_',
    '',
    '#include "ap_fixed.h"',
    '#include "ap_int.h"',
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
