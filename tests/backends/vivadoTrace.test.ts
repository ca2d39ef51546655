// hls4ml's Trace option from an imported config reaches the generated C-sim, and only when it is used.
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig, type DesignConfig } from '../../src/core/config/designConfig';
import { exportHls4mlYaml, importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { lower } from '../../src/core/passes/lower';
import * as G from './graphs';

function files(config: DesignConfig) {
  return generateProject(
    lower(G.mlp(), { ...config, projectName: 'myproject' }),
    loadHlsLibraryFromDisk(),
    {},
  );
}

const YAML = `
Model:
  Precision: ap_fixed<16,6>
  ReuseFactor: 1
  Strategy: Latency
LayerName:
  fc2:
    Trace: true
  tanh2:
    Trace: true
`;

describe('Trace: per-layer outputs in C simulation', () => {
  it('an imported LayerName Trace writes that layer, and only that layer, in the C-sim', () => {
    const config = { ...importHls4mlConfig(YAML), backend: 'Vivado' as const };
    expect(exportHls4mlYaml(config)).toMatch(/fc2:\n\s+Trace: true/);
    const f = files(config);
    const top = f.get('firmware/myproject.cpp')!;
    expect(top).toContain('#include "nnet_utils/nnet_trace.h"');
    const calls = [...top.matchAll(/nnet::trace_output\("(\w+)", (\w+), (\w+)\);/g)].map((m) => m.slice(1));
    expect(calls).toEqual([
      ['fc2', 'layer4_out', 'N_LAYER_4'],
      ['tanh2', 'layer5_out', 'N_LAYER_5'],
    ]);
    // each call sits inside #ifndef __SYNTHESIS__ … #endif
    expect(top.match(/#ifndef __SYNTHESIS__\n\s+nnet::trace_output[^\n]+\n#endif/g)?.length).toBe(2);
    const tb = f.get('myproject_test.cpp')!;
    expect(tb).toContain('nnet::trace_enable(true);');
    expect(tb).toContain('#include "firmware/nnet_utils/nnet_trace.h"');
    expect(f.get('README.md')).toContain('`tb_data/fc2_trace.log`');
  });

  it('model-wide TraceOutput traces every layer but the input', () => {
    const d = defaultConfig('Vivado');
    const top = files({ ...d, model: { ...d.model, trace: true } }).get('firmware/myproject.cpp')!;
    expect(top.match(/nnet::trace_output/g)?.length).toBe(6);
  });

  it('without Trace nothing about tracing is written', () => {
    const f = files(defaultConfig('Vivado'));
    for (const path of ['firmware/myproject.cpp', 'myproject_test.cpp', 'README.md']) {
      expect(f.get(path)).not.toMatch(/trace/i);
    }
  });
});
