/**
 * Each backend's ordered pass list. The studio shows this list; each entry expands to its report.
 */
import type { BackendName } from '../config/designConfig';
import { checkConfig } from './configCheck';
import type { Pass } from './draft';
import { setFifoDepths } from './fifoDepths';
import { mergeBatchNormQuantizedTanh } from './bnQuantizedTanh';
import { fuseBatchNormalization } from './fuseBatchNorm';
import { inferPrecisionTypes } from './inferPrecision';
import { eliminateLinearActivation, mergeLinearActivation } from './linearActivation';
import { quantizeDenseOutput } from './quantizeDenseOutput';
import { resolveConfig } from './resolveConfig';
import { quartusResourceStrategy } from './quartusStrategy';
import { validateReuseFactor } from './reuseFactor';
import { fixSoftmaxTableSize } from './softmaxTables';
import { xnorPooling } from './xnorPooling';

const VIVADO_FLOW: readonly Pass[] = [
  checkConfig,
  resolveConfig,
  fuseBatchNormalization,
  eliminateLinearActivation,
  mergeLinearActivation,
  inferPrecisionTypes,
  validateReuseFactor,
  // hls4ml's vivado:quantization flow, after init_layers and before vivado:optimize.
  mergeBatchNormQuantizedTanh,
  quantizeDenseOutput,
  xnorPooling,
  fixSoftmaxTableSize,
  setFifoDepths,
];

/** Quartus: the Vivado flow with every matrix multiply on the Resource strategy (hls4ml's init_dense). */
const QUARTUS_FLOW: readonly Pass[] = VIVADO_FLOW.flatMap((p) =>
  p === validateReuseFactor ? [quartusResourceStrategy, p] : [p],
);

export function flowFor(backend: BackendName): readonly Pass[] {
  switch (backend) {
    case 'Vivado':
    case 'Vitis':
      return VIVADO_FLOW;
    // oneAPI runs the Quartus kernels (hls4ml-facts.md §5.3). Its extra validate_ac_types refuses ac_float
    // precisions, which the precision parser here never produces, so the flow is the Quartus one.
    case 'Quartus':
    case 'oneAPI':
      return QUARTUS_FLOW;
    default:
      return VIVADO_FLOW;
  }
}
