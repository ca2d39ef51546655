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
        `backend ${backend} arrives with the backends issue; choose Vivado or Vitis`,
        'Quartus, Catapult and oneAPI projects are not generated yet.',
        { op: 'Backend' },
      );
  }
}
