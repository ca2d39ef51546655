// torch.export (.pt2) archives, built by tests/fixtures/pt2/build.ts from the published schema (synthetic:
// no torch here): each layout loads to the same graph as the equivalent TorchScript archive, with the
// torch module paths as layer names, and unsupported ops are refused at their node.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import { StudioError } from '../../errors';
import type { Layer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { loadModel } from '../index';
import { isTorchFile, loadPytorch } from './index';
import { moduleCode, torchZip, type ModuleSpec } from '../../../../tests/fixtures/pytorch/build';
import {
  T,
  buildPt2,
  convProgram,
  mlpProgram,
  moreOpsProgram,
  type Layout,
  type ProgramSpec,
} from '../../../../tests/fixtures/pt2/build';

const NN = 'torch.nn.modules';
const enc = new TextEncoder();
const w = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + seed * 3.1) * 0.5));

async function studioError(p: Promise<unknown>): Promise<StudioError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StudioError) return e;
    throw e;
  }
  throw new Error('expected a StudioError');
}

/** The same MLP as TorchScript: fc1, relu1 modules, fc2, functional softmax. */
function mlpTorchScript(): Uint8Array {
  const p = mlpProgram(w);
  const t = (fqn: string) => p.params.find(([f]) => f === fqn)![1];
  const linear = (name: string): readonly [string, ModuleSpec] => [
    name,
    {
      module: `${NN}.linear`,
      cls: 'Linear',
      attrs: [
        ['weight', t(`${name}.weight`)],
        ['bias', t(`${name}.bias`)],
      ],
    },
  ];
  const root: ModuleSpec = {
    module: 'm',
    cls: 'Net',
    attrs: [linear('fc1'), ['relu1', { module: `${NN}.activation`, cls: 'ReLU', attrs: [] }], linear('fc2')],
  };
  return torchZip(root, {
    '__torch__/m.py': moduleCode('m', 'Net', 'x: Tensor', [
      'fc2 = self.fc2',
      'relu1 = self.relu1',
      'fc1 = self.fc1',
      '_0 = (relu1).forward((fc1).forward(x, ), )',
      'return torch.softmax((fc2).forward(_0, ), 1)',
    ]),
    '__torch__/torch/nn/modules/linear.py': moduleCode(`${NN}.linear`, 'Linear', 'argument_1: Tensor', [
      'bias = self.bias',
      'weight = self.weight',
      'return torch.linear(argument_1, weight, bias)',
    ]),
    '__torch__/torch/nn/modules/activation.py': moduleCode(`${NN}.activation`, 'ReLU', 'argument_1: Tensor', [
      'return torch.relu(argument_1)',
    ]),
  });
}

/** The conv program as TorchScript: conv, bn, pool, fc modules; functional relu, add, cat, view. */
function convTorchScript(): Uint8Array {
  const p = convProgram(w);
  const t = (fqn: string) => [...p.params, ...(p.buffers ?? [])].find(([f]) => f === fqn)![1];
  const mod = (name: string, file: string, cls: string, attrs: string[]): readonly [string, ModuleSpec] => [
    name,
    { module: `${NN}.${file}`, cls, attrs: attrs.map((a) => [a, t(`${name}.${a}`)] as const) },
  ];
  const root: ModuleSpec = {
    module: 'm',
    cls: 'Net',
    attrs: [
      mod('conv', 'conv', 'Conv2d', ['weight', 'bias']),
      mod('bn', 'batchnorm', 'BatchNorm2d', ['weight', 'bias', 'running_mean', 'running_var']),
      ['pool', { module: `${NN}.pooling`, cls: 'MaxPool2d', attrs: [] }],
      mod('fc', 'linear', 'Linear', ['weight', 'bias']),
    ],
  };
  const code = (file: string, cls: string, body: string[]) =>
    moduleCode(`${NN}.${file}`, cls, 'argument_1: Tensor', body);
  return torchZip(root, {
    '__torch__/m.py': moduleCode('m', 'Net', 'x: Tensor', [
      'fc = self.fc',
      'pool = self.pool',
      'bn = self.bn',
      'conv = self.conv',
      '_0 = (bn).forward((conv).forward(x, ), )',
      'input = torch.relu(_0)',
      '_1 = (pool).forward(input, )',
      '_2 = torch.add(_1, _1, alpha=1)',
      '_3 = torch.cat([_2, _1], 1)',
      '_4 = torch.view(_3, [-1, 24])',
      'return (fc).forward(_4, )',
    ]),
    '__torch__/torch/nn/modules/conv.py': code('conv', 'Conv2d', [
      'bias = self.bias',
      'weight = self.weight',
      'return torch._convolution(argument_1, weight, bias, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, False, False, True, True)',
    ]),
    '__torch__/torch/nn/modules/batchnorm.py': code('batchnorm', 'BatchNorm2d', [
      'running_var = self.running_var',
      'running_mean = self.running_mean',
      'bias = self.bias',
      'weight = self.weight',
      'return torch.batch_norm(argument_1, weight, bias, running_mean, running_var, False, 0.10000000000000001, 1.0000000000000001e-05, True)',
    ]),
    '__torch__/torch/nn/modules/pooling.py': code('pooling', 'MaxPool2d', [
      'return torch.max_pool2d(argument_1, [2, 2], [2, 2], [0, 0], [1, 1], False)',
    ]),
    '__torch__/torch/nn/modules/linear.py': code('linear', 'Linear', [
      'bias = self.bias',
      'weight = self.weight',
      'return torch.linear(argument_1, weight, bias)',
    ]),
  });
}

const summary = (g: ModelGraph): unknown[] =>
  g.layers.map((l) => [l.name, l.kind, [...l.outputShape], [...l.inputs]]);
const layer = (g: ModelGraph, name: string): Layer => g.layers.find((l) => l.name === name)!;
const LAYOUTS: Layout[] = ['legacy', 'archive', 'payload'];

describe.each(LAYOUTS)('.pt2 archive, %s layout', (layout) => {
  it('the MLP loads as the equivalent TorchScript archive does, and emulates identically', async () => {
    const bytes = buildPt2(mlpProgram(w), layout);
    expect(isTorchFile(bytes)).toBe(true);
    const g = await loadModel([{ name: 'mlp.pt2', bytes }]);
    const ts = await loadPytorch(mlpTorchScript(), 'mlp.pt');
    expect(summary(g)).toEqual([
      ['x', 'Input', [16], []],
      ['fc1', 'Dense', [8], ['x']],
      ['relu1', 'Activation', [8], ['fc1']],
      ['fc2', 'Dense', [4], ['relu1']],
      ['softmax', 'Softmax', [4], ['fc2']],
    ]);
    expect(g.layers).toEqual(ts.layers);
    expect(g.metadata['producer']).toBe('torch.export (.pt2)');
    // Dense weights are [nIn, nOut]: torch's fc1.weight[j][i] is w[i * 8 + j].
    const fc1 = layer(g, 'fc1');
    expect(fc1.kind === 'Dense' && fc1.weight.data[3 * 8 + 5]).toBe(w(128, 1)[5 * 16 + 3]);
    const rows = Array.from({ length: 20 }, (_, r) => Array.from({ length: 16 }, (_, i) => Math.cos(r + i)));
    const a = emulate(lower(g, defaultConfig()), rows).outputs[0];
    const b = emulate(lower(ts, defaultConfig()), rows).outputs[0];
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('the conv model: module paths as names, channels-last inside, batch norm and view handled', async () => {
    const g = await loadModel([{ name: 'conv.pt2', bytes: buildPt2(convProgram(w), layout) }]);
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 4, 4], []],
      ['transpose_input_for_x', 'Transpose', [4, 4, 2], ['x']],
      ['conv', 'Conv', [4, 4, 3], ['transpose_input_for_x']],
      ['bn', 'BatchNormalization', [4, 4, 3], ['conv']],
      ['relu', 'Activation', [4, 4, 3], ['bn']],
      ['pool', 'Pooling', [2, 2, 3], ['relu']],
      ['add', 'Merge', [2, 2, 3], ['pool', 'pool']],
      ['cat', 'Concatenate', [2, 2, 6], ['add', 'pool']],
      ['view', 'Reshape', [24], ['cat']],
      ['fc', 'Dense', [4], ['view']],
    ]);
    // Conv weights are HWIO: torch's conv.weight[o][c][h][w] at ((h*3 + w)*2 + c)*3 + o.
    const conv = layer(g, 'conv');
    expect(conv.kind === 'Conv' && conv.weight.data[((1 * 3 + 2) * 2 + 1) * 3 + 2]).toBe(
      w(54, 5)[((2 * 2 + 1) * 3 + 1) * 3 + 2],
    );
    const ts = await loadPytorch(convTorchScript(), 'conv.pt', { inputShapes: [[2, 4, 4]] });
    // Same layers and weights; only the recorded source op differs (aten conv2d vs a trace's _convolution).
    const bare = (x: ModelGraph) => x.layers.map(({ source: _s, ...rest }) => rest);
    expect(bare(g)).toEqual(bare(ts));
    expect(layer(g, 'conv').source).toEqual({ op: 'torch.conv2d', node: 'conv' });
    const rows = Array.from({ length: 20 }, (_, r) =>
      Array.from({ length: 32 }, (_, i) => ((i + r) % 7) / 3),
    );
    const a = emulate(lower(g, defaultConfig()), rows).outputs[0];
    const b = emulate(lower(ts, defaultConfig()), rows).outputs[0];
    expect(a!.length).toBe(80);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });
});

describe('.pt2: the other mapped ops', () => {
  it('convolution, batch_norm, tanh, avg_pool2d, mul, flatten, reshape, sigmoid, conv1d; two inputs and outputs', async () => {
    const g = await loadModel([{ name: 'more.pt2', bytes: buildPt2(moreOpsProgram(w), 'payload') }]);
    expect(summary(g)).toEqual([
      ['x', 'Input', [2, 6, 6], []],
      ['y', 'Input', [2, 8], []],
      ['transpose_input_for_x', 'Transpose', [6, 6, 2], ['x']],
      ['conv', 'Conv', [4, 4, 2], ['transpose_input_for_x']],
      ['bn', 'BatchNormalization', [4, 4, 2], ['conv']],
      ['tanh', 'Activation', [4, 4, 2], ['bn']],
      ['pool', 'Pooling', [2, 2, 2], ['tanh']],
      ['mul', 'Merge', [2, 2, 2], ['pool', 'pool']],
      ['flatten', 'Reshape', [8], ['mul']],
      ['reshape', 'Reshape', [8], ['flatten']],
      ['fc', 'Dense', [3], ['reshape']],
      ['sigmoid', 'Activation', [3], ['fc']],
      ['transpose_input_for_y', 'Transpose', [8, 2], ['y']],
      ['c1', 'Conv', [6, 4], ['transpose_input_for_y']],
      ['relu', 'Activation', [6, 4], ['c1']],
      ['flatten_1', 'Reshape', [24], ['relu']],
      ['flatten_1_unflatten', 'Reshape', [6, 4], ['flatten_1']],
      ['flatten_1_to_channels_first', 'Transpose', [4, 6], ['flatten_1_unflatten']],
      ['flatten_1_channels_first', 'Reshape', [24], ['flatten_1_to_channels_first']],
    ]);
    const pool = layer(g, 'pool');
    expect(pool.kind === 'Pooling' && pool.op).toBe('average');
    expect(g.outputs).toEqual(['sigmoid', 'flatten_1_channels_first']);
  });
});

describe('.pt2 refusals', () => {
  it('an unsupported aten op is refused at its node, naming the op', async () => {
    const p = mlpProgram(w);
    const bad: ProgramSpec = {
      ...p,
      nodes: [
        ...p.nodes.slice(0, 1),
        { op: 'aten.gelu.default', args: [['self', T('linear')]], outputs: ['relu'] },
        ...p.nodes.slice(2),
      ],
    };
    const e = await studioError(loadModel([{ name: 'gelu.pt2', bytes: buildPt2(bad, 'archive') }]));
    expect(e.oneLine()).toBe(
      "error: gelu.pt2: node 'relu' (torch.ops.aten.gelu.default): op 'torch.ops.aten.gelu.default' is not supported. HLS Studio reads these aten ops from a .pt2: linear, addmm, conv1d/conv2d/convolution, relu, sigmoid, tanh, leaky_relu, hardtanh, softmax, batch_norm, max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d, flatten, view/reshape, add, sub, mul, cat, dropout/clone; replace the op or export the model to ONNX.",
    );
  });

  it('a weight missing from the archive is named', async () => {
    const bytes = buildPt2(mlpProgram(w), 'legacy', ['fc2.bias']);
    const e = await studioError(loadModel([{ name: 'partial.pt2', bytes }]));
    expect(e.oneLine()).toBe(
      "error: partial.pt2: parameter 'fc2.bias' is not in the archive's weights. Save the program again with torch.export.save(torch.export.export(model.eval(), (example_input,)), 'model.pt2'), or save TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').",
    );
  });

  it('an archive without a program graph says so', async () => {
    const bytes = zipSync({
      'model/archive_format': enc.encode('pt2'),
      'model/models/model.json': enc.encode('{}'),
    });
    const e = await studioError(loadModel([{ name: 'empty.pt2', bytes }]));
    expect(e.oneLine()).toBe(
      "error: empty.pt2: the exported program has no graph_module with a graph and a signature. Save the program again with torch.export.save(torch.export.export(model.eval(), (example_input,)), 'model.pt2'), or save TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').",
    );
  });
});

/** Every object/array slot of a JSON value, as [parent, key] pairs. */
function slots(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i]);
      slots(x, out);
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.push([v as Record<string, unknown>, k]);
      slots(x, out);
    }
  }
  return out;
}

describe('.pt2 robustness', () => {
  it('programs with one value replaced by another type load or are refused with a StudioError', async () => {
    const replacements: unknown[] = [null, 0, -1, 2.5, 'x', [], {}, true, { as_int: 3 }, [{ as_tensor: {} }]];
    let refused = 0;
    for (let seed = 0; seed < 400; seed++) {
      const program = (seed % 2 === 0 ? convProgram : mlpProgram)(w);
      const bytes = buildPt2(program, LAYOUTS[seed % 3]!, [], (json) => {
        const all = slots(json);
        const [parent, key] = all[(seed * 7919) % all.length]!;
        (parent as Record<string | number, unknown>)[key] = replacements[seed % replacements.length];
        return json;
      });
      try {
        await loadModel([{ name: `m${seed}.pt2`, bytes }]);
      } catch (e) {
        if (!(e instanceof StudioError)) throw new Error(`seed ${seed}: ${String(e)}`);
        expect(e.oneLine(), `seed ${seed}`).not.toMatch(/bug in HLS Studio/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
