/** Project generation, dispatched on the configured backend. */
import { StudioError } from '../errors';
import type { LoweredGraph } from '../passes/lowered';
import type { HlsLibrary, ProjectFiles } from './library';
import { generateVivadoProject, type VivadoOptions } from './vivado';
import { generateVitisProject } from './vitis';
import { generateQuartusProject } from './quartus';
import { generateCatapultProject } from './catapult';
import { generateOneApiProject } from './oneapi';

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
    case 'Catapult':
      return generateCatapultProject(lowered, library, options);
    case 'Quartus':
      return generateQuartusProject(lowered, library, options);
    case 'oneAPI':
      return generateOneApiProject(lowered, library, options);
    default:
      throw new StudioError(
        `${String(backend)} projects cannot be generated`,
        'Choose Vivado, Vitis, Quartus, Catapult or oneAPI.',
        { op: 'Backend' },
      );
  }
}
