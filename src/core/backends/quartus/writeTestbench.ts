/**
 * <project>_test.cpp and <project>_bridge.cpp of a Quartus project. The testbench keeps the contract of
 * the Vivado one (writeTestbench.ts there): tb_data/tb_input_features.dat holds one sample per line (all
 * inputs, in order); each value is read as a double, rounded to float and assigned to the input type;
 * tb_data/csim_results.log gets one line per sample with every output value printed with %.17g, so the
 * fixed-point values are exact. Under i++ the same program drives the component's simulation.
 */
import { TB_LINE_HELPERS, TB_READ_SAMPLES } from '../testbenchText';
import type { PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';

function total(ts: readonly PlannedTensor[]): string {
  return ts.map((t) => `(${t.sizeExpr})`).join(' + ');
}

function loop(t: PlannedTensor, statement: string): string[] {
  return [
    `        for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) {`,
    `            ${statement}`,
    '        }',
  ];
}

export function writeQuartusTestbench(plan: VivadoPlan): string {
  const p = plan.projectName;
  return fileText([
    ...cppBanner(p, 'C-simulation testbench'),
    '// Reads tb_data/tb_input_features.dat: one sample per line, the values of all inputs separated by spaces',
    '// (each read as a double, rounded to float, then assigned to the input type). Writes one line per sample',
    '// to tb_data/csim_results.log: the values of all outputs separated by spaces, with 17 significant digits',
    '// so the fixed-point values are exact. Without an input file, one all-zero sample is run.',
    '#include <cstddef>',
    '#include <cstdio>',
    '#include <cstdlib>',
    '#include <fstream>',
    '#include <string>',
    '#include <vector>',
    '',
    `#include "firmware/${p}.h"`,
    '',
    'namespace {',
    '',
    'const char *const kInputFile = "tb_data/tb_input_features.dat";',
    'const char *const kResultsFile = "tb_data/csim_results.log";',
    `const std::size_t kInputValues = ${total(plan.inputs)};`,
    '',
    ...TB_LINE_HELPERS,
    '',
    '} // namespace',
    '',
    'int main() {',
    ...TB_READ_SAMPLES,
    '',
    '    std::FILE *results = std::fopen(kResultsFile, "w");',
    '    if (!results) {',
    '        std::fprintf(stderr, "ERROR: cannot write %s (does the tb_data folder exist?)\\n", kResultsFile);',
    '        return 1;',
    '    }',
    '    for (std::size_t s = 0; s < samples.size(); s++) {',
    '        const std::vector<float> &sample = samples[s];',
    '        std::size_t offset = 0;',
    '        inputdat inputs;',
    ...plan.inputs.flatMap((t) => loop(t, `inputs.${t.varName}[i] = sample[offset++];`)),
    `        const outputdat outputs = ${p}(inputs);`,
    '        bool first = true;',
    ...plan.outputs.flatMap((t) =>
      loop(t, `write_value(results, first, outputs.${t.varName}[i].to_double());`),
    ),
    '        std::fprintf(results, "\\n");',
    '    }',
    '    std::fclose(results);',
    '    std::printf("INFO: %lu samples written to %s\\n", static_cast<unsigned long>(samples.size()), kResultsFile);',
    '    return 0;',
    '}',
  ]);
}

/** extern "C" wrappers taking float or double arrays, for the shared library of build_lib.sh. */
export function writeQuartusBridge(plan: VivadoPlan): string {
  const p = plan.projectName;
  const wrapper = (scalar: 'float' | 'double'): string[] => {
    const params = [
      ...plan.inputs.map((t, k) => `${scalar} in${k}[${t.sizeExpr}]`),
      ...plan.outputs.map((t, k) => `${scalar} out${k}[${t.sizeExpr}]`),
    ];
    return [
      `void ${p}_${scalar}(${params.join(', ')}) {`,
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
    'extern "C" {',
    '',
    ...wrapper('float'),
    '',
    ...wrapper('double'),
    '',
    '} // extern "C"',
  ]);
}
