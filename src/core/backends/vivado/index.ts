/**
 * The Vivado backend: LoweredGraph → the files of an hls4ml-style Vivado HLS project (hls4ml-facts.md
 * §6.1), as a path → text map in sorted path order. Pure and deterministic: the same lowered graph,
 * library and options give byte-identical files (no dates, no random stamps).
 */
import { exportHls4mlYaml } from '../../config/hls4mlConfig';
import type { LoweredGraph } from '../../passes/lowered';
import type { HlsLibrary, ProjectFiles } from '../library';
import { planProject } from './plan';
import { writeDefines } from './writeDefines';
import { writeMakefile } from './writeMakefile';
import { writeParameters } from './writeParameters';
import { writeReadme } from './writeReadme';
import { writeBuildLib, writeBuildPrjTcl, writeProjectTcl, writeVivadoSynthTcl } from './writeScripts';
import { writeBridge, writeInputFeatures, writeOutputPredictions, writeTestbench } from './writeTestbench';
import { writeTopHeader, writeTopSource } from './writeTop';
import { writeWeights } from './writeWeights';

export interface VivadoOptions {
  /** Testbench samples (model inputs flattened and concatenated per row): written to tb_data/tb_input_features.dat. */
  readonly inputs?: readonly (readonly number[])[];
  /** Expected outputs per row: written to tb_data/tb_output_predictions.dat. */
  readonly predictions?: readonly (readonly number[])[];
}

/** Library folders copied into firmware/. */
const LIBRARY_FOLDERS = ['nnet_utils/', 'ap_types/'];

export { planProject, projectIdentifier } from './plan';

export function generateVivadoProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: VivadoOptions = {},
): ProjectFiles {
  const plan = planProject(lowered);
  const p = plan.projectName;
  const files = new Map<string, string>();

  files.set(`firmware/${p}.cpp`, writeTopSource(plan));
  files.set(`firmware/${p}.h`, writeTopHeader(plan));
  files.set('firmware/defines.h', writeDefines(plan));
  files.set('firmware/parameters.h', writeParameters(plan));
  writeWeights(plan, files);
  for (const [path, text] of library) {
    if (LIBRARY_FOLDERS.some((f) => path.startsWith(f)) && !path.split('/').includes('..')) {
      files.set(`firmware/${path}`, text);
    }
  }
  files.set(`${p}_test.cpp`, writeTestbench(plan));
  files.set(`${p}_bridge.cpp`, writeBridge(plan));
  files.set('project.tcl', writeProjectTcl(plan));
  files.set('build_prj.tcl', writeBuildPrjTcl());
  files.set('vivado_synth.tcl', writeVivadoSynthTcl());
  files.set('build_lib.sh', writeBuildLib(plan));
  files.set('Makefile', writeMakefile(plan));
  files.set('hls4ml_config.yml', exportHls4mlYaml(lowered.config));
  if (options.inputs) files.set('tb_data/tb_input_features.dat', writeInputFeatures(plan, options.inputs));
  if (options.predictions) {
    files.set('tb_data/tb_output_predictions.dat', writeOutputPredictions(plan, options.predictions));
  }
  files.set('README.md', writeReadme(plan, options.inputs !== undefined, options.predictions !== undefined));

  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
