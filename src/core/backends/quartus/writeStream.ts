/**
 * The files of a Quartus io_stream project that differ from io_parallel: the component with streaming
 * ports (firmware/<project>.h / .cpp), parameters.h with the stream headers and io_type io_stream, and
 * the testbench and bridge that feed and drain the ports word by word. The testbench keeps the io_parallel
 * contract (writeTestbench.ts): one sample per line in, one line of exact values per sample out.
 */
import { bridgeParams, externCWrappers, type BridgeScalar } from '../testbenchText';
import type { PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';
import { quartusPack, streamBody, streamInclude, streamPorts, streamType, wordType } from './stream';
import { topHeaderOpen, topSourceOpen } from './writeFirmware';
import { writeQuartusParameters } from './writeParameters';
import { writeQuartusReadme } from './writeScripts';
import { writeQuartusTestbench } from './writeTestbench';

/** The shape of a planned tensor (the oneAPI stream writer shares the helpers down to callArgs). */
export function shapeOf(plan: VivadoPlan, t: PlannedTensor): readonly number[] {
  return plan.layers.find((p) => p.output === t)!.lowered.outputShape;
}

export function writeQuartusStreamTopHeader(plan: VivadoPlan): string {
  return fileText([
    ...cppBanner(plan.projectName, 'the streaming component'),
    ...topHeaderOpen(['#include "nnet_utils/nnet_stream.h"']),
    '// Every model input arrives on a stream_in port and every output leaves on a stream_out port, in',
    "// words of nnet::array<T, N> (one pixel's channels; a 1-d tensor is one word). The component is",
    '// synthesised by i++ (a plain function under g++).',
    `component void ${plan.projectName}(`,
    `    ${streamPorts(plan).join(',\n    ')});`,
    '',
    '#endif',
  ]);
}

export function writeQuartusStreamTopSource(plan: VivadoPlan): string {
  return fileText([
    ...topSourceOpen(plan, 'top-level streaming component'),
    `component void ${plan.projectName}(`,
    `    ${streamPorts(plan).join(',\n    ')}) {`,
    ...streamBody(plan),
    '}',
  ]);
}

/** parameters.h of io_parallel, with the stream headers, io_type io_stream and global pooling's accum_t. */
export function writeQuartusStreamParameters(plan: VivadoPlan): string {
  let text = writeQuartusParameters(plan).replaceAll(
    'io_type = nnet::io_parallel;',
    'io_type = nnet::io_stream;',
  );
  const headers = [...new Set(plan.layers.map(streamInclude).filter((h): h is string => h !== null))]
    .sort()
    .map((h) => `#include "nnet_utils/${h}"\n`)
    .join('');
  text = text.replace('\n// Weights\n', `${headers}\n// Weights\n`);
  for (const p of plan.layers) {
    if (p.lowered.kind !== 'GlobalPooling') continue;
    const head = `struct ${p.configName} : nnet::pooling2d_config {\n`;
    text = text.replace(head, `${head}    typedef ${p.typedefs['accum_t']!.name} accum_t;\n`);
  }
  return text;
}

/** Statements that fill port variable `v` of tensor t from `src[offset++]`, word by word. */
function fill(plan: VivadoPlan, t: PlannedTensor, v: string, src: string, indent: string): string[] {
  const shape = shapeOf(plan, t);
  const w = wordType(t, shape);
  return [
    `${indent}for (std::size_t i = 0; i < ${t.size / quartusPack(shape)}; i++) {`,
    `${indent}    ${w} word;`,
    `${indent}    for (std::size_t j = 0; j < ${quartusPack(shape)}; j++) word[j] = ${src};`,
    `${indent}    ${v}.write(word);`,
    `${indent}}`,
  ];
}

/** Statements that drain port variable `v` of tensor t, calling `sink(value)` per value. */
function drain(plan: VivadoPlan, t: PlannedTensor, v: string, sink: string, indent: string): string[] {
  const shape = shapeOf(plan, t);
  const w = wordType(t, shape);
  return [
    `${indent}for (std::size_t i = 0; i < ${t.size / quartusPack(shape)}; i++) {`,
    `${indent}    const ${w} word = ${v}.read();`,
    `${indent}    for (std::size_t j = 0; j < ${quartusPack(shape)}; j++) ${sink};`,
    `${indent}}`,
  ];
}

/** The port variables in0, … and out0, … of the component. */
export function portDecls(plan: VivadoPlan, indent: string): string[] {
  return [
    ...plan.inputs.map((t, k) => `${indent}${streamType('stream_in', t, shapeOf(plan, t))} in${k};`),
    ...plan.outputs.map((t, k) => `${indent}${streamType('stream_out', t, shapeOf(plan, t))} out${k};`),
  ];
}

/** The port variables as the arguments of a call to the component. */
export function callArgs(plan: VivadoPlan): string {
  return [...plan.inputs.map((_, k) => `in${k}`), ...plan.outputs.map((_, k) => `out${k}`)].join(', ');
}

export function writeQuartusStreamTestbench(plan: VivadoPlan): string {
  const indent = '        ';
  return writeQuartusTestbench(
    plan,
    {
      run: [
        ...portDecls(plan, indent),
        ...plan.inputs.flatMap((t, k) => fill(plan, t, `in${k}`, 'sample[offset++]', indent)),
        `${indent}${plan.projectName}(${callArgs(plan)});`,
      ],
      print: plan.outputs.flatMap((t, k) =>
        drain(plan, t, `out${k}`, 'write_value(results, first, word[j].to_double())', indent),
      ),
    },
    'C-simulation testbench (io_stream)',
  );
}

/** extern "C" wrappers taking float or double arrays, for the shared library of build_lib.sh. */
export function writeQuartusStreamBridge(plan: VivadoPlan): string {
  const p = plan.projectName;
  const wrapper = (scalar: BridgeScalar): string[] => {
    return [
      `void ${p}_${scalar}(${bridgeParams(plan, scalar, '_values')}) {`,
      ...portDecls(plan, '    '),
      ...plan.inputs.flatMap((t, k) => [
        '    {',
        '        std::size_t n = 0;',
        ...fill(plan, t, `in${k}`, `in${k}_values[n++]`, '        '),
        '    }',
      ]),
      `    ${p}(${callArgs(plan)});`,
      ...plan.outputs.flatMap((t, k) => [
        '    {',
        '        std::size_t n = 0;',
        ...drain(
          plan,
          t,
          `out${k}`,
          `out${k}_values[n++] = static_cast<${scalar}>(word[j].to_double())`,
          '        ',
        ),
        '    }',
      ]),
      '}',
    ];
  };
  return fileText([
    ...cppBanner(p, 'C entry points for the shared library built by build_lib.sh (io_stream)'),
    `// ${p}_float / ${p}_double take the inputs and outputs as plain arrays (inputs first, in order),`,
    '// stream them into the component word by word and convert the results back.',
    '#include <cstddef>',
    '',
    `#include "firmware/${p}.h"`,
    '',
    ...externCWrappers(wrapper),
  ]);
}

/** README.md of io_parallel, with the streaming component described. */
export function writeQuartusStreamReadme(
  plan: VivadoPlan,
  hasInputs: boolean,
  hasPredictions: boolean,
): string {
  const p = plan.projectName;
  const parallel = `- \`firmware/${p}.cpp\`, \`firmware/${p}.h\`: the component and its \`inputdat\` / \`outputdat\` structs`;
  const stream = [
    `- \`firmware/${p}.cpp\`, \`firmware/${p}.h\`: the component (io_stream): each input arrives on a`,
    '  `stream_in` port and each output leaves on a `stream_out` port, in words of `nnet::array<T, N>` (one',
    "  pixel's channels; a 1-d tensor is one word); `ihc::` streams under i++, a FIFO of",
    '  `firmware/nnet_utils/nnet_stream.h` under g++',
  ].join('\n');
  return writeQuartusReadme(plan, hasInputs, hasPredictions).replace(parallel, stream);
}
