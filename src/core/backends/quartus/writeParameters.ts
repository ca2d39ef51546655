/** firmware/parameters.h of a Quartus project: template headers, weight headers and one config per layer. */
import type { VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText, layerComment } from '../vivado/text';
import { layerConfig, layerInclude } from './layers';
import { pointwiseVar } from '../oneapi/depthwise';

export function writeQuartusParameters(plan: VivadoPlan): string {
  const includes = [...new Set(plan.layers.map(layerInclude).filter((h): h is string => h !== null))]
    .sort()
    .map((h) => `#include "nnet_utils/${h}"`);
  const weights: string[] = [];
  const configs: string[] = [];
  for (const p of plan.layers) {
    if (p.weightVar) weights.push(`#include "weights/${p.weightVar}.h"`);
    if (p.biasVar) weights.push(`#include "weights/${p.biasVar}.h"`);
    // oneAPI's separable convolution: the pointwise kernel (oneapi/depthwise.ts).
    if (p.lowered.kind === 'SeparableConv') weights.push(`#include "weights/${pointwiseVar(p)}.h"`);
    // SimpleRNN / GRU / LSTM: kernel, recurrent kernel, bias and the recurrent bias of GRU and of a SimpleRNN
    // or LSTM that has one (vivado/recurrent.ts writes them).
    const l = p.lowered.layer;
    if (l.kind === 'SimpleRNN' || l.kind === 'GRU' || l.kind === 'LSTM') {
      const rb = l.kind === 'GRU' || l.recurrentBias !== null;
      const arrays = ['w', 'wr', 'b', ...(rb ? ['br'] : [])];
      for (const v of arrays) weights.push(`#include "weights/${v}${p.index}.h"`);
    }
    const cfg = layerConfig(plan, p);
    // Not push(...cfg): a large gather table (Resize, Transpose) has more lines than a call takes arguments.
    if (cfg.length) {
      configs.push(layerComment(p.index, p.comment, p.lowered.kind));
      for (const line of cfg) configs.push(line);
      configs.push('');
    }
  }
  return fileText([
    ...cppBanner(plan.projectName, 'layer configurations and weights'),
    '#ifndef NNET_PROJECT_PARAMETERS_H_',
    '#define NNET_PROJECT_PARAMETERS_H_',
    '',
    '#include "defines.h"',
    ...includes,
    '',
    '// Weights',
    ...weights,
    '',
    '// Layer configurations',
    ...configs,
    '#endif',
  ]);
}
