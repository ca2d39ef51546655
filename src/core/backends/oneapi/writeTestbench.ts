/**
 * src/<project>_test.cpp, src/<project>_bridge.cpp and src/exception_handler.hpp of a oneAPI project.
 * The testbench keeps the contract of the Vivado and Quartus ones: tb_data/tb_input_features.dat holds
 * one sample per line (all inputs, in order), each value read as a double, rounded to float and assigned
 * to the input type; tb_data/csim_results.log gets one line per sample, every output printed with %.17g
 * so the fixed-point values are exact. Under g++ each sample calls the network function; under icpx the
 * sample goes through the kernel on a queue (emulator, simulator or FPGA, chosen by the CMake target).
 */
import {
  TB_INCLUDES,
  TB_LINE_HELPERS,
  bridgeParams,
  externCWrappers,
  totalValues,
  type BridgeScalar,
} from '../testbenchText';
import { sampleLoop } from '../quartus/writeTestbench';
import type { VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';
import { syclNames } from './writeFirmware';

const SYCL_INCLUDES = [
  '#ifdef SYCL_LANGUAGE_VERSION',
  '#include <sycl/sycl.hpp>',
  '#include <sycl/ext/intel/fpga_extensions.hpp>',
  '',
  '#include "exception_handler.hpp"',
  '#endif',
];

/** `infer(inputs)`: one inference, through the kernel on `q` under SYCL, a plain call under g++. */
function inferFunction(plan: VivadoPlan): string[] {
  const s = syclNames(plan);
  return [
    '#ifdef SYCL_LANGUAGE_VERSION',
    'outputdat infer(sycl::queue &q, const inputdat &inputs) {',
    `    sycl::event done = q.single_task(${s.kernel}{});`,
    `    ${s.inPipe}::write(q, inputs);`,
    `    const outputdat outputs = ${s.outPipe}::read(q);`,
    '    done.wait();',
    '    return outputs;',
    '}',
    '#else',
    `outputdat infer(const inputdat &inputs) { return ${plan.projectName}(inputs); }`,
    '#endif',
  ];
}

/** Writes `infer` (one inference of an inputdat) for the testbench and the bridge. */
export type InferWriter = (plan: VivadoPlan) => string[];

export function writeOneApiTestbench(plan: VivadoPlan, infer: InferWriter = inferFunction): string {
  const p = plan.projectName;
  return fileText([
    ...cppBanner(p, 'testbench (C simulation under g++; emulator, simulator or FPGA under icpx)'),
    '// Reads tb_data/tb_input_features.dat: one sample per line, the values of all inputs separated by spaces',
    '// (each read as a double, rounded to float, then assigned to the input type). Writes one line per sample',
    '// to tb_data/csim_results.log: the values of all outputs separated by spaces, with 17 significant digits',
    '// so the fixed-point values are exact. Without an input file, one all-zero sample is run. tb_data is',
    '// looked for in the working folder, then in its parent (for the programs CMake builds in build/).',
    ...TB_INCLUDES,
    '',
    ...SYCL_INCLUDES,
    '',
    `#include "firmware/${p}.h"`,
    '',
    'namespace {',
    '',
    `const std::size_t kInputValues = ${totalValues(plan.inputs)};`,
    '',
    'const char *const kFolders[] = {"tb_data", "../tb_data"};',
    '',
    '// The first of kFolders holding the input file, or null.',
    'const char *input_folder() {',
    '    for (const char *f : kFolders) {',
    '        if (std::ifstream(std::string(f) + "/tb_input_features.dat")) return f;',
    '    }',
    '    return nullptr;',
    '}',
    '',
    '// The results file in `folder`, or (without one) in the first of kFolders that takes it.',
    'std::FILE *open_results(const char *folder, std::string &path) {',
    '    for (const char *f : kFolders) {',
    '        if (folder && std::string(folder) != f) continue;',
    '        path = std::string(f) + "/csim_results.log";',
    '        std::FILE *out = std::fopen(path.c_str(), "w");',
    '        if (out) return out;',
    '    }',
    '    return nullptr;',
    '}',
    '',
    ...TB_LINE_HELPERS,
    '',
    ...infer(plan),
    '',
    '} // namespace',
    '',
    'int main() {',
    '#ifdef SYCL_LANGUAGE_VERSION',
    '#if defined(FPGA_SIMULATOR)',
    '    const auto selector = sycl::ext::intel::fpga_simulator_selector_v;',
    '#elif defined(FPGA_HARDWARE)',
    '    const auto selector = sycl::ext::intel::fpga_selector_v;',
    '#else',
    '    const auto selector = sycl::ext::intel::fpga_emulator_selector_v;',
    '#endif',
    '    sycl::queue q(selector, fpga_tools::exception_handler);',
    '    std::printf("INFO: running on %s\\n", q.get_device().get_info<sycl::info::device::name>().c_str());',
    '#endif',
    '    const char *folder = input_folder();',
    '    const std::string input_file = std::string(folder ? folder : "tb_data") + "/tb_input_features.dat";',
    '    std::vector<std::vector<float> > samples;',
    '    if (folder) {',
    '        std::ifstream fin(input_file.c_str());',
    '        std::string line;',
    '        std::size_t line_number = 0;',
    '        while (std::getline(fin, line)) {',
    '            line_number++;',
    '            std::vector<float> values = parse_line(line);',
    '            if (values.empty()) continue;',
    '            if (values.size() != kInputValues) {',
    '                std::fprintf(stderr, "ERROR: %s line %lu has %lu values, expected %lu\\n", input_file.c_str(),',
    '                             static_cast<unsigned long>(line_number), static_cast<unsigned long>(values.size()),',
    '                             static_cast<unsigned long>(kInputValues));',
    '                return 1;',
    '            }',
    '            samples.push_back(values);',
    '        }',
    '    } else {',
    '        std::printf("INFO: %s not found; running one all-zero sample\\n", input_file.c_str());',
    '        samples.push_back(std::vector<float>(kInputValues, 0.0f));',
    '    }',
    '',
    '    std::string results_file;',
    '    std::FILE *results = open_results(folder, results_file);',
    '    if (!results) {',
    '        std::fprintf(stderr, "ERROR: cannot write tb_data/csim_results.log (does the tb_data folder exist?)\\n");',
    '        return 1;',
    '    }',
    '    for (std::size_t s = 0; s < samples.size(); s++) {',
    '        const std::vector<float> &sample = samples[s];',
    '        std::size_t offset = 0;',
    '        inputdat inputs;',
    ...plan.inputs.flatMap((t) => sampleLoop(t, `inputs.${t.varName}[i] = sample[offset++];`)),
    '#ifdef SYCL_LANGUAGE_VERSION',
    '        const outputdat outputs = infer(q, inputs);',
    '#else',
    '        const outputdat outputs = infer(inputs);',
    '#endif',
    '        bool first = true;',
    ...plan.outputs.flatMap((t) =>
      sampleLoop(t, `write_value(results, first, outputs.${t.varName}[i].to_double());`),
    ),
    '        std::fprintf(results, "\\n");',
    '    }',
    '    std::fclose(results);',
    '    std::printf("INFO: %lu samples written to %s\\n", static_cast<unsigned long>(samples.size()),',
    '                results_file.c_str());',
    '    return 0;',
    '}',
  ]);
}

/** extern "C" wrappers taking float or double arrays, for the shared library (CMake `lib`, make lib). */
export function writeOneApiBridge(plan: VivadoPlan, infer: InferWriter = inferFunction): string {
  const p = plan.projectName;
  const wrapper = (scalar: BridgeScalar): string[] => {
    return [
      `void ${p}_${scalar}(${bridgeParams(plan, scalar)}) {`,
      '    inputdat inputs;',
      ...plan.inputs.map(
        (t, k) =>
          `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) inputs.${t.varName}[i] = in${k}[i];`,
      ),
      '#ifdef SYCL_LANGUAGE_VERSION',
      '    static sycl::queue q(sycl::ext::intel::fpga_emulator_selector_v, fpga_tools::exception_handler);',
      '    const outputdat outputs = infer(q, inputs);',
      '#else',
      '    const outputdat outputs = infer(inputs);',
      '#endif',
      ...plan.outputs.map(
        (t, k) =>
          `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) out${k}[i] = static_cast<${scalar}>(outputs.${t.varName}[i].to_double());`,
      ),
      '}',
    ];
  };
  return fileText([
    ...cppBanner(p, 'C entry points for the shared library'),
    `// ${p}_float / ${p}_double take the inputs and outputs as plain arrays (inputs first, in order) and`,
    '// convert them to and from the fixed-point types. Under icpx the inference runs on the FPGA emulator.',
    '#include <cstddef>',
    '',
    ...SYCL_INCLUDES,
    '',
    `#include "firmware/${p}.h"`,
    '',
    'namespace {',
    '',
    ...infer(plan),
    '',
    '} // namespace',
    '',
    ...externCWrappers(wrapper),
  ]);
}

/** The asynchronous-error handler the queues use (SYCL reports kernel errors through it). */
export function writeExceptionHandler(plan: VivadoPlan): string {
  return fileText([
    ...cppBanner(plan.projectName, 'asynchronous SYCL error handler'),
    '#ifndef NNET_EXCEPTION_HANDLER_HPP_',
    '#define NNET_EXCEPTION_HANDLER_HPP_',
    '',
    '#include <exception>',
    '#include <iostream>',
    '',
    '#include <sycl/sycl.hpp>',
    '',
    'namespace fpga_tools {',
    '',
    '// Prints every exception of the list and stops the program: a failed kernel has no result to go on with.',
    'inline void exception_handler(sycl::exception_list exceptions) {',
    '    for (const std::exception_ptr &e : exceptions) {',
    '        try {',
    '            std::rethrow_exception(e);',
    '        } catch (const sycl::exception &err) {',
    '            std::cerr << "ERROR: asynchronous SYCL exception: " << err.what() << std::endl;',
    '            std::terminate();',
    '        }',
    '    }',
    '}',
    '',
    '} // namespace fpga_tools',
    '',
    '#endif',
  ]);
}
