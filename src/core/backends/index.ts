/** Project generation, dispatched on the configured backend. */
import { StudioError } from '../errors';
import type { LoweredGraph } from '../passes/lowered';
import type { HlsLibrary, ProjectFiles } from './library';
import { generateVivadoProject, type VivadoOptions } from './vivado';
import { generateVitisProject } from './vitis';

export type { HlsLibrary, ProjectFiles } from './library';

export type ProjectOptions = VivadoOptions;

export function generateProject(
  lowered: LoweredGraph,
  library: HlsLibrary,
  options: ProjectOptions = {},
): ProjectFiles {
  const backend = lowered.config.backend;
  switch (backend) {
    case 'Vivado':
      return generateVivadoProject(lowered, library, options);
    case 'Vitis':
      return generateVitisProject(lowered, library, options);
    default:
      throw new StudioError(
        `${backend} projects cannot be generated yet`,
        'Choose Vivado or Vitis for now; the Quartus, Catapult and oneAPI project writers are still being built.',
        { op: 'Backend' },
      );
  }
}
