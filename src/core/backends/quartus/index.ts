/**
 * The Quartus backend: LoweredGraph → the files of an hls4ml-style Intel Quartus HLS project
 * (hls4ml-facts.md §6.2) as a path → text map in sorted path order. It reuses the Vivado plan (names,
 * sizes, weights) with ac types, and ships our Quartus templates (hls/quartus_nnet_utils) as
 * firmware/nnet_utils and our ac headers as firmware/ac_types. Pure and deterministic.
 */
import { exportHls4mlYaml } from '../../config/hls4mlConfig';
import { StudioError } from '../../errors';
import { quartusRefusal } from '../../ir/quartusSupport';
import type { LoweredGraph } from '../../passes/lowered';
import type { HlsLibrary, ProjectFiles } from '../library';
import { planProject, type VivadoOptions } from '../vivado';
import { writeInputFeatures, writeOutputPredictions } from '../vivado/writeTestbench';
import { writeIntelWeights } from './weights';
import { TABLE_DIR, layerTables } from './layers';
import { writeQuartusDefines, writeQuartusTopHeader, writeQuartusTopSource } from './writeFirmware';
import { writeQuartusParameters } from './writeParameters';
import { writeQuartusBuildLib, writeQuartusMakefile, writeQuartusReadme } from './writeScripts';
import { writeQuartusBridge, writeQuartusTestbench } from './writeTestbench';
import { checkQuartusStream } from './stream';
import {
  writeQuartusStreamBridge,
  writeQuartusStreamParameters,
  writeQuartusStreamReadme,
  writeQuartusStreamTestbench,
  writeQuartusStreamTopHeader,
  writeQuartusStreamTopSource,
} from './writeStream';

/** Library folder → project folder. */
const LIBRARY_FOLDERS: readonly [string, string][] = [
  ['quartus_nnet_utils/', 'firmware/nnet_utils/'],
  ['ac_types/', 'firmware/ac_types/'],
];
/** The io_stream kernels, only in io_stream projects (io_parallel ones stay as they were). */
const STREAM_FOLDER: [string, string] = ['quartus_stream_utils/', 'firmware/nnet_utils/'];

export function generateQuartusProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: VivadoOptions = {},
): ProjectFiles {
  const stream = lowered.config.ioType === 'io_stream';
  if (!stream && lowered.config.ioType !== 'io_parallel') {
    throw new StudioError(
      `${String(lowered.config.ioType)} Quartus projects are not generated yet`,
      'Choose io_parallel or io_stream for the Quartus backend.',
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
    );
    if (refusal) throw refusal;
  }
  if (stream) checkQuartusStream(lowered);
  // The plan (names, sizes, weights) is io_parallel's; the stream pieces come from ./writeStream.ts.
  const plan = planProject(
    stream ? { ...lowered, config: { ...lowered.config, ioType: 'io_parallel' } } : lowered,
    'ac',
  );
  const p = plan.projectName;
  const files = new Map<string, string>();

  files.set(`firmware/${p}.cpp`, (stream ? writeQuartusStreamTopSource : writeQuartusTopSource)(plan));
  files.set(`firmware/${p}.h`, (stream ? writeQuartusStreamTopHeader : writeQuartusTopHeader)(plan));
  files.set('firmware/defines.h', writeQuartusDefines(plan));
  files.set('firmware/parameters.h', (stream ? writeQuartusStreamParameters : writeQuartusParameters)(plan));
  const weights = new Map<string, string>();
  writeIntelWeights(plan, weights);
  // hls4ml's Quartus writer has no .txt weights: the arrays are compiled in.
  for (const [path, text] of weights) if (path.endsWith('.h')) files.set(path, text);
  for (const layer of plan.layers) {
    for (const [name, text] of layerTables(layer)) files.set(`firmware/${TABLE_DIR}/${name}`, text);
  }
  for (const [path, text] of library) {
    if (path.split('/').includes('..')) continue;
    for (const [from, to] of stream ? [...LIBRARY_FOLDERS, STREAM_FOLDER] : LIBRARY_FOLDERS) {
      if (path.startsWith(from)) files.set(`${to}${path.slice(from.length)}`, text);
    }
  }
  files.set(`${p}_test.cpp`, (stream ? writeQuartusStreamTestbench : writeQuartusTestbench)(plan));
  files.set(`${p}_bridge.cpp`, (stream ? writeQuartusStreamBridge : writeQuartusBridge)(plan));
  files.set('Makefile', writeQuartusMakefile(plan));
  files.set('build_lib.sh', writeQuartusBuildLib(plan));
  files.set('hls4ml_config.yml', exportHls4mlYaml(lowered.config));
  if (options.inputs) files.set('tb_data/tb_input_features.dat', writeInputFeatures(plan, options.inputs));
  if (options.predictions) {
    files.set('tb_data/tb_output_predictions.dat', writeOutputPredictions(plan, options.predictions));
  }
  files.set(
    'README.md',
    (stream ? writeQuartusStreamReadme : writeQuartusReadme)(
      plan,
      options.inputs !== undefined,
      options.predictions !== undefined,
    ),
  );

  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
