/**
 * The pieces of a oneAPI io_stream project that differ from io_parallel. The network is the Quartus
 * io_stream body (the same stream kernels, hls/quartus_stream_utils) in a plain function over
 * `nnet::stream_in` / `nnet::stream_out` words; only under `icpx -fsycl` (SYCL_LANGUAGE_VERSION) the
 * header adds one host pipe per model input and output, carrying one word (one pixel's channels) per
 * read or write, and the kernel that moves the words between those pipes and the network's streams.
 * The testbench and bridge keep the io_parallel ones (inputdat / outputdat per sample) with an `infer`
 * that streams the words in and out: through the kernel under SYCL, a plain call under g++.
 */
import { quartusPack, streamBody, streamPorts, wordType } from '../quartus/stream';
import { dataStructs, topHeaderOpen, topSourceOpen } from '../quartus/writeFirmware';
import { callArgs, portDecls, shapeOf } from '../quartus/writeStream';
import type { PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';
import { syclDeclarations, syclNames } from './writeFirmware';
import { writeOneApiReadme } from './writeReadme';

/** Host pipe names, derived from the (sanitized) project name: the io_parallel ones for the first. */
function pipeName(plan: VivadoPlan, dir: 'in' | 'out', k: number): string {
  const s = syclNames(plan);
  const base = dir === 'in' ? s.inPipe : s.outPipe;
  return k === 0 ? base : base.replace(/_pipe$/, `${k + 1}_pipe`);
}

interface Port {
  readonly t: PlannedTensor;
  readonly word: string;
  readonly pack: number;
  readonly words: number;
  readonly pipe: string;
}

function ports(plan: VivadoPlan, dir: 'in' | 'out'): Port[] {
  return (dir === 'in' ? plan.inputs : plan.outputs).map((t, k) => {
    const shape = shapeOf(plan, t);
    const pack = quartusPack(shape);
    return { t, word: wordType(t, shape), pack, words: t.size / pack, pipe: pipeName(plan, dir, k) };
  });
}

export function writeOneApiStreamTopHeader(plan: VivadoPlan): string {
  const p = plan.projectName;
  const pipe = (x: Port) => ({ name: x.pipe, payload: x.word, depth: x.words });
  return fileText([
    ...cppBanner(p, 'the streaming network function, the host-side structs, and the SYCL kernel'),
    ...topHeaderOpen(['#include "nnet_utils/nnet_stream.h"']),
    ...dataStructs(plan, '// Every model input, in order (the host side of one inference)'),
    '',
    '// One inference over streams: each input arrives on a stream_in and each output leaves on a',
    "// stream_out, in words of nnet::array<T, N> (one pixel's channels; a 1-d tensor is one word). The",
    '// layer code, shared by the SYCL kernel and the g++ C simulation.',
    `void ${p}(`,
    `    ${streamPorts(plan).join(',\n    ')});`,
    '',
    ...syclDeclarations(
      plan,
      '// Host pipes carry one word per read / write, each as deep as its tensor (io_stream).',
      [...ports(plan, 'in').map(pipe), ...ports(plan, 'out').map(pipe)],
      '// The kernel: reads the input words from the pipes, runs the network, writes the output words',
    ),
    '',
    '#endif',
  ]);
}

export function writeOneApiStreamTopSource(plan: VivadoPlan): string {
  const p = plan.projectName;
  const s = syclNames(plan);
  return fileText([
    ...topSourceOpen(plan, 'the streaming network function and the SYCL kernel around it'),
    `void ${p}(`,
    `    ${streamPorts(plan).join(',\n    ')}) {`,
    ...streamBody(plan),
    '}',
    '',
    '#ifdef SYCL_LANGUAGE_VERSION',
    `void ${s.kernel}::operator()() const {`,
    ...portDecls(plan, '    '),
    ...ports(plan, 'in').map(
      (x, k) => `    for (unsigned i = 0; i < ${x.words}; i++) in${k}.write(${x.pipe}::read());`,
    ),
    `    ${p}(${callArgs(plan)});`,
    ...ports(plan, 'out').map(
      (x, k) => `    for (unsigned i = 0; i < ${x.words}; i++) ${x.pipe}::write(out${k}.read());`,
    ),
    '}',
    '#endif',
  ]);
}

/** `infer(inputs)` for the testbench and bridge: the words of each input in, of each output out. */
export function streamInferFunction(plan: VivadoPlan): string[] {
  const p = plan.projectName;
  const s = syclNames(plan);
  const pack = (x: Port, v: string, sink: (word: string) => string): string[] => [
    `    for (std::size_t i = 0; i < ${x.words}; i++) {`,
    `        ${x.word} word;`,
    `        for (std::size_t j = 0; j < ${x.pack}; j++) word[j] = inputs.${x.t.varName}[i * ${x.pack} + j];`,
    `        ${sink(v)}`,
    '    }',
  ];
  const unpack = (x: Port, source: string): string[] => [
    `    for (std::size_t i = 0; i < ${x.words}; i++) {`,
    `        const ${x.word} word = ${source};`,
    `        for (std::size_t j = 0; j < ${x.pack}; j++) outputs.${x.t.varName}[i * ${x.pack} + j] = word[j];`,
    '    }',
  ];
  return [
    '#ifdef SYCL_LANGUAGE_VERSION',
    'outputdat infer(sycl::queue &q, const inputdat &inputs) {',
    `    sycl::event done = q.single_task(${s.kernel}{});`,
    ...ports(plan, 'in').flatMap((x) => pack(x, x.pipe, (v) => `${v}::write(q, word);`)),
    '    outputdat outputs;',
    ...ports(plan, 'out').flatMap((x) => unpack(x, `${x.pipe}::read(q)`)),
    '    done.wait();',
    '    return outputs;',
    '}',
    '#else',
    'outputdat infer(const inputdat &inputs) {',
    ...portDecls(plan, '    '),
    ...ports(plan, 'in').flatMap((x, k) => pack(x, `in${k}`, (v) => `${v}.write(word);`)),
    `    ${p}(${callArgs(plan)});`,
    '    outputdat outputs;',
    ...ports(plan, 'out').flatMap((x, k) => unpack(x, `out${k}.read()`)),
    '    return outputs;',
    '}',
    '#endif',
  ];
}

/** README.md of io_parallel, with the streaming network and its word pipes described. */
export function writeOneApiStreamReadme(
  plan: VivadoPlan,
  hasInputs: boolean,
  hasPredictions: boolean,
): string {
  const p = plan.projectName;
  return writeOneApiReadme(plan, hasInputs, hasPredictions).replace(
    `\`${p}_kernel\`, which reads one set of inputs from a host pipe and writes the outputs to another. The`,
    `\`${p}_kernel\`, which reads the input words (io_stream: \`nnet::array<T, N>\`, one pixel's channels per\n` +
      'word) from one host pipe per input and writes the output words to one pipe per output; the layers\n' +
      'pass words through `nnet::stream`s (`src/firmware/nnet_utils/nnet_stream.h`). The',
  );
}
