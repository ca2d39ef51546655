/**
 * Emulator throughput next to the generated project's g++ -O2 C-simulation on the same rows, and next to
 * float inference of the same ONNX with onnxruntime-web (wasm, one thread), all measured in one run.
 * Two models: the jet tagger MLP and a Conv2D network of about 1.2 M multiply-accumulates. The emulator's
 * and the C-sim's outputs are compared value for value too.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, type DesignConfig } from '../src/core/config/designConfig';
import { emulate } from '../src/core/emulate/engine';
import { randomNormalRows } from '../src/core/emulate/inputs';
import { generateProject } from '../src/core/backends/index';
import { float32Text } from '../src/core/backends/vivado/writeTestbench';
import { FloatReference } from '../src/core/float/onnxReference';
import { loadModel } from '../src/core/frontends/index';
import { lower } from '../src/core/passes/lower';
import { loadHlsLibraryFromDisk } from '../src/cli/hlsLibrary';
import { buildProject, parseResults } from '../tests/backends/csim';
import { convNetOnnx, CONV_NET_MACS } from './convNet';

const ROOT = join(import.meta.dirname, '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface EmulatorBench {
  readonly model: string;
  readonly description: string;
  readonly samples: number;
  readonly emulatorMs: number;
  readonly csimMs: number;
  readonly floatMs: number;
  readonly csimCompileMs: number;
  readonly identical: boolean;
}

interface BenchModel {
  readonly name: string;
  readonly description: string;
  readonly bytes: Uint8Array;
  readonly config: DesignConfig;
  readonly samples: number;
  readonly rowSize: number;
}

async function benchOne(m: BenchModel): Promise<EmulatorBench> {
  const graph = await loadModel([{ name: `${m.name}.onnx`, bytes: m.bytes }]);
  const lowered = lower(graph, m.config);
  const rows = randomNormalRows(1, m.samples, m.rowSize, 1.5);

  emulate(lowered, rows.slice(0, Math.ceil(m.samples / 20))); // warm up the JIT
  const emuTimes: number[] = [];
  let result = emulate(lowered, rows);
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    result = emulate(lowered, rows);
    emuTimes.push(performance.now() - t);
  }

  const float = new FloatReference(m.bytes, `${m.name}.onnx`);
  const keepGoing = () => Promise.resolve(true);
  await float.run(rows.slice(0, 10), keepGoing); // compile the runtime and the session
  const floatTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    await float.run(rows, keepGoing);
    floatTimes.push(performance.now() - t);
  }
  await float.release();

  const files = generateProject(lowered, loadHlsLibraryFromDisk(), {});
  const t0 = performance.now();
  const built = await buildProject(files, `bench-${m.name}`);
  const compileMs = performance.now() - t0;
  const runDir = join(ROOT, `bench/out/csim-run-${m.name}`);
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
  const width = ours.length / m.samples;
  const identical =
    csim.length === m.samples && csim.every((row, s) => row.every((v, k) => v === ours[s * width + k]));
  return {
    model: m.name,
    description: m.description,
    samples: m.samples,
    emulatorMs: median(emuTimes),
    csimMs: median(csimTimes),
    floatMs: median(floatTimes),
    csimCompileMs: compileMs,
    identical,
  };
}

export async function benchEmulator(): Promise<EmulatorBench[]> {
  const jet: BenchModel = {
    name: 'jet',
    description: 'jet tagger 16-64-32-32-5, default ap_fixed<16,6>, Latency',
    bytes: new Uint8Array(readFileSync(join(ROOT, 'public/examples/jet_tagger.onnx'))),
    config: defaultConfig(),
    samples: 10_000,
    rowSize: 16,
  };
  // 4,608 multiplications per output pixel in the second conv: past the Latency unroll limit, so the
  // network is configured as a user would build it, with the Resource strategy.
  const base = defaultConfig();
  const convConfig: DesignConfig = {
    ...base,
    layerType: { ...base.layerType, Conv2D: { strategy: 'Resource', reuseFactor: 16 } },
  };
  const conv: BenchModel = {
    name: 'conv2d',
    description: `Conv2D 3×32×32 → conv16 → pool → conv32 → pool → dense 10 (${(CONV_NET_MACS / 1e6).toFixed(2)} M MACs), ap_fixed<16,6>, Resource RF 16 convs`,
    bytes: convNetOnnx(),
    config: convConfig,
    samples: 500,
    rowSize: 3 * 32 * 32,
  };
  return [await benchOne(jet), await benchOne(conv)];
}
