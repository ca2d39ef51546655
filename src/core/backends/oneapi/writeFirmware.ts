/**
 * src/firmware/<project>.h and src/firmware/<project>.cpp of a oneAPI project. The layer code is the
 * Quartus one (same templates, same calls) in a plain function `<project>(inputdat)`; only under
 * `icpx -fsycl` (SYCL_LANGUAGE_VERSION defined) the header adds the kernel struct and its host pipes and
 * the source adds the kernel body, which reads one `inputdat` from the input pipe, runs that function and
 * writes the `outputdat` to the output pipe. Under g++ the same function is the C simulation.
 */
import { commentText } from '../sanitize';
import type { PlannedTensor, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';
import { body } from '../quartus/writeFirmware';

/** The C++ names of the SYCL pieces, all derived from the (sanitized) project name. */
export function syclNames(plan: VivadoPlan): { kernel: string; inPipe: string; outPipe: string } {
  const p = plan.projectName;
  return { kernel: `${p}_kernel`, inPipe: `${p}_input_pipe`, outPipe: `${p}_output_pipe` };
}

export function writeOneApiTopHeader(plan: VivadoPlan): string {
  const p = plan.projectName;
  const s = syclNames(plan);
  const member = (t: PlannedTensor): string => `    ${t.typeName} ${t.varName}[${t.sizeExpr}];`;
  return fileText([
    ...cppBanner(p, 'the network function, its input and output structs, and the SYCL kernel'),
    '#ifndef NNET_PROJECT_TOP_H_',
    '#define NNET_PROJECT_TOP_H_',
    '',
    '#include "defines.h"',
    '',
    '// Every model input, in order',
    'struct inputdat {',
    ...plan.inputs.map(member),
    '};',
    '',
    '// Every model output, in order',
    'struct outputdat {',
    ...plan.outputs.map(member),
    '};',
    '',
    '// One inference: the layer code, shared by the SYCL kernel and the g++ C simulation',
    `outputdat ${p}(inputdat inputs);`,
    '',
    '#ifdef SYCL_LANGUAGE_VERSION',
    '#include <sycl/sycl.hpp>',
    '#include <sycl/ext/intel/fpga_extensions.hpp>',
    '',
    '// Host pipes carry one whole inputdat / outputdat per inference (io_parallel).',
    'using nnet_pipe_props = decltype(sycl::ext::oneapi::experimental::properties(',
    '    sycl::ext::intel::experimental::ready_latency<0>));',
    `class ${s.inPipe}_id;`,
    `using ${s.inPipe} = sycl::ext::intel::experimental::pipe<${s.inPipe}_id, inputdat, 0, nnet_pipe_props>;`,
    `class ${s.outPipe}_id;`,
    `using ${s.outPipe} = sycl::ext::intel::experimental::pipe<${s.outPipe}_id, outputdat, 0, nnet_pipe_props>;`,
    '',
    '// The kernel: a streaming, pipelined IP reading its inputs from and writing its outputs to the pipes',
    `struct ${s.kernel} {`,
    '    auto get(sycl::ext::oneapi::experimental::properties_tag) {',
    '        return sycl::ext::oneapi::experimental::properties{',
    '            sycl::ext::intel::experimental::streaming_interface<>,',
    '            sycl::ext::intel::experimental::pipelined<>};',
    '    }',
    '    SYCL_EXTERNAL void operator()() const;',
    '};',
    '#endif',
    '',
    '#endif',
  ]);
}

export function writeOneApiTopSource(plan: VivadoPlan): string {
  const p = plan.projectName;
  const s = syclNames(plan);
  return fileText([
    ...cppBanner(p, 'the network function and the SYCL kernel around it'),
    `// model: ${commentText(plan.lowered.graph.name)} (${commentText(plan.lowered.graph.format)})`,
    '',
    `#include "${p}.h"`,
    '#include "parameters.h"',
    '',
    `outputdat ${p}(inputdat inputs) {`,
    '    hls_register outputdat outputs;',
    '',
    ...plan.layers.filter((l) => l.lowered.kind !== 'Input').flatMap((l) => body(plan, l)),
    '    return outputs;',
    '}',
    '',
    '#ifdef SYCL_LANGUAGE_VERSION',
    `void ${s.kernel}::operator()() const {`,
    `    const inputdat inputs = ${s.inPipe}::read();`,
    `    ${s.outPipe}::write(${p}(inputs));`,
    '}',
    '#endif',
  ]);
}
