/**
 * Each backend's ordered pass list. The studio shows this list; each entry expands to its report.
 */
import type { BackendName } from '../config/designConfig';
import { checkConfig } from './configCheck';
import type { Pass } from './draft';
import { setFifoDepths } from './fifoDepths';
import { fuseBatchNormalization } from './fuseBatchNorm';
import { inferPrecisionTypes } from './inferPrecision';
import { eliminateLinearActivation, mergeLinearActivation } from './linearActivation';
import { resolveConfig } from './resolveConfig';
import { validateReuseFactor } from './reuseFactor';
import { fixSoftmaxTableSize } from './softmaxTables';

const VIVADO_FLOW: readonly Pass[] = [
  checkConfig,
  resolveConfig,
  fuseBatchNormalization,
  eliminateLinearActivation,
  mergeLinearActivation,
  inferPrecisionTypes,
  validateReuseFactor,
  fixSoftmaxTableSize,
  setFifoDepths,
];

export function flowFor(backend: BackendName): readonly Pass[] {
  switch (backend) {
    case 'Vivado':
    case 'Vitis':
      return VIVADO_FLOW;
    default:
      return VIVADO_FLOW;
  }
}
