/**
 * firmware/defines.h, firmware/<project>.h and firmware/<project>.cpp of a Quartus project, io_parallel
 * style as hls4ml's Quartus writer lays them out (hls4ml-facts.md §6.2): the component takes a struct
 * `inputdat` holding every model input and returns a struct `outputdat` holding every model output.
 */
import { toAcType } from '../../fixed/format';
import { commentText } from '../sanitize';
import type { PlannedLayer, PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText, layerComment } from '../vivado/text';
import { layerCall } from './layers';

export function writeQuartusDefines(plan: VivadoPlan): string {
  const sizes: string[] = [];
  const types: string[] = [];
  for (const p of plan.layers) {
    for (const m of p.output.macros) sizes.push(`#define ${m.name} ${m.value}`);
    types.push(layerComment(p.index, p.comment, p.lowered.kind));
    types.push(`typedef ${toAcType(p.output.type)} ${p.output.typeName};`);
    for (const t of Object.values(p.typedefs)) types.push(`typedef ${toAcType(t.type)} ${t.name};`);
  }
  return fileText([
    ...cppBanner(plan.projectName, 'tensor sizes and fixed-point types'),
    '#ifndef NNET_PROJECT_DEFINES_H_',
    '#define NNET_PROJECT_DEFINES_H_',
    '',
    '// ac types, `component` and `hls_register` (i++ headers under i++, bundled ones under g++)',
    '#include "nnet_utils/nnet_common.h"',
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

/** The opening of <project>.h (Quartus and oneAPI, io_parallel and io_stream): guard, defines.h, `includes`. */
export function topHeaderOpen(includes: readonly string[] = []): string[] {
  return [
    '#ifndef NNET_PROJECT_TOP_H_',
    '#define NNET_PROJECT_TOP_H_',
    '',
    '#include "defines.h"',
    ...includes,
    '',
  ];
}

/** The structs `inputdat` / `outputdat` holding every model input / output; `inputsNote` heads the first. */
export function dataStructs(plan: VivadoPlan, inputsNote = '// Every model input, in order'): string[] {
  const member = (t: PlannedTensor): string => `    ${t.typeName} ${t.varName}[${t.sizeExpr}];`;
  return [
    inputsNote,
    'struct inputdat {',
    ...plan.inputs.map(member),
    '};',
    '',
    '// Every model output, in order',
    'struct outputdat {',
    ...plan.outputs.map(member),
    '};',
  ];
}

/** The opening of <project>.cpp (Quartus and oneAPI, io_parallel and io_stream): banner, model, includes. */
export function topSourceOpen(plan: VivadoPlan, title: string): string[] {
  return [
    ...cppBanner(plan.projectName, title),
    `// model: ${commentText(plan.lowered.graph.name)} (${commentText(plan.lowered.graph.format)})`,
    '',
    `#include "${plan.projectName}.h"`,
    '#include "parameters.h"',
    '',
  ];
}

export function writeQuartusTopHeader(plan: VivadoPlan): string {
  return fileText([
    ...cppBanner(plan.projectName, 'the component and its input and output structs'),
    ...topHeaderOpen(),
    ...dataStructs(plan),
    '',
    '// The component synthesised by i++ (a plain function under g++)',
    `component outputdat ${plan.projectName}(inputdat inputs);`,
    '',
    '#endif',
  ]);
}

/** One layer's lines in the body of the top function (the oneAPI writer shares them). */
export function body(plan: VivadoPlan, p: PlannedLayer): string[] {
  const lines = [`    ${layerComment(p.index, p.comment, p.lowered.kind)}`];
  if (!plan.outputs.includes(p.output)) {
    lines.push(`    hls_register ${p.output.typeName} ${p.output.varName}[${p.output.sizeExpr}];`);
  }
  lines.push(`    ${layerCall(plan, p)}`, '');
  return lines;
}

export function writeQuartusTopSource(plan: VivadoPlan): string {
  return fileText([
    ...topSourceOpen(plan, 'top-level component'),
    `component outputdat ${plan.projectName}(inputdat inputs) {`,
    '    hls_register outputdat outputs;',
    '',
    ...plan.layers.filter((p) => p.lowered.kind !== 'Input').flatMap((p) => body(plan, p)),
    '    return outputs;',
    '}',
  ]);
}
