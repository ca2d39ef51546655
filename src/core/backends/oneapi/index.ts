/**
 * The oneAPI backend: LoweredGraph → the files of an hls4ml-style Intel oneAPI project
 * (hls4ml-facts.md §6.3) as a path → text map in sorted path order. oneAPI runs the Quartus kernels
 * ported to SYCL (fixed-point.md §7.2), so this writer reuses the Quartus pieces (defines, layer
 * configurations, calls and tables, hls/quartus_nnet_utils) under src/, wraps the network function in a
 * SYCL kernel with host pipes, and builds with CMake (icpx) or, for the C simulation, a Makefile (g++).
 * Pure and deterministic.
 */
import { exportHls4mlYaml } from '../../config/hls4mlConfig';
import { StudioError } from '../../errors';
import { quartusRefusal } from '../../ir/quartusSupport';
import type { LoweredGraph } from '../../passes/lowered';
import type { HlsLibrary, ProjectFiles } from '../library';
import { planProject, type VivadoOptions } from '../vivado';
import { cppBanner, fileText } from '../vivado/text';
import { writeInputFeatures, writeOutputPredictions } from '../vivado/writeTestbench';
import { writeIntelWeights } from '../quartus/weights';
import { TABLE_DIR, layerTables } from '../quartus/layers';
import { writeQuartusDefines } from '../quartus/writeFirmware';
import { writeQuartusParameters } from '../quartus/writeParameters';
import { writeOneApiCMake, writeOneApiMakefile } from './writeBuild';
import { writeOneApiTopHeader, writeOneApiTopSource } from './writeFirmware';
import { writeOneApiReadme } from './writeReadme';
import { writeExceptionHandler, writeOneApiBridge, writeOneApiTestbench } from './writeTestbench';
import { checkQuartusStream } from '../quartus/stream';
import { writeQuartusStreamParameters } from '../quartus/writeStream';
import {
  streamInferFunction,
  writeOneApiStreamReadme,
  writeOneApiStreamTopHeader,
  writeOneApiStreamTopSource,
} from './writeStream';

/** Library folder → project folder. */
const LIBRARY_FOLDERS: readonly [string, string][] = [
  ['quartus_nnet_utils/', 'src/firmware/nnet_utils/'],
  ['ac_types/', 'src/firmware/ac_types/'],
];
/** The io_stream kernels, only in io_stream projects (io_parallel ones stay as they were). */
const STREAM_FOLDER: [string, string] = ['quartus_stream_utils/', 'src/firmware/nnet_utils/'];

/** hls4ml generates nnet_code_gen.h for its im2col / Winograd helpers; our templates need none. */
function writeCodeGen(project: string): string {
  return fileText([
    ...cppBanner(project, 'generated helper code (none needed: im2col is in the templates)'),
    '#ifndef NNET_CODE_GEN_H_',
    '#define NNET_CODE_GEN_H_',
    '',
    '#include "nnet_common.h"',
    '',
    '#endif',
  ]);
}

export function generateOneApiProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: VivadoOptions = {},
): ProjectFiles {
  const stream = lowered.config.ioType === 'io_stream';
  if (!stream && lowered.config.ioType !== 'io_parallel') {
    throw new StudioError(
      `${String(lowered.config.ioType)} oneAPI projects are not generated yet`,
      'Choose io_parallel or io_stream for the oneAPI backend.',
      { op: 'IOType' },
    );
  }
  for (const l of lowered.layers) {
    const src = lowered.layers.find((x) => x.name === l.inputs[0]);
    const refusal = quartusRefusal(
      l.layer,
      l.softmax?.implementation ?? null,
      l.outputShape,
      src?.types['result_t'] ?? null,
      'oneAPI',
    );
    if (refusal) throw refusal;
  }
  if (stream) checkQuartusStream(lowered, 'oneAPI');
  // The plan (names, sizes, weights) is io_parallel's; the stream pieces come from ./writeStream.ts.
  const plan = planProject(
    stream ? { ...lowered, config: { ...lowered.config, ioType: 'io_parallel' } } : lowered,
    'ac',
  );
  const p = plan.projectName;
  const files = new Map<string, string>();

  files.set(`src/firmware/${p}.cpp`, (stream ? writeOneApiStreamTopSource : writeOneApiTopSource)(plan));
  files.set(`src/firmware/${p}.h`, (stream ? writeOneApiStreamTopHeader : writeOneApiTopHeader)(plan));
  files.set('src/firmware/defines.h', writeQuartusDefines(plan));
  files.set(
    'src/firmware/parameters.h',
    (stream ? writeQuartusStreamParameters : writeQuartusParameters)(plan),
  );
  const weights = new Map<string, string>();
  writeIntelWeights(plan, weights);
  // Like Quartus, the weights are compiled in: no .txt files.
  for (const [path, text] of weights) if (path.endsWith('.h')) files.set(`src/${path}`, text);
  for (const layer of plan.layers) {
    for (const [name, text] of layerTables(layer)) files.set(`src/firmware/${TABLE_DIR}/${name}`, text);
  }
  for (const [path, text] of library) {
    if (path.split('/').includes('..')) continue;
    for (const [from, to] of stream ? [...LIBRARY_FOLDERS, STREAM_FOLDER] : LIBRARY_FOLDERS) {
      if (path.startsWith(from)) files.set(`${to}${path.slice(from.length)}`, text);
    }
  }
  files.set('src/firmware/nnet_utils/nnet_code_gen.h', writeCodeGen(p));
  const infer = stream ? streamInferFunction : undefined;
  files.set(`src/${p}_test.cpp`, writeOneApiTestbench(plan, infer));
  files.set(`src/${p}_bridge.cpp`, writeOneApiBridge(plan, infer));
  files.set('src/exception_handler.hpp', writeExceptionHandler(plan));
  files.set('CMakeLists.txt', writeOneApiCMake(plan));
  files.set('Makefile', writeOneApiMakefile(plan));
  files.set('hls4ml_config.yml', exportHls4mlYaml(lowered.config));
  if (options.inputs) files.set('tb_data/tb_input_features.dat', writeInputFeatures(plan, options.inputs));
  if (options.predictions) {
    files.set('tb_data/tb_output_predictions.dat', writeOutputPredictions(plan, options.predictions));
  }
  files.set(
    'README.md',
    (stream ? writeOneApiStreamReadme : writeOneApiReadme)(
      plan,
      options.inputs !== undefined,
      options.predictions !== undefined,
    ),
  );

  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
