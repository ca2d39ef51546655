/**
 * Emulator throughput on the jet tagger next to the generated project's g++ -O2 C-simulation on the
 * same 10,000 rows, measured in one run. Both produce the same outputs (checked here too).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../src/core/config/designConfig';
import { emulate } from '../src/core/emulate/engine';
import { randomNormalRows } from '../src/core/emulate/inputs';
import { generateProject } from '../src/core/backends/index';
import { float32Text } from '../src/core/backends/vivado/writeTestbench';
import { loadModel } from '../src/core/frontends/index';
import { lower } from '../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../src/cli/hlsLibrary';
import { buildProject, parseResults } from '../tests/backends/csim';

const ROOT = join(import.meta.dirname, '..');
const SAMPLES = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface EmulatorBench {
  samples: number;
  emulatorMs: number;
  csimMs: number;
  csimCompileMs: number;
  identical: boolean;
}

export async function benchEmulator(): Promise<EmulatorBench> {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'public/examples/jet_tagger.onnx')));
  const graph = await loadModel([{ name: 'jet_tagger.onnx', bytes }]);
  const lowered = lower(graph, defaultConfig());
  const rows = randomNormalRows(1, SAMPLES, 16, 1.5);

  emulate(lowered, rows.slice(0, 500)); // warm up the JIT
  const emuTimes: number[] = [];
  let result = emulate(lowered, rows);
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    result = emulate(lowered, rows);
    emuTimes.push(performance.now() - t);
  }

  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const t0 = performance.now();
  const built = await buildProject(files, 'bench-jet');
  const compileMs = performance.now() - t0;
  const runDir = join(ROOT, 'bench/out/csim-run');
  mkdirSync(join(runDir, 'tb_data'), { recursive: true });
  writeFileSync(
    join(runDir, 'tb_data/tb_input_features.dat'),
    rows.map((r) => `${r.map(float32Text).join(' ')}\n`).join(''),
  );
  const csimTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    execFileSync(built.binary, [], { cwd: runDir, stdio: 'ignore' });
    csimTimes.push(performance.now() - t);
  }
  const csim = parseResults(readFileSync(join(runDir, 'tb_data/csim_results.log'), 'utf8'));
  const ours = result.outputs[0]!;
  const identical =
    csim.length === SAMPLES && csim.every((row, s) => row.every((v, k) => v === ours[s * 5 + k]));
  return {
    samples: SAMPLES,
    emulatorMs: median(emuTimes),
    csimMs: median(csimTimes),
    csimCompileMs: compileMs,
    identical,
  };
}
