/**
 * The Catapult backend: LoweredGraph → the files of an hls4ml-style Siemens Catapult project
 * (hls4ml-facts.md §6.4), as a path → text map in sorted path order. Pure and deterministic.
 *
 * hls4ml's Catapult templates are its Vivado ones on ac types, so the layer calls, configs, weights and
 * testbench come from the Vivado writer and are rewritten to ac types and Catapult pragmas
 * (firmware.ts); the template library is hls/catapult_nnet_utils with the ac_fixed headers of
 * hls/ac_types. Kinds without a Catapult kernel are refused first (support.ts).
 */
import { exportHls4mlYaml } from '../../config/hls4mlConfig';
import type { LoweredGraph } from '../../passes/lowered';
import { StudioError } from '../../errors';
import type { HlsLibrary, ProjectFiles } from '../library';
import { planProject } from '../vivado/plan';
import type { VivadoOptions } from '../vivado';
import { writeParameters } from '../vivado/writeParameters';
import {
  writeBridge,
  writeInputFeatures,
  writeOutputPredictions,
  writeTestbench,
} from '../vivado/writeTestbench';
import { writeTopHeader, writeTopSource } from '../vivado/writeTop';
import { writeWeights } from '../vivado/writeWeights';
import {
  toCatapultTestbench,
  toCatapultText,
  toCatapultTop,
  writeCatapultDefines,
  writeLayerSummary,
} from './firmware';
import { writeCatapultReadme } from './readme';
import { writeCatapultBuildLib, writeCatapultBuildPrjTcl, writeCatapultMakefile } from './scripts';
import {
  catapultStreamTop,
  RECURRENT_STREAM_TEMPLATE,
  SHARED_STREAM_TEMPLATES,
  STREAM_ONLY_LIBRARY_FILES,
  type CatapultChannel,
} from './stream';
import { checkCatapultFirmware, checkCatapultSupport } from './support';

/** Library folders copied into firmware/ (source folder in hls/ → folder in firmware/). */
const LIBRARY_FOLDERS: readonly (readonly [string, string])[] = [
  ['catapult_nnet_utils/', 'nnet_utils/'],
  ['ac_types/', 'ac_types/'],
];

/** The recurrent config and gate projection both flavours' nnet_recurrent.h include. */
const RECURRENT_COMMON_TEMPLATE = 'nnet_recurrent_common.h';

/**
 * Flavour-neutral templates of the Vivado library, shipped as they are: their default types and pragmas
 * come from the flavour's nnet_common.h (nnet::default_t, fixed_t, NNET_PIPELINE, ...), which the Catapult
 * library provides on ac types. hls/catapult_nnet_utils only holds what differs for Catapult.
 */
const SHARED_TEMPLATES = [
  'nnet_activation_direct.h',
  'nnet_basics.h',
  'nnet_batchnorm.h',
  'nnet_batchnorm_quantized_tanh.h',
  'nnet_conv1d.h',
  'nnet_conv2d.h',
  'nnet_dense.h',
  'nnet_dense_latency.h',
  'nnet_dense_resource.h',
  'nnet_depthwise.h',
  'nnet_embed.h',
  'nnet_image.h',
  'nnet_merge.h',
  'nnet_mult.h',
  'nnet_padding.h',
  'nnet_pooling.h',
  'nnet_sepconv.h',
  'nnet_time_distributed.h',
  'nnet_trace.h',
  'nnet_transpose.h',
];

export function generateCatapultProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: VivadoOptions = {},
): ProjectFiles {
  if (lowered.family !== 'ac') {
    throw new StudioError('the Catapult backend needs ac_fixed types', 'Lower the graph for Catapult.', {
      op: 'Backend',
    });
  }
  checkCatapultSupport(lowered);
  // The plan only names things; its one family check is the Vivado writer's, so plan an ap view.
  const plan = planProject({ ...lowered, family: 'ap' });
  const p = plan.projectName;
  const files = new Map<string, string>();
  // io_stream: the layers' FIFOs become ac_channels, their depths build_prj.tcl directives (stream.ts)
  const stream = lowered.config.ioType === 'io_stream';
  let top = writeTopSource(plan);
  let channels: CatapultChannel[] = [];
  if (stream) ({ text: top, channels } = catapultStreamTop(top));
  // the recurrent kernels ship only with a recurrent layer (projects without one keep their bytes)
  const recurrent = lowered.layers.some((l) => l.kind === 'LSTM' || l.kind === 'GRU');
  const recurrentTemplates = recurrent
    ? [RECURRENT_COMMON_TEMPLATE, ...(stream ? [RECURRENT_STREAM_TEMPLATE] : [])]
    : [];
  const templates = [...SHARED_TEMPLATES, ...(stream ? SHARED_STREAM_TEMPLATES : []), ...recurrentTemplates];

  files.set(`firmware/${p}.cpp`, toCatapultTop(plan, top));
  files.set(`firmware/${p}.h`, toCatapultText(writeTopHeader(plan)));
  files.set('firmware/defines.h', writeCatapultDefines(plan));
  files.set('firmware/parameters.h', toCatapultText(writeParameters(plan)));
  files.set('firmware/layer_summary.txt', writeLayerSummary(plan));
  const nnet = new Set([
    ...[...library.keys()].filter((k) => k.startsWith('catapult_nnet_utils/')).map((k) => k.slice(20)),
    ...templates,
  ]);
  checkCatapultFirmware(files.get(`firmware/${p}.cpp`)!, nnet, `firmware/${p}.cpp`);
  checkCatapultFirmware(files.get('firmware/parameters.h')!, nnet, 'firmware/parameters.h');
  writeWeights(plan, files);
  for (const name of templates) {
    const text = library.get(`nnet_utils/${name}`);
    if (text !== undefined) files.set(`firmware/nnet_utils/${name}`, text);
  }
  for (const [path, text] of library) {
    if (path.split('/').includes('..') || (!stream && STREAM_ONLY_LIBRARY_FILES.has(path))) continue;
    if (!recurrent && path === 'catapult_nnet_utils/nnet_recurrent.h') continue;
    for (const [from, to] of LIBRARY_FOLDERS) {
      if (path.startsWith(from)) files.set(`firmware/${to}${path.slice(from.length)}`, text);
    }
  }
  files.set(`${p}_test.cpp`, toCatapultTestbench(plan, writeTestbench(plan)));
  files.set(`${p}_bridge.cpp`, toCatapultText(writeBridge(plan)));
  files.set('build_prj.tcl', writeCatapultBuildPrjTcl(plan, channels));
  files.set('build_lib.sh', writeCatapultBuildLib(plan));
  files.set('Makefile', writeCatapultMakefile(plan));
  files.set('hls4ml_config.yml', exportHls4mlYaml(lowered.config));
  if (options.inputs) files.set('tb_data/tb_input_features.dat', writeInputFeatures(plan, options.inputs));
  if (options.predictions) {
    files.set('tb_data/tb_output_predictions.dat', writeOutputPredictions(plan, options.predictions));
  }
  files.set(
    'README.md',
    writeCatapultReadme(plan, options.inputs !== undefined, options.predictions !== undefined),
  );
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
