/**
 * <project>_test.cpp and <project>_bridge.cpp of a Quartus project. The testbench keeps the contract of
 * the Vivado one (writeTestbench.ts there): tb_data/tb_input_features.dat holds one sample per line (all
 * inputs, in order); each value is read as a double, rounded to float and assigned to the input type;
 * tb_data/csim_results.log gets one line per sample with every output value printed with %.17g, so the
 * fixed-point values are exact. Under i++ the same program drives the component's simulation.
 */
import {
  TB_INCLUDES,
  TB_LINE_HELPERS,
  TB_READ_SAMPLES,
  bridgeParams,
  externCWrappers,
  tbRunSamples,
  totalValues,
  type BridgeScalar,
} from '../testbenchText';
import type { PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';

/** `statement` for every index i of tensor t, in the testbench's per-sample loop (the oneAPI one shares it). */
export function sampleLoop(t: PlannedTensor, statement: string): string[] {
  return [
    `        for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) {`,
    `            ${statement}`,
    '        }',
  ];
}

/** How one sample goes through the component: `run` fills the inputs and calls it, `print` writes the outputs. */
export interface QuartusSampleIo {
  readonly run: readonly string[];
  readonly print: readonly string[];
}

/** io_parallel: the sample fills an inputdat, the component returns an outputdat. */
function structIo(plan: VivadoPlan): QuartusSampleIo {
  return {
    run: [
      '        inputdat inputs;',
      ...plan.inputs.flatMap((t) => sampleLoop(t, `inputs.${t.varName}[i] = sample[offset++];`)),
      `        const outputdat outputs = ${plan.projectName}(inputs);`,
    ],
    print: plan.outputs.flatMap((t) =>
      sampleLoop(t, `write_value(results, first, outputs.${t.varName}[i].to_double());`),
    ),
  };
}

/** The testbench; io_stream passes its own `io` and `title` (writeStream.ts). */
export function writeQuartusTestbench(
  plan: VivadoPlan,
  io: QuartusSampleIo = structIo(plan),
  title = 'C-simulation testbench',
): string {
  const p = plan.projectName;
  return fileText([
    ...cppBanner(p, title),
    '// Reads tb_data/tb_input_features.dat: one sample per line, the values of all inputs separated by spaces',
    '// (each read as a double, rounded to float, then assigned to the input type). Writes one line per sample',
    '// to tb_data/csim_results.log: the values of all outputs separated by spaces, with 17 significant digits',
    '// so the fixed-point values are exact. Without an input file, one all-zero sample is run.',
    ...TB_INCLUDES,
    '',
    `#include "firmware/${p}.h"`,
    '',
    'namespace {',
    '',
    'const char *const kInputFile = "tb_data/tb_input_features.dat";',
    'const char *const kResultsFile = "tb_data/csim_results.log";',
    `const std::size_t kInputValues = ${totalValues(plan.inputs)};`,
    '',
    ...TB_LINE_HELPERS,
    '',
    '} // namespace',
    '',
    'int main() {',
    ...TB_READ_SAMPLES,
    '',
    ...tbRunSamples(io.run, io.print),
  ]);
}

/** extern "C" wrappers taking float or double arrays, for the shared library of build_lib.sh. */
export function writeQuartusBridge(plan: VivadoPlan): string {
  const p = plan.projectName;
  const wrapper = (scalar: BridgeScalar): string[] => {
    return [
      `void ${p}_${scalar}(${bridgeParams(plan, scalar)}) {`,
      '    inputdat inputs;',
      ...plan.inputs.map(
        (t, k) =>
          `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) inputs.${t.varName}[i] = in${k}[i];`,
      ),
      `    const outputdat outputs = ${p}(inputs);`,
      ...plan.outputs.map(
        (t, k) =>
          `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) out${k}[i] = static_cast<${scalar}>(outputs.${t.varName}[i].to_double());`,
      ),
      '}',
    ];
  };
  return fileText([
    ...cppBanner(p, 'C entry points for the shared library built by build_lib.sh'),
    `// ${p}_float / ${p}_double take the inputs and outputs as plain arrays (inputs first, in order) and`,
    '// convert them to and from the fixed-point types.',
    '#include <cstddef>',
    '',
    `#include "firmware/${p}.h"`,
    '',
    ...externCWrappers(wrapper),
  ]);
}
