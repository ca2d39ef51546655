// TorchScript archives built byte by byte (tests/fixtures/pytorch/build.ts): layouts, naming, inference of
// the input shape, and the clear refusals of state_dicts and pickled modules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { moduleCode, range, torchZip, type ModuleSpec } from '../../../../tests/fixtures/pytorch/build';
import { StudioError } from '../../errors';
import type { Layer, ModelGraph } from '../../ir/graph';
import { loadModel } from '../index';
import { isTorchFile, loadPytorch } from './index';
import { unpickle } from './unpickle';

const enc = new TextEncoder();
const f32 = Math.fround;

async function studioError(p: Promise<unknown>): Promise<StudioError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StudioError) return e;
    throw e;
  }
  throw new Error('expected a StudioError');
}
const layer = (g: ModelGraph, name: string): Layer => {
  const l = g.layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
};

const NN = 'torch.nn.modules';
const conv2d = (c: number, f: number): ModuleSpec => ({
  module: `${NN}.conv`,
  cls: 'Conv2d',
  attrs: [
    ['weight', { shape: [f, c, 3, 3], data: range(f * c * 9) }],
    ['bias', { shape: [f], data: range(f, 0.1) }],
  ],
});
const CONV2D_CODE = moduleCode(`${NN}.conv`, 'Conv2d', 'argument_1: Tensor', [
  'bias = self.bias',
  'weight = self.weight',
  'input = torch._convolution(argument_1, weight, bias, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, False, False, True, True)',
  'return input',
]);
const POOL_CODE = moduleCode(`${NN}.pooling`, 'MaxPool2d', 'argument_1: Tensor', [
  'return torch.max_pool2d(argument_1, [2, 2], [2, 2], [0, 0], [1, 1], False)',
]);
const LINEAR_CODE = moduleCode(`${NN}.linear`, 'Linear', 'argument_1: Tensor', [
  'bias = self.bias',
  'weight = self.weight',
  'return torch.linear(argument_1, weight, bias)',
]);
const LEAKY_CODE = moduleCode(`${NN}.activation`, 'LeakyReLU', 'argument_1: Tensor', [
  'return torch.leaky_relu(argument_1, 0.10000000000000001)',
]);

/**
 * Net: conv (2→3, 3x3, pad 1) → relu (functional) → pool 2x2 → add(pool, pool) → cat on channels →
 * flatten → fc (24→4) → leaky_relu module. Input [2, 4, 4].
 */
function convNet(): Uint8Array {
  const root: ModuleSpec = {
    module: 'm',
    cls: 'Net',
    attrs: [
      ['conv', conv2d(2, 3)],
      ['pool', { module: `${NN}.pooling`, cls: 'MaxPool2d', attrs: [] }],
      [
        'fc',
        {
          module: `${NN}.linear`,
          cls: 'Linear',
          attrs: [
            ['weight', { shape: [4, 24], data: range(96) }],
            ['bias', { shape: [4], data: [0.5, -0.25, 0, 1] }],
          ],
        },
      ],
      ['act', { module: `${NN}.activation`, cls: 'LeakyReLU', attrs: [] }],
    ],
  };
  const top = moduleCode('m', 'Net', 'x: Tensor', [
    'act = self.act',
    'fc = self.fc',
    'pool = self.pool',
    'conv = self.conv',
    'input = torch.relu((conv).forward(x, ))',
    '_0 = (pool).forward(input, )',
    '_1 = torch.add(_0, _0, alpha=1)',
    '_2 = torch.cat([_1, _0], 1)',
    '_3 = torch.flatten(_2, 1)',
    'return (act).forward((fc).forward(_3, ), )',
  ]);
  return torchZip(root, {
    '__torch__/m.py': top,
    '__torch__/torch/nn/modules/conv.py': CONV2D_CODE,
    '__torch__/torch/nn/modules/pooling.py': POOL_CODE,
    '__torch__/torch/nn/modules/linear.py': LINEAR_CODE,
    '__torch__/torch/nn/modules/activation.py': LEAKY_CODE,
  });
}

describe('TorchScript conv2d net (built in the test)', () => {
  it('sniffed as a torch file; the input size of an ambiguous model must be given', async () => {
    const bytes = convNet();
    expect(isTorchFile(bytes)).toBe(true);
    const e = await studioError(loadModel([{ name: 'net.pt', bytes }]));
    // 4x4 and 5x5 inputs both fit (pooling floors), so the size cannot be inferred.
    expect(e.oneLine()).toBe(
      "error: net.pt: node 'input 0': the input shape of a rank-3 input cannot be read from a TorchScript file. " +
        'TorchScript does not record input shapes; give the input shape when loading (channels first, without the batch dimension, e.g. [4, 16]).',
    );
  });

  it('layers, names, channels-last shapes and weight layouts', async () => {
    const g = await loadPytorch(convNet(), 'net.pt', { inputShapes: [[2, 4, 4]] });
    expect(g.layers.map((l) => [l.name, l.kind, [...l.outputShape], [...l.inputs]])).toEqual([
      ['x', 'Input', [2, 4, 4], []],
      ['transpose_input_for_x', 'Transpose', [4, 4, 2], ['x']],
      ['conv', 'Conv', [4, 4, 3], ['transpose_input_for_x']],
      ['relu', 'Activation', [4, 4, 3], ['conv']],
      ['pool', 'Pooling', [2, 2, 3], ['relu']],
      ['add', 'Merge', [2, 2, 3], ['pool', 'pool']],
      ['cat', 'Concatenate', [2, 2, 6], ['add', 'pool']],
      ['flatten', 'Reshape', [24], ['cat']],
      ['fc', 'Dense', [4], ['flatten']],
      ['act', 'Activation', [4], ['fc']],
    ]);
    const t = layer(g, 'transpose_input_for_x');
    expect(t.kind === 'Transpose' && t.perm).toEqual([1, 2, 0]);
    const cat = layer(g, 'cat');
    expect(cat.kind === 'Concatenate' && cat.axis).toBe(2);
    const act = layer(g, 'act');
    expect(act.kind === 'Activation' && [act.activation, act.alpha]).toEqual(['leaky_relu', 0.1]);
    const pool = layer(g, 'pool');
    if (pool.kind !== 'Pooling') throw new Error('pool');
    expect([pool.op, pool.kernel, pool.strides, pool.pads]).toEqual(['max', [2, 2], [2, 2], [0, 0, 0, 0]]);

    const conv = layer(g, 'conv');
    if (conv.kind !== 'Conv') throw new Error('conv');
    expect([conv.rank, conv.kernel, conv.strides, conv.pads, conv.nChan, conv.nFilt]).toEqual([
      2,
      [3, 3],
      [1, 1],
      [1, 1, 1, 1],
      2,
      3,
    ]);
    expect(conv.weight.shape).toEqual([3, 3, 2, 3]);
    // torch [f=2, c=1, kh=0, kw=2] (flat 2·18 + 1·9 + 0·3 + 2 = 47) → IR [kh=0, kw=2, c=1, f=2] (flat ((0·3+2)·2+1)·3+2 = 17)
    expect(conv.weight.data[17]).toBe(f32(47 * 0.01 - 0.5));

    // fc reads the channels-last flatten of a [6, 2, 2] map: IR row (h·2 + w)·6 + c ↔ torch column c·4 + h·2 + w.
    const fc = layer(g, 'fc');
    if (fc.kind !== 'Dense') throw new Error('fc');
    const torchW = (j: number, col: number): number => f32((j * 24 + col) * 0.01 - 0.5);
    for (const [h, w, c] of [
      [0, 0, 0],
      [0, 1, 5],
      [1, 0, 2],
      [1, 1, 4],
    ] as const) {
      const row = (h * 2 + w) * 6 + c;
      for (let j = 0; j < 4; j++) expect(fc.weight.data[row * 4 + j]).toBe(torchW(j, c * 4 + h * 2 + w));
    }
  });

  it('a flattened feature map as the model output is handed out in torch (channels-first) order', async () => {
    const root: ModuleSpec = { module: 'm', cls: 'Net', attrs: [['conv', conv2d(2, 3)]] };
    const bytes = torchZip(root, {
      '__torch__/m.py': moduleCode('m', 'Net', 'x: Tensor', [
        'conv = self.conv',
        'return torch.flatten((conv).forward(x, ), 1)',
      ]),
      '__torch__/torch/nn/modules/conv.py': CONV2D_CODE,
    });
    const g = await loadPytorch(bytes, 'flat.pt', { inputShapes: [[2, 3, 5]] });
    expect(g.layers.slice(2).map((l) => [l.name, l.kind, [...l.outputShape], [...l.inputs]])).toEqual([
      ['conv', 'Conv', [3, 5, 3], ['transpose_input_for_x']],
      ['flatten', 'Reshape', [45], ['conv']],
      ['flatten_unflatten', 'Reshape', [3, 5, 3], ['flatten']],
      ['flatten_to_channels_first', 'Transpose', [3, 3, 5], ['flatten_unflatten']],
      ['flatten_channels_first', 'Reshape', [45], ['flatten_to_channels_first']],
    ]);
    const t = layer(g, 'flatten_to_channels_first');
    expect(t.kind === 'Transpose' && t.perm).toEqual([2, 0, 1]);
    expect(g.outputs).toEqual(['flatten_channels_first']);
  });

  it('an unsupported op is refused at its module, naming the op', async () => {
    const root: ModuleSpec = {
      module: 'm',
      cls: 'Net',
      attrs: [['act', { module: `${NN}.activation`, cls: 'GELU', attrs: [] }]],
    };
    const bytes = torchZip(root, {
      '__torch__/m.py': moduleCode('m', 'Net', 'x: Tensor', ['act = self.act', 'return (act).forward(x, )']),
      '__torch__/torch/nn/modules/activation.py': moduleCode(
        `${NN}.activation`,
        'GELU',
        'argument_1: Tensor',
        ['return torch.gelu(argument_1)'],
      ),
    });
    const e = await studioError(loadPytorch(bytes, 'gelu.pt', { inputShapes: [[8]] }));
    expect(e.location).toEqual({ file: 'gelu.pt', node: 'act', op: 'torch.gelu' });
    expect(e.message).toBe("unsupported torch op 'torch.gelu'");
  });
});

describe('a traced nn.Sequential', () => {
  it('children reached with getattr(self, "0") are named like torch.fx names them (_0, _1, …)', async () => {
    const lin = (o: number, i: number): ModuleSpec => ({
      module: `${NN}.linear`,
      cls: 'Linear',
      attrs: [
        ['weight', { shape: [o, i], data: range(o * i) }],
        ['bias', { shape: [o], data: range(o) }],
      ],
    });
    const act = (cls: string): ModuleSpec => ({ module: `${NN}.activation`, cls, attrs: [] });
    const root: ModuleSpec = {
      module: `${NN}.container`,
      cls: 'Sequential',
      attrs: [
        ['0', lin(6, 10)],
        ['1', act('ReLU')],
        ['2', lin(1, 6)],
        ['3', act('Sigmoid')],
      ],
    };
    const bytes = torchZip(root, {
      '__torch__/torch/nn/modules/container.py': moduleCode(
        `${NN}.container`,
        'Sequential',
        'input: Tensor',
        [
          '_0 = getattr(self, "3")',
          '_1 = getattr(self, "2")',
          '_2 = getattr(self, "1")',
          '_3 = getattr(self, "0")',
          '_4 = (_1).forward((_2).forward((_3).forward(input, ), ), )',
          'return (_0).forward(_4, )',
        ],
      ),
      '__torch__/torch/nn/modules/linear.py': LINEAR_CODE,
      '__torch__/torch/nn/modules/activation.py':
        moduleCode(`${NN}.activation`, 'ReLU', 'argument_1: Tensor', ['return torch.relu(argument_1)']) +
        moduleCode(`${NN}.activation`, 'Sigmoid', 'argument_1: Tensor', ['return torch.sigmoid(argument_1)']),
    });
    const g = await loadModel([{ name: 'seq.pt', bytes }]);
    expect(g.layers.map((l) => [l.name, l.kind, [...l.outputShape]])).toEqual([
      ['input', 'Input', [10]],
      ['_0', 'Dense', [6]],
      ['_1', 'Activation', [6]],
      ['_2', 'Dense', [1]],
      ['_3', 'Activation', [1]],
    ]);
    const d = layer(g, '_0');
    // torch weight [6, 10] row-major → IR [10, 6]: IR (i=3, j=2) = torch (2, 3) = index 23
    expect(d.kind === 'Dense' && d.weight.data[3 * 6 + 2]).toBe(f32(23 * 0.01 - 0.5));
    expect(g.outputs).toEqual(['_3']);
  });
});

function rnnNet(kind: 'LSTM' | 'GRU', units: number, nIn: number, lastStep: string): Uint8Array {
  const gates = kind === 'LSTM' ? 4 : 3;
  const t = (shape: number[], scale: number): { shape: number[]; data: number[] } => ({
    shape,
    data: range(
      shape.reduce((a, b) => a * b, 1),
      scale,
    ),
  });
  const root: ModuleSpec = {
    module: 'm',
    cls: 'Net',
    attrs: [
      [
        'rnn',
        {
          module: `${NN}.rnn`,
          cls: kind,
          attrs: [
            ['weight_ih_l0', t([gates * units, nIn], 0.01)],
            ['weight_hh_l0', t([gates * units, units], 0.02)],
            ['bias_ih_l0', t([gates * units], 0.03)],
            ['bias_hh_l0', t([gates * units], 0.04)],
          ],
        },
      ],
    ],
  };
  const outs = kind === 'LSTM' ? '_4, _5, _6' : '_4, _5';
  const hx =
    kind === 'LSTM'
      ? [
          `hx = torch.zeros([1, _1, ${units}], dtype=6, layout=None, device=torch.device("cpu"), pin_memory=False)`,
          `hx0 = torch.zeros([1, _0, ${units}], dtype=6, layout=None, device=torch.device("cpu"), pin_memory=False)`,
          '_2 = [hx, hx0]',
        ]
      : [
          `_2 = torch.zeros([1, _1, ${units}], dtype=6, layout=None, device=torch.device("cpu"), pin_memory=False)`,
        ];
  const rnnCode = moduleCode(`${NN}.rnn`, kind, 'x: Tensor', [
    'bias_hh_l0 = self.bias_hh_l0',
    'bias_ih_l0 = self.bias_ih_l0',
    'weight_hh_l0 = self.weight_hh_l0',
    'weight_ih_l0 = self.weight_ih_l0',
    'max_batch_size = ops.prim.NumToTensor(torch.size(x, 0))',
    '_0 = int(max_batch_size)',
    '_1 = int(max_batch_size)',
    ...hx,
    '_3 = [weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0]',
    `${outs} = torch.${kind.toLowerCase()}(x, _2, _3, True, 1, 0., False, False, True)`,
    `return (${outs})`,
  ]);
  const top = moduleCode('m', 'Net', 'x: Tensor', [
    'rnn = self.rnn',
    kind === 'LSTM' ? '_0, _1, _2 = (rnn).forward(x, )' : '_0, _1 = (rnn).forward(x, )',
    `return ${lastStep}`,
  ]);
  return torchZip(root, { '__torch__/m.py': top, '__torch__/torch/nn/modules/rnn.py': rnnCode });
}

describe('traced recurrent layers', () => {
  it('LSTM, last step by select: torch gates i,f,g,o kept, both biases, returnSequences false', async () => {
    const g = await loadPytorch(rnnNet('LSTM', 2, 3, 'torch.select(_0, 1, -1)'), 'lstm.pt', {
      inputShapes: [[5, 3]],
    });
    const l = layer(g, 'rnn');
    if (l.kind !== 'LSTM') throw new Error('lstm');
    expect([l.units, l.returnSequences, l.outputShape, l.activation, l.recurrentActivation]).toEqual([
      2,
      false,
      [2],
      'tanh',
      'sigmoid',
    ]);
    expect(l.kernel.shape).toEqual([3, 8]);
    // IR kernel (i=1, gate row 5) = torch weight_ih (5, 1) = index 16
    expect(l.kernel.data[1 * 8 + 5]).toBe(f32(16 * 0.01 - 0.5));
    expect(Array.from(l.recurrentBias!.data)).toEqual(range(8, 0.04));
    expect(g.outputs).toEqual(['rnn']);
  });

  it('GRU, h_n[-1]: torch r,z,n reordered to z,r,h; reset after', async () => {
    const g = await loadPytorch(rnnNet('GRU', 2, 3, 'torch.select(_1, 0, -1)'), 'gru.pt', {
      inputShapes: [[5, 3]],
    });
    const l = layer(g, 'rnn');
    if (l.kind !== 'GRU') throw new Error('gru');
    expect([l.returnSequences, l.resetAfter, l.outputShape]).toEqual([false, true, [2]]);
    // IR gate block 0 (z) = torch block 1; IR block 1 (r) = torch block 0; n stays
    const b = range(6, 0.03);
    expect(Array.from(l.bias!.data)).toEqual([b[2], b[3], b[0], b[1], b[4], b[5]]);
    // recurrent kernel IR (i=1, col 0) = torch weight_hh row 2 (z, unit 0), col 1 = index 5
    expect(l.recurrentKernel.data[1 * 6 + 0]).toBe(f32(5 * 0.02 - 0.5));
  });

  it('the whole sequence as output keeps returnSequences; the input length must be given', async () => {
    const g = await loadPytorch(rnnNet('GRU', 2, 3, '_0'), 'gru.pt', { inputShapes: [[5, 3]] });
    const l = layer(g, 'rnn');
    expect(l.kind === 'GRU' && [l.returnSequences, l.outputShape]).toEqual([true, [5, 2]]);
    const e = await studioError(loadPytorch(rnnNet('GRU', 2, 3, '_0'), 'gru.pt'));
    expect(e.message).toBe('the input shape of a rank-2 input cannot be read from a TorchScript file');
  });
});

const SHARED_PT = join(import.meta.dirname, '../../../../../shared/models/pytorch');
const sharedPresent = existsSync(SHARED_PT);
if (!sharedPresent)
  console.log(`../shared/models/pytorch is absent (${SHARED_PT}): legacy-file tests skipped`);

describe('a pickled nn.Sequential of built-in layers (torch.save(model))', () => {
  it.skipIf(!sharedPresent)(
    'legacy three_layer_model.pt (hls4ml example-models) loads with its weights',
    async () => {
      const bytes = new Uint8Array(readFileSync(join(SHARED_PT, 'three_layer_model.pt')));
      const g = await loadModel([{ name: 'three_layer_model.pt', bytes }]);
      expect(g.layers.map((l) => [l.name, l.kind, [...l.outputShape]])).toEqual([
        ['input', 'Input', [16]],
        ['_0', 'Dense', [64]],
        ['_1', 'Activation', [64]],
        ['_2', 'Dense', [32]],
        ['_3', 'Activation', [32]],
        ['_4', 'Dense', [32]],
        ['_5', 'Activation', [32]],
        ['_6', 'Dense', [5]],
        ['_7', 'Softmax', [5]],
      ]);
      const d = layer(g, '_0');
      if (d.kind !== 'Dense') throw new Error('dense');
      // Values read independently with Python's pickle module (weight[j][0] for j = 0..3, bias[0..2]).
      expect(Array.from(d.weight.data.subarray(0, 4))).toEqual([
        0.169814795255661, -0.13096487522125244, 0.25065502524375916, -0.37564173340797424,
      ]);
      expect(Array.from(d.bias!.data.subarray(0, 3))).toEqual([
        0.011278625577688217, 0.19077153503894806, 0.28934162855148315,
      ]);
      expect(g.metadata['producer']).toBe('legacy torch.save of torch.nn.Sequential');
    },
  );

  it('a zip torch.save of a Sequential (Linear, LeakyReLU, Softmax(dim=None)) loads; a custom layer in it is refused', async () => {
    const plain = (module: string, cls: string, attrs: ModuleSpec['attrs']): ModuleSpec => ({
      module: `${NN}.${module}`,
      cls,
      plain: true,
      attrs,
    });
    const seq = (children: ModuleSpec[]): ModuleSpec =>
      plain('container', 'Sequential', [
        ['_parameters', { dict: [] }],
        ['_modules', { dict: children.map((c, i) => [String(i), c] as const) }],
      ]);
    const linear = plain('linear', 'Linear', [
      [
        '_parameters',
        {
          dict: [
            ['weight', { shape: [3, 4], data: range(12) }],
            ['bias', null],
          ],
        },
      ],
      ['in_features', 4],
      ['out_features', 3],
    ]);
    const leaky = plain('activation', 'LeakyReLU', [['negative_slope', 2]]);
    const softmax = plain('activation', 'Softmax', [['dim', null]]);
    const g = await loadModel([
      { name: 'seq.pt', bytes: torchZip(seq([linear, leaky, softmax]), {}, 'archive') },
    ]);
    expect(g.layers.map((l) => [l.name, l.kind, [...l.outputShape]])).toEqual([
      ['input', 'Input', [4]],
      ['_0', 'Dense', [3]],
      ['_1', 'Activation', [3]],
      ['_2', 'Softmax', [3]],
    ]);
    const d = layer(g, '_0');
    expect(d.kind === 'Dense' && [d.bias, d.weight.data[1]]).toEqual([null, f32(4 * 0.01 - 0.5)]);
    const a = layer(g, '_1');
    expect(a.kind === 'Activation' && a.alpha).toBe(2);

    const custom: ModuleSpec = { module: '__main__', cls: 'MyLayer', plain: true, attrs: [] };
    const e = await studioError(
      loadModel([{ name: 'seq.pt', bytes: torchZip(seq([linear, custom]), {}, 'archive') }]),
    );
    expect(e.oneLine()).toBe(
      "error: seq.pt: the pickled nn.Sequential contains a __main__.MyLayer layer, which is not read from a pickle. Save the model as TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').",
    );
  });
});

describe('torch files that are not TorchScript', () => {
  it('a state_dict zip (torch.save(model.state_dict())) names the call to run instead', async () => {
    const bytes = torchZip(
      {
        dict: [
          ['fc.weight', { shape: [2, 2], data: [1, 2, 3, 4] }],
          ['fc.bias', { shape: [2], data: [0, 1] }],
        ],
      },
      {},
      'archive',
    );
    const e = await studioError(loadModel([{ name: 'weights.pt', bytes }]));
    expect(e.oneLine()).toBe(
      "error: weights.pt: the file is a torch.save file holding a state_dict (weights only, no architecture); it has no model graph that HLS Studio can read. Build the model in Python, load the weights (model.load_state_dict(torch.load(path))), then save TorchScript: torch.jit.trace(model.eval(), example_input).save('model.pt').",
    );
  });

  it('a pickled nn.Module zip (torch.save(model)) names its class and the trace call', async () => {
    const bytes = torchZip({ module: '__main__', cls: 'MyNet', plain: true, attrs: [] }, {}, 'archive');
    const e = await studioError(loadModel([{ name: 'net.pt', bytes }]));
    expect(e.oneLine()).toBe(
      "error: net.pt: the file is a torch.save file holding a pickled Python object of class __main__.MyNet (torch.save(model)); it has no model graph that HLS Studio can read. Load the model in Python and save it as TorchScript: torch.jit.trace(model.eval(), example_input).save('model.pt'); then open model.pt.",
    );
  });

  it('a .pt2 archive goes to the torch.export reader (exported.test.ts); a Keras .keras zip is not taken for a torch file', async () => {
    const pt2 = zipSync({
      'model/archive_format': enc.encode('pt2'),
      'model/models/model.json': enc.encode('{}'),
    });
    expect(isTorchFile(pt2)).toBe(true);
    const e = await studioError(loadPytorch(pt2, 'model.pt2'));
    expect(e.oneLine()).toBe(
      "error: model.pt2: the exported program has no graph_module with a graph and a signature. Save the program again with torch.export.save(torch.export.export(model.eval(), (example_input,)), 'model.pt2'), or save TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').",
    );
    const keras = zipSync({
      'config.json': enc.encode('{}'),
      'metadata.json': enc.encode('{}'),
      'model.weights.h5': new Uint8Array(8),
    });
    expect(isTorchFile(keras)).toBe(false);
  });
});

describe('unpickle', () => {
  it('reads memo, tuples, dicts, floats, longs and class references', () => {
    // {'a': (1, -2, 3.5), 'b': [True, None], 'c': <class torch.nn.Linear>} with BINPUT/BINGET
    const bytes = Uint8Array.from([
      0x80,
      0x02,
      0x7d,
      0x71,
      0x00,
      0x28,
      0x58,
      1,
      0,
      0,
      0,
      0x61,
      0x4b,
      1,
      0x4a,
      0xfe,
      0xff,
      0xff,
      0xff,
      0x47,
      0x40,
      0x0c,
      0,
      0,
      0,
      0,
      0,
      0,
      0x87,
      0x58,
      1,
      0,
      0,
      0,
      0x62,
      0x5d,
      0x28,
      0x88,
      0x4e,
      0x65,
      0x58,
      1,
      0,
      0,
      0,
      0x63,
      0x63,
      ...enc.encode('torch.nn\nLinear\n'),
      0x75,
      0x2e,
    ]);
    const { value, end } = unpickle(bytes, 'test');
    expect(end).toBe(bytes.length);
    expect(value).toEqual({
      type: 'dict',
      map: new Map<unknown, unknown>([
        ['a', { type: 'tuple', items: [1, -2, 3.5] }],
        ['b', [true, null]],
        ['c', { type: 'global', module: 'torch.nn', name: 'Linear' }],
      ]),
    });
  });

  it('a truncated pickle is a StudioError, not a crash', () => {
    expect(() => unpickle(Uint8Array.from([0x80, 0x02, 0x58, 9, 0, 0]), 'data.pkl')).toThrow(
      'data.pkl: the pickle ends early (at byte 3)',
    );
  });
});
