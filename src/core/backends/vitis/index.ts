/**
 * The Vitis backend: hls4ml's Vitis writer is a subclass of the Vivado one (hls4ml-facts.md §5.3, §6.1),
 * so this reuses the Vivado project and replaces what differs: project.tcl says `backend "vitis"` and
 * defaults the clock uncertainty to 27%; build_prj.tcl is run with `vitis-run --tcl build_prj.tcl
 * --mode hls` (Vitis ≥ 2023.2) or `vitis_hls -f build_prj.tcl` and takes its options from build_opt.tcl
 * (vitis-run passes no arguments to the script); the Makefile and README name the Vitis commands.
 * Kernels, types and the testbench are the Vivado ones (fixed-point.md §6: numerically the same).
 */
import type { LoweredGraph } from '../../passes/lowered';
import type { HlsLibrary, ProjectFiles } from '../library';
import { generateVivadoProject, planProject, type VivadoOptions } from '../vivado';
import { writeProjectTcl } from '../vivado/writeScripts';
import {
  writeVitisBuildOptTcl,
  writeVitisBuildPrjTcl,
  writeVitisMakefile,
  writeVitisReadme,
  writeVitisSynthTcl,
} from './scripts';

export const VITIS_DEFAULT_UNCERTAINTY = '27%';

export function generateVitisProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: VivadoOptions = {},
): ProjectFiles {
  const plan = planProject(lowered);
  const files = new Map(generateVivadoProject(lowered, library, options));
  files.set('project.tcl', writeProjectTcl(plan, 'vitis', VITIS_DEFAULT_UNCERTAINTY));
  files.set('build_opt.tcl', writeVitisBuildOptTcl());
  files.set('build_prj.tcl', writeVitisBuildPrjTcl());
  files.set('vivado_synth.tcl', writeVitisSynthTcl());
  files.set('Makefile', writeVitisMakefile(plan));
  files.set('README.md', writeVitisReadme(plan, files.get('README.md') ?? ''));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
