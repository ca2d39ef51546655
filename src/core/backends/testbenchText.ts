/**
 * C++ text shared by the testbenches of the Vivado/Vitis, Quartus and oneAPI writers (and so of every
 * zip's `make csim`): reading tb_data rows and printing results.
 */

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
