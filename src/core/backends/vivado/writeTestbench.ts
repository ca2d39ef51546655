/**
 * <project>_test.cpp (the C-simulation testbench), <project>_bridge.cpp (C entry points for
 * build_lib.sh) and the optional tb_data/*.dat files.
 *
 * Testbench contract: tb_data/tb_input_features.dat holds one sample per line, the values of all inputs
 * in order, separated by spaces. Each value is read as a double, rounded to float and assigned to the
 * input type (as hls4ml's testbench and float bridge do). tb_data/csim_results.log gets one line per
 * sample: the values of all outputs, separated by single spaces, printed with %.17g of to_double() so
 * that the fixed-point value is recovered exactly. Without an input file one all-zero sample runs.
 */
import {
  TB_INCLUDES,
  TB_LINE_HELPERS,
  TB_READ_SAMPLES,
  bridgeParams,
  type BridgeScalar,
  externCWrappers,
  tbRunSamples,
  totalValues,
} from '../testbenchText';
import { StudioError } from '../../errors';
import type { VivadoPlan } from './plan';
import { cppBanner, fileText } from './text';
import { isStream, streamBridgeBody, streamTestbenchParts } from './stream';

export function writeTestbench(plan: VivadoPlan): string {
  const p = plan.projectName;
  // Trace output is written by the top function (writeTop.ts; io_stream: stream.ts).
  const traced = plan.layers.some((l) => l.lowered.trace && l.lowered.kind !== 'Input');
  const declare = [
    ...plan.inputs.map((t, k) => `        ${t.typeName} tb_in${k}[${t.sizeExpr}];`),
    ...plan.outputs.map((t, k) => `        ${t.typeName} tb_out${k}[${t.sizeExpr}];`),
  ];
  const fill = plan.inputs.flatMap((t, k) => [
    `        for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) {`,
    `            tb_in${k}[i] = sample[offset++];`,
    '        }',
  ]);
  const args = [...plan.inputs.map((_, k) => `tb_in${k}`), ...plan.outputs.map((_, k) => `tb_out${k}`)].join(
    ', ',
  );
  const print = plan.outputs.flatMap((t, k) => [
    `        for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) {`,
    `            write_value(results, first, tb_out${k}[i].to_double());`,
    '        }',
  ]);
  // io_stream: the same samples go through streams of words (stream.ts).
  const io = isStream(plan) ? streamTestbenchParts(plan) : { declare, fill, print };
  return fileText([
    ...cppBanner(p, 'C-simulation testbench'),
    '// Reads tb_data/tb_input_features.dat: one sample per line, the values of all inputs separated by spaces',
    '// (each read as a double, rounded to float, then assigned to the input type). Writes one line per sample',
    '// to tb_data/csim_results.log (tb_data/rtl_cosim_results.log in RTL co-simulation): the values of all',
    '// outputs separated by spaces, with 17 significant digits so the fixed-point values are exact.',
    '// Without an input file, one all-zero sample is run.',
    ...TB_INCLUDES,
    '',
    `#include "firmware/${p}.h"`,
    ...(traced ? ['#include "firmware/nnet_utils/nnet_trace.h"'] : []),
    '',
    'namespace {',
    '',
    'const char *const kInputFile = "tb_data/tb_input_features.dat";',
    '#if defined(RTL_SIM) || defined(__RTL_SIMULATION__)',
    'const char *const kResultsFile = "tb_data/rtl_cosim_results.log";',
    '#else',
    'const char *const kResultsFile = "tb_data/csim_results.log";',
    '#endif',
    `const std::size_t kInputValues = ${totalValues(plan.inputs)};`,
    '',
    ...TB_LINE_HELPERS,
    '',
    '} // namespace',
    '',
    'int main() {',
    ...TB_READ_SAMPLES,
    '',
    ...(traced
      ? [
          '    // Trace is on for some layers: they write tb_data/<layer>_trace.log.',
          '    nnet::trace_enable(true);',
        ]
      : []),
    ...tbRunSamples([...io.declare, ...io.fill, `        ::${p}(${args});`], io.print),
  ]);
}

/** extern "C" wrappers taking float or double arrays, for the shared library of build_lib.sh. */
export function writeBridge(plan: VivadoPlan): string {
  const p = plan.projectName;
  const wrapper = (scalar: BridgeScalar): string[] => {
    const params = bridgeParams(plan, scalar);
    const args = [...plan.inputs.map((_, k) => `fx_in${k}`), ...plan.outputs.map((_, k) => `fx_out${k}`)];
    if (isStream(plan)) return [`void ${p}_${scalar}(${params}) {`, ...streamBridgeBody(plan, scalar), '}'];
    return [
      `void ${p}_${scalar}(${params}) {`,
      ...plan.inputs.flatMap((t, k) => [
        `    ${t.typeName} fx_in${k}[${t.sizeExpr}];`,
        `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) fx_in${k}[i] = in${k}[i];`,
      ]),
      ...plan.outputs.map((t, k) => `    ${t.typeName} fx_out${k}[${t.sizeExpr}];`),
      `    ::${p}(${args.join(', ')});`,
      ...plan.outputs.map(
        (t, k) =>
          `    for (std::size_t i = 0; i < static_cast<std::size_t>(${t.sizeExpr}); i++) out${k}[i] = static_cast<${scalar}>(fx_out${k}[i].to_double());`,
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

/** Shortest decimal that reads back (as a double, then rounded to float) as the float32 of `v`. */
export function float32Text(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  for (let digits = 1; digits <= 9; digits++) {
    const s = f.toPrecision(digits);
    if (Math.fround(Number(s)) === f) return normalizeNumber(s);
  }
  return normalizeNumber(f.toPrecision(9));
}

/** Shortest round-trip decimal of a double. */
export function float64Text(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return normalizeNumber(String(v));
}

/** '1.50' → '1.5', '2.0e+3' → '2e+3'; C's strtod reads every form produced here. */
function normalizeNumber(s: string): string {
  const [mant, exp] = s.split('e') as [string, string | undefined];
  let m = mant;
  if (m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
  return exp === undefined ? m : `${m}e${exp}`;
}

function rowsText(
  rows: readonly (readonly number[])[],
  width: number,
  what: string,
  format: (v: number) => string,
): string {
  return rows
    .map((row, r) => {
      if (row.length !== width) {
        throw new StudioError(
          `${what} row ${r + 1} has ${row.length} values, expected ${width}`,
          `Give every ${what} row ${width} values (all model ${what === 'input' ? 'inputs' : 'outputs'}, flattened, in order).`,
          { op: what },
        );
      }
      return `${row.map(format).join(' ')}\n`;
    })
    .join('');
}

export function writeInputFeatures(plan: VivadoPlan, rows: readonly (readonly number[])[]): string {
  const width = plan.inputs.reduce((a, t) => a + t.size, 0);
  return rowsText(rows, width, 'input', float32Text);
}

export function writeOutputPredictions(plan: VivadoPlan, rows: readonly (readonly number[])[]): string {
  const width = plan.outputs.reduce((a, t) => a + t.size, 0);
  return rowsText(rows, width, 'prediction', float64Text);
}
