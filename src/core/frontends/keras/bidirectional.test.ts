/**
 * Bidirectional(LSTM|GRU) on the synthetic files of scripts/make-keras-bidirectional-fixtures.py
 * (tests/fixtures/keras/bidirectional/): mapping (Keras 2 scoped and unscoped weight names, Keras 3
 * forward_layer/backward_layer vars), the emulator against its two one-directional halves (exact raws),
 * the float reference against the same construction, the refusals, and the config round trip.
 */
import { describe, expect, it } from 'vitest';
import { configFromModel } from '../../config/configFromModel';
import { defaultConfig, withLayerSetting, type DesignConfig } from '../../config/designConfig';
import { exportHls4mlYaml, importHls4mlConfig } from '../../config/hls4mlConfig';
import { generateProject } from '../../backends/index';
import { emulate } from '../../emulate/engine';
import { StudioError } from '../../errors';
import { fractionalBits } from '../../fixed/types';
import { prepareFloatReference } from '../../float/irFloat';
import type { BidirectionalLayer, Layer, ModelGraph, RecurrentLayer } from '../../ir/graph';
import { slotsOf } from '../../ir/kinds';
import { lower } from '../../passes/lower';
import { loadHlsLibraryFromDisk } from '../../../cli/hlsLibrary';
import { weightStats } from '../../../workers/weightStats';
import { layerViews } from '../../../workers/views';
import { loadModel } from '../index';
import { repoFile, summary } from '../onnx/testing';

const T = 5;
const F = 3;

const load = (name: string): Promise<ModelGraph> =>
  loadModel([{ name, bytes: repoFile(`tests/fixtures/keras/bidirectional/${name}`) }]);

/** The generator's ramp: (i mod 17 − 8)·scale + offset in float32. */
const ramp = (n: number, scale: number, offset = 0): number[] =>
  Array.from({ length: n }, (_, i) => Math.fround(((i % 17) - 8) * scale + offset));

function bi(g: ModelGraph, name: string): BidirectionalLayer {
  const l = g.layers.find((x) => x.name === name);
  if (!l || l.kind !== 'Bidirectional') throw new Error(`no Bidirectional layer ${name}`);
  return l;
}

/** Deterministic rows in about ±2.5, every fourth one ×8 (they overflow narrow types). */
const rows = (n: number): number[][] =>
  Array.from({ length: n }, (_, r) =>
    Array.from({ length: T * F }, (_, i) => Math.sin(r * 5.3 + i * 1.7) * 2.5 * (r % 4 === 0 ? 8 : 1)),
  );

const reversed = (row: readonly number[]): number[] =>
  Array.from({ length: T }, (_, t) => row.slice((T - 1 - t) * F, (T - t) * F)).flat();

function input(): Layer {
  return { kind: 'Input', name: 'x', inputs: [], outputShape: [T, F], source: { op: 'input', node: 'x' } };
}

/** One direction as a standalone model x → rnn. */
function halfModel(d: RecurrentLayer, seq: boolean): ModelGraph {
  const rnn: RecurrentLayer = {
    ...d,
    name: 'half',
    inputs: ['x'],
    returnSequences: seq,
    outputShape: seq ? [T, d.units] : [d.units],
  };
  return {
    name: 'half',
    format: 'test',
    layers: [input(), rnn],
    inputs: ['x'],
    outputs: ['half'],
    metadata: {},
  };
}

/** A model x → the Bidirectional layer, renamed 'bi' and reading 'x'. */
function biModel(layer: BidirectionalLayer): ModelGraph {
  const l: BidirectionalLayer = { ...layer, name: 'bi', inputs: ['x'] };
  return { name: 'bi', format: 'test', layers: [input(), l], inputs: ['x'], outputs: ['bi'], metadata: {} };
}

const PRECISIONS = {
  result: 'ap_fixed<14,3,AP_RND,AP_SAT>',
  accum: 'ap_fixed<20,6,AP_RND_CONV,AP_WRAP>',
  table: 'ap_fixed<14,3>',
  weight: 'ap_fixed<10,2,AP_RND>',
  bias: 'ap_fixed<9,2>',
  recurrent_weight: 'ap_fixed<11,2,AP_RND_ZERO>',
  recurrent_bias: 'ap_fixed<8,2>',
};

/** Raws of every output value (sample-major). */
function raws(g: ModelGraph, config: DesignConfig, input: number[][]): number[] {
  const r = emulate(lower(g, config), input);
  const scale = 2 ** fractionalBits(r.outputTypes[0]!);
  return Array.from(r.outputs[0] as ArrayLike<number>, (v) => v * scale);
}

/** Emulator raws of the Bidirectional, and the same assembled from its two halves run on their own. */
function halvesAgainstWhole(layer: BidirectionalLayer, input: number[][]) {
  const dirSlots = (dir: string) =>
    Object.fromEntries(
      ['weight', 'bias', 'recurrent_weight', 'recurrent_bias'].map((s) => [
        `${dir}_${s}`,
        PRECISIONS[s as 'weight'],
      ]),
    );
  const whole = withLayerSetting(
    withLayerSetting(defaultConfig(), 'x', { precision: { result: 'ap_fixed<12,4>' } }),
    'bi',
    {
      tableSize: 512,
      precision: { ...dirSlots('forward'), ...dirSlots('backward'), ...PRECISIONS },
    },
  );
  const half = withLayerSetting(
    withLayerSetting(defaultConfig(), 'x', { precision: { result: 'ap_fixed<12,4>' } }),
    'half',
    {
      tableSize: 512,
      precision: PRECISIONS,
    },
  );
  const seq = layer.returnSequences;
  const got = raws(biModel(layer), whole, input);
  const f = raws(halfModel(layer.forward, seq), half, input);
  const b = raws(halfModel(layer.backward, seq), half, input.map(reversed));
  const fu = layer.forward.units;
  const bu = layer.backward.units;
  const steps = seq ? T : 1;
  const want: number[] = [];
  for (let s = 0; s < input.length; s++)
    for (let t = 0; t < steps; t++) {
      const bt = seq ? T - 1 - t : 0;
      want.push(...f.slice((s * steps + t) * fu, (s * steps + t + 1) * fu));
      want.push(...b.slice((s * steps + bt) * bu, (s * steps + bt + 1) * bu));
    }
  return { got, want };
}

describe('Keras Bidirectional mapping', () => {
  it('Keras 2, scoped weight names: LSTM with return_sequences, the backward layer copied from the forward one', async () => {
    const g = await load('bi_lstm_seq.h5');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [T, F]],
      ['bi', 'Bidirectional', [T, 4]],
    ]);
    const l = bi(g, 'bi');
    expect([l.mergeMode, l.returnSequences, l.forward.kind, l.backward.kind]).toEqual([
      'concat',
      true,
      'LSTM',
      'LSTM',
    ]);
    expect([l.forward.name, l.backward.name]).toEqual(['lstm', 'lstm']);
    expect(Array.from(l.forward.kernel.data)).toEqual(ramp(F * 8, 0.0625));
    expect(Array.from(l.backward.kernel.data)).toEqual(ramp(F * 8, -0.75 * 0.0625));
    expect(Array.from(l.backward.recurrentKernel.data)).toEqual(ramp(2 * 8, -0.75 * 0.09375, 0.03125));
    expect(Array.from(l.forward.bias!.data)).toEqual(ramp(8, 0.046875));
    expect(l.forward.recurrentBias).toBeNull();
  });

  it('Keras 2, unscoped names in weight order: GRU forward (reset_after) and a different backward GRU', async () => {
    const g = await load('bi_gru.h5');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [T, F]],
      ['bi_gru', 'Bidirectional', [5]],
    ]);
    const l = bi(g, 'bi_gru');
    expect([l.forward.kind, l.forward.units, l.forward.resetAfter]).toEqual(['GRU', 3, true]);
    expect([l.backward.kind, l.backward.units, l.backward.resetAfter]).toEqual(['GRU', 2, false]);
    const both = ramp(2 * 9, 1.25 * 0.046875);
    expect(Array.from(l.forward.bias!.data)).toEqual(both.slice(0, 9));
    expect(Array.from(l.forward.recurrentBias!.data)).toEqual(both.slice(9));
    expect(Array.from(l.backward.bias!.data)).toEqual(ramp(6, -0.046875));
    expect(l.backward.recurrentBias).toBeNull();
    expect(Array.from(l.backward.kernel.data)).toEqual(ramp(F * 6, -0.0625));
  });

  it('Keras 3 .keras: forward_layer/cell/vars and backward_layer/cell/vars', async () => {
    const g = await load('bi_lstm.keras');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [T, F]],
      ['bidir', 'Bidirectional', [4]],
    ]);
    const l = bi(g, 'bidir');
    expect([l.forward.name, l.backward.name]).toEqual(['forward_lstm', 'backward_lstm']);
    expect(Array.from(l.forward.kernel.data)).toEqual(ramp(F * 8, 0.875 * 0.0625));
    expect(Array.from(l.backward.kernel.data)).toEqual(ramp(F * 8, -1.125 * 0.0625));
    expect(Array.from(l.backward.bias!.data)).toEqual(ramp(8, -1.125 * 0.046875));
  });

  it('shows hls4ml-named precision slots and survives the config export/import round trip', async () => {
    const g = await load('bi_lstm_seq.h5');
    const slots = slotsOf(bi(g, 'bi'));
    expect(slots).toEqual([
      'result',
      'forward_weight',
      'forward_bias',
      'forward_recurrent_weight',
      'forward_recurrent_bias',
      'backward_weight',
      'backward_bias',
      'backward_recurrent_weight',
      'backward_recurrent_bias',
      'accum',
      'table',
    ]);
    const c = withLayerSetting(configFromModel(g, { granularity: 'name' }), 'bi', {
      precision: { forward_weight: 'ap_fixed<9,2>', backward_recurrent_bias: 'ap_fixed<7,1>' },
      reuseFactor: 2,
      // hls4ml's per-direction reuse factors (snake-cased onto forward_reuse_factor, …): kept verbatim.
      extra: { ForwardReuseFactor: 2, BackwardRecurrentReuseFactor: 4 },
    });
    const back = importHls4mlConfig(exportHls4mlYaml(c), 'cfg.yml');
    expect(back.layerName['bi']).toEqual(c.layerName['bi']);
    expect(back.layerName['bi']!.extra).toEqual({ ForwardReuseFactor: 2, BackwardRecurrentReuseFactor: 4 });
    const low = lower(g, back).layers.find((x) => x.name === 'bi')!;
    expect(low.types['forward_weight_t']).toMatchObject({ width: 9, integer: 2 });
    expect(low.types['backward_recurrent_bias_t']).toMatchObject({ width: 7, integer: 1 });
    expect(Object.keys(low.types).sort()).toEqual(slots.map((s) => `${s}_t`).sort());
  });
});

describe('Bidirectional in the inspector', () => {
  it("lists each direction's weight tensors under the direction's precision slot", async () => {
    const g = await load('bi_gru.h5');
    const c = withLayerSetting(defaultConfig(), 'bi_gru', {
      precision: { backward_weight: 'ap_fixed<6,1>' },
    });
    const s = weightStats(lower(g, c), 'bi_gru')!;
    expect(s.tensors.map((t) => [t.name, t.slot])).toEqual([
      ['forward.kernel', 'forward_weight_t'],
      ['forward.recurrentKernel', 'forward_recurrent_weight_t'],
      ['forward.bias', 'forward_bias_t'],
      ['forward.recurrentBias', 'forward_recurrent_bias_t'],
      ['backward.kernel', 'backward_weight_t'],
      ['backward.recurrentKernel', 'backward_recurrent_weight_t'],
      ['backward.bias', 'backward_bias_t'],
    ]);
    expect(s.tensors[4]!.type).toBe('ap_fixed<6,1>');
    const view = layerViews(g, new Map()).find((v) => v.name === 'bi_gru')!;
    expect(view.attributes).toEqual({
      merge_mode: 'concat',
      return_sequences: 'false',
      forward: 'GRU(3 units, tanh/sigmoid, reset_after true)',
      backward: 'GRU(2 units, tanh/sigmoid, reset_after false)',
    });
  });
});

describe('Bidirectional emulation', () => {
  it('LSTM, return sequences: equals its forward half on x and its backward half on x reversed, re-reversed', async () => {
    const l = bi(await load('bi_lstm_seq.h5'), 'bi');
    const { got, want } = halvesAgainstWhole(l, rows(200));
    expect(got.length).toBe(200 * T * 4);
    expect(got).toEqual(want);
  });

  it('GRU, last output, different units per direction: the same construction', async () => {
    const l = bi(await load('bi_gru.h5'), 'bi_gru');
    const { got, want } = halvesAgainstWhole(l, rows(200));
    expect(got.length).toBe(200 * 5);
    expect(got).toEqual(want);
  });

  it('the float reference puts the backward output back in time order (exactly its two halves)', async () => {
    const l = bi(await load('bi_lstm_seq.h5'), 'bi');
    const input = rows(20);
    const whole = Array.from(prepareFloatReference(biModel(l))(input).outputs[0]!.data);
    const f = prepareFloatReference(halfModel(l.forward, true))(input).outputs[0]!.data;
    const b = prepareFloatReference(halfModel(l.backward, true))(input.map(reversed)).outputs[0]!.data;
    const want: number[] = [];
    for (let s = 0; s < input.length; s++)
      for (let t = 0; t < T; t++)
        want.push(
          ...Array.from(f.subarray((s * T + t) * 2, (s * T + t + 1) * 2)),
          ...Array.from(b.subarray((s * T + T - 1 - t) * 2, (s * T + T - t) * 2)),
        );
    expect(whole).toEqual(want);
  });

  it('a wide fixed-point emulation stays close to the float reference (layout sanity)', async () => {
    const l = bi(await load('bi_lstm_seq.h5'), 'bi');
    const g = biModel(l);
    const input = rows(40).map((r) => r.map((v) => Math.max(-4, Math.min(4, v))));
    const wide = 'ap_fixed<40,12,AP_RND,AP_SAT>';
    const c = withLayerSetting(
      withLayerSetting(defaultConfig(), 'x', { precision: { result: wide } }),
      'bi',
      { tableSize: 8192, precision: { default: wide, table: 'ap_fixed<24,4>' } },
    );
    const r = emulate(lower(g, { ...c, model: { ...c.model, precision: { default: wide } } }), input);
    const ours = Array.from(r.outputs[0] as ArrayLike<number>);
    const ref = prepareFloatReference(g)(input).outputs[0]!.data;
    const worst = ours.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i]!)), 0);
    // Tables of 8192 entries: a few 1e-3; a swapped direction or time step would be off by ~0.1–1.
    expect(worst).toBeLessThan(0.02);
    expect(ours.length).toBe(40 * T * 4);
  });
});

describe('Bidirectional projects', () => {
  it.each(['Vivado', 'Vitis'] as const)(
    '%s io_parallel: one nnet::bidirectional call, eight weight arrays',
    async (b) => {
      const g = await load('bi_gru.h5');
      const files = generateProject(lower(g, defaultConfig(b)), loadHlsLibraryFromDisk(), {});
      const top = [...files.entries()].find(([k]) => k.endsWith('firmware/myproject.cpp'))?.[1] ?? '';
      expect(top).toContain('nnet::bidirectional<input_t, result_t, config2>(');
      const weights = [...files.keys()].filter((k) => /firmware\/weights\/[fb](w|wr|b|br)2\.h$/.test(k));
      expect(weights.length).toBe(8);
      const params = files.get('firmware/parameters.h') ?? '';
      expect(params).toContain('struct config2_backward : nnet::recurrent_config {');
      expect(params).toContain('static const bool reset_after = false;');
    },
  );
});

describe('Bidirectional refusals', () => {
  const studioError = (fn: () => unknown): StudioError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof StudioError) return e;
      throw e;
    }
    throw new Error('expected a StudioError');
  };

  it("merge_mode 'sum' loads but the emulator and the Vivado backend refuse it, naming layer and kind", async () => {
    const g = await load('bi_sum.h5');
    expect(summary(g)).toEqual([
      ['seq', 'Input', [T, F]],
      ['bi_sum', 'Bidirectional', [2]],
    ]);
    const low = lower(g, defaultConfig());
    const e1 = studioError(() => emulate(low, rows(2)));
    expect(e1.message).toBe("Bidirectional with merge_mode 'sum' is not supported");
    expect(e1.location).toMatchObject({ node: 'bi_sum', op: 'Bidirectional' });
    const e2 = studioError(() => generateProject(low, loadHlsLibraryFromDisk(), {}));
    expect(e2.message).toBe("Bidirectional with merge_mode 'sum' is not supported");
    expect(e2.hint).toContain('concat');
  });

  it('io_stream is refused as hls4ml does (validate_bidirectional_io_type)', async () => {
    const g = await load('bi_lstm_seq.h5');
    const low = lower(g, { ...defaultConfig(), ioType: 'io_stream' });
    const e = studioError(() => generateProject(low, loadHlsLibraryFromDisk(), {}));
    expect(e.message).toContain('Bidirectional layers have no io_stream implementation');
    expect(e.location).toMatchObject({ node: 'bi', op: 'Bidirectional' });
  });

  it.each(['Quartus', 'oneAPI', 'Catapult'] as const)(
    '%s refuses it with the kind named',
    async (backend) => {
      const g = await load('bi_gru.h5');
      const low = lower(g, defaultConfig(backend));
      const e = studioError(() =>
        backend === 'Catapult' ? generateProject(low, loadHlsLibraryFromDisk(), {}) : emulate(low, rows(2)),
      );
      expect(e.message).toContain('Bidirectional');
      expect(e.location).toMatchObject({ node: 'bi_gru' });
    },
  );
});
