// io_stream Trace: a traced layer's output stream is logged in C simulation (read, logged, written back)
// and equals the emulator's trace, whether the stream then feeds one layer, a clone_stream or a port.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { withLayerSetting } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { lower } from '../../src/core/passes/lower';
import { buildProject, makeCsim, parseResults } from '../backends/csim';
import { parityInputs } from './elementwiseHarness';
import { streamPoolingConfig, streamPoolingGraph } from './streamCases';

it('traced io_stream layers write exactly the emulator trace, and the outputs are unchanged', async () => {
  const traced = ['conv', 'relu', 'mp', 'fc'];
  let config = streamPoolingConfig(3);
  for (const n of traced) config = withLayerSetting(config, n, { trace: true });
  const rows = parityInputs(901, 8 * 7 * 3, 1.5).slice(0, 50);
  const lowered = lower(streamPoolingGraph(), { ...config, projectName: 'myproject' });
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), { inputs: rows });
  expect(files.get('firmware/myproject.cpp')).toContain('nnet::trace_output("conv", layer2_out, 56);');
  const { results, output } = await makeCsim(files, 'stream-trace');
  // No stream was read while empty (hls_stream.h warns) and every sample ran.
  expect(output).not.toContain('WARNING');
  expect(results).toHaveLength(rows.length);
  const emulated = emulate(lowered, rows, { trace: true });
  // The model outputs still come through (tracing must not consume the streams).
  expect(results.map((r) => r.slice(0, 5)).flat()).toEqual(Array.from(emulated.outputs[0]!));
  const built = await buildProject(files, 'stream-trace');
  for (const n of traced) {
    const log = parseResults(readFileSync(join(built.dir, 'tb_data', `${n}_trace.log`), 'utf8'));
    expect(log.length, n).toBe(rows.length);
    expect(log.flat(), n).toEqual(Array.from(emulated.traces![n]!));
  }
}, 600_000);
