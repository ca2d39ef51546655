/**
 * C++ text shared by the testbenches and bridges of the Vivado/Vitis, Quartus and oneAPI writers (and so
 * of every zip's `make csim`): reading tb_data rows, running the samples and printing results, and the
 * extern "C" wrappers of the shared library.
 */
import type { PlannedTensor, VivadoPlan } from './vivado/plan';

/** The standard headers every testbench includes. */
export const TB_INCLUDES: readonly string[] = [
  '#include <cstddef>',
  '#include <cstdio>',
  '#include <cstdlib>',
  '#include <fstream>',
  '#include <string>',
  '#include <vector>',
];

/** The C++ expression of the number of values of the tensors `ts` together (kInputValues). */
export function totalValues(ts: readonly PlannedTensor[]): string {
  return ts.map((t) => `(${t.sizeExpr})`).join(' + ');
}

/** `parse_line` (numbers of one tb_data line) and `write_value` (one result, %.17g). */
export const TB_LINE_HELPERS: readonly string[] = [
  'std::vector<float> parse_line(const std::string &line) {',
  '    std::vector<float> values;',
  '    const char *p = line.c_str();',
  '    for (;;) {',
  '        char *end = nullptr;',
  '        const double v = std::strtod(p, &end);',
  '        if (end == p) break;',
  '        values.push_back(static_cast<float>(v));',
  '        p = end;',
  '    }',
  '    return values;',
  '}',
  '',
  'void write_value(std::FILE *out, bool &first, double v) {',
  '    std::fprintf(out, first ? "%.17g" : " %.17g", v);',
  '    first = false;',
  '}',
];

/**
 * The body of main() that reads every row of kInputFile into `samples` (kInputValues per row), or one
 * all-zero sample when the file is absent.
 */
export const TB_READ_SAMPLES: readonly string[] = [
  '    std::vector<std::vector<float> > samples;',
  '    std::ifstream fin(kInputFile);',
  '    if (fin) {',
  '        std::string line;',
  '        std::size_t line_number = 0;',
  '        while (std::getline(fin, line)) {',
  '            line_number++;',
  '            std::vector<float> values = parse_line(line);',
  '            if (values.empty()) continue;',
  '            if (values.size() != kInputValues) {',
  '                std::fprintf(stderr, "ERROR: %s line %lu has %lu values, expected %lu\\n", kInputFile,',
  '                             static_cast<unsigned long>(line_number), static_cast<unsigned long>(values.size()),',
  '                             static_cast<unsigned long>(kInputValues));',
  '                return 1;',
  '            }',
  '            samples.push_back(values);',
  '        }',
  '    } else {',
  '        std::printf("INFO: %s not found; running one all-zero sample\\n", kInputFile);',
  '        samples.push_back(std::vector<float>(kInputValues, 0.0f));',
  '    }',
];

/**
 * The rest of main() once `samples` is read: open kResultsFile, then per sample run `run` (it fills the
 * inputs from `sample[offset++]` and calls the network) and `print` (write_value of every output value, on
 * one line), and report how many samples were written.
 */
export function tbRunSamples(run: readonly string[], print: readonly string[]): string[] {
  return [
    '    std::FILE *results = std::fopen(kResultsFile, "w");',
    '    if (!results) {',
    '        std::fprintf(stderr, "ERROR: cannot write %s (does the tb_data folder exist?)\\n", kResultsFile);',
    '        return 1;',
    '    }',
    '    for (std::size_t s = 0; s < samples.size(); s++) {',
    '        const std::vector<float> &sample = samples[s];',
    '        std::size_t offset = 0;',
    ...run,
    '        bool first = true;',
    ...print,
    '        std::fprintf(results, "\\n");',
    '    }',
    '    std::fclose(results);',
    '    std::printf("INFO: %lu samples written to %s\\n", static_cast<unsigned long>(samples.size()), kResultsFile);',
    '    return 0;',
    '}',
  ];
}

export type BridgeScalar = 'float' | 'double';

/** The parameters of a bridge wrapper: every input, then every output, as a plain array of `scalar`. */
export function bridgeParams(plan: VivadoPlan, scalar: BridgeScalar, suffix = ''): string {
  return [
    ...plan.inputs.map((t, k) => `${scalar} in${k}${suffix}[${t.sizeExpr}]`),
    ...plan.outputs.map((t, k) => `${scalar} out${k}${suffix}[${t.sizeExpr}]`),
  ].join(', ');
}

/** The extern "C" block of a bridge: the float wrapper, then the double one. */
export function externCWrappers(wrapper: (scalar: BridgeScalar) => string[]): string[] {
  return ['extern "C" {', '', ...wrapper('float'), '', ...wrapper('double'), '', '} // extern "C"'];
}
