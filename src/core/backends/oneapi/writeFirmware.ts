/**
 * src/firmware/<project>.h and src/firmware/<project>.cpp of a oneAPI project. The layer code is the
 * Quartus one (same templates, same calls) in a plain function `<project>(inputdat)`; only under
 * `icpx -fsycl` (SYCL_LANGUAGE_VERSION defined) the header adds the kernel struct and its host pipes and
 * the source adds the kernel body, which reads one `inputdat` from the input pipe, runs that function and
 * writes the `outputdat` to the output pipe. Under g++ the same function is the C simulation.
 */
import type { VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText } from '../vivado/text';
import { body, dataStructs, topHeaderOpen, topSourceOpen } from '../quartus/writeFirmware';

/** The C++ names of the SYCL pieces, all derived from the (sanitized) project name. */
export function syclNames(plan: VivadoPlan): { kernel: string; inPipe: string; outPipe: string } {
  const p = plan.projectName;
  return { kernel: `${p}_kernel`, inPipe: `${p}_input_pipe`, outPipe: `${p}_output_pipe` };
}

/** A host pipe `name` of `depth` words of `payload`. */
export interface HostPipe {
  readonly name: string;
  readonly payload: string;
  readonly depth: number;
}

/**
 * The header's SYCL-only part: the host pipes (after `pipesNote`) and the kernel struct (after
 * `kernelNote`), a streaming, pipelined IP.
 */
export function syclDeclarations(
  plan: VivadoPlan,
  pipesNote: string,
  pipes: readonly HostPipe[],
  kernelNote: string,
): string[] {
  return [
    '#ifdef SYCL_LANGUAGE_VERSION',
    '#include <sycl/sycl.hpp>',
    '#include <sycl/ext/intel/fpga_extensions.hpp>',
    '',
    pipesNote,
    'using nnet_pipe_props = decltype(sycl::ext::oneapi::experimental::properties(',
    '    sycl::ext::intel::experimental::ready_latency<0>));',
    ...pipes.flatMap((x) => [
      `class ${x.name}_id;`,
      `using ${x.name} = sycl::ext::intel::experimental::pipe<${x.name}_id, ${x.payload}, ${x.depth}, nnet_pipe_props>;`,
    ]),
    '',
    kernelNote,
    `struct ${syclNames(plan).kernel} {`,
    '    auto get(sycl::ext::oneapi::experimental::properties_tag) {',
    '        return sycl::ext::oneapi::experimental::properties{',
    '            sycl::ext::intel::experimental::streaming_interface<>,',
    '            sycl::ext::intel::experimental::pipelined<>};',
    '    }',
    '    SYCL_EXTERNAL void operator()() const;',
    '};',
    '#endif',
  ];
}

export function writeOneApiTopHeader(plan: VivadoPlan): string {
  const p = plan.projectName;
  const s = syclNames(plan);
  return fileText([
    ...cppBanner(p, 'the network function, its input and output structs, and the SYCL kernel'),
    ...topHeaderOpen(),
    ...dataStructs(plan),
    '',
    '// One inference: the layer code, shared by the SYCL kernel and the g++ C simulation',
    `outputdat ${p}(inputdat inputs);`,
    '',
    ...syclDeclarations(
      plan,
      '// Host pipes carry one whole inputdat / outputdat per inference (io_parallel).',
      [
        { name: s.inPipe, payload: 'inputdat', depth: 0 },
        { name: s.outPipe, payload: 'outputdat', depth: 0 },
      ],
      '// The kernel: a streaming, pipelined IP reading its inputs from and writing its outputs to the pipes',
    ),
    '',
    '#endif',
  ]);
}

export function writeOneApiTopSource(plan: VivadoPlan): string {
  const p = plan.projectName;
  const s = syclNames(plan);
  return fileText([
    ...topSourceOpen(plan, 'the network function and the SYCL kernel around it'),
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
