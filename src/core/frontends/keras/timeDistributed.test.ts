/**
 * TimeDistributed around per-feature layers and per-step data moves (testModels.ts): the wrapped model is
 * its flat twin (same layers, same names, same weights), so it emulates bit for bit like it; wrapped layers
 * that would need hls4ml's per-time-step loop are refused, naming the wrapper, the wrapped class and what
 * to write instead.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../../cli/hlsLibrary';
import { generateProject } from '../../backends/index';
import { defaultConfig, type DesignConfig } from '../../config/designConfig';
import { emulate } from '../../emulate/engine';
import { prepareFloatReference } from '../../float/irFloat';
import type { BatchNormLayer, Layer, ModelGraph } from '../../ir/graph';
import { lower } from '../../passes/lower';
import { expectStudioError, summary } from '../onnx/testing';
import {
  CONV1D_PAD_UP,
  CONV2D_POOL,
  DEPTHWISE2D,
  SEPCONV1D_CROP_GAP,
  frameModel,
  frameRows,
  timeDistributedModel,
  type FrameLayer,
} from './testModels';

const bn = (layers: readonly Layer[]): BatchNormLayer =>
  layers.find((l) => l.kind === 'BatchNormalization') as BatchNormLayer;

describe('TimeDistributed', () => {
  it('around Flatten, BatchNormalization and Dense gives the flat model, layer by layer', () => {
    const td = timeDistributedModel(true);
    const flat = timeDistributedModel(false);
    expect(summary(td)).toEqual([
      ['frames', 'Input', [3, 2, 4]],
      ['flat', 'Reshape', [3, 8]],
      ['bn', 'BatchNormalization', [3, 8]],
      ['step', 'Conv', [3, 2]],
      ['step_relu', 'Activation', [3, 2]],
      ['out', 'Reshape', [6]],
    ]);
    expect(summary(td)).toEqual(summary(flat));
    expect(Array.from(bn(td.layers).scale.data)).toEqual(Array.from(bn(flat.layers).scale.data));
    expect(Array.from(bn(td.layers).bias.data)).toEqual(Array.from(bn(flat.layers).bias.data));
  });

  it('emulates bit for bit like the flat model', () => {
    const input = frameRows(200, 24);
    const run = (wrapped: boolean): number[] =>
      Array.from(
        emulate(lower(timeDistributedModel(wrapped), defaultConfig()), input).outputs[0] as Float64Array,
      );
    const td = run(true);
    expect(td).toEqual(run(false));
    expect(td.filter((v) => v !== 0).length).toBeGreaterThan(300);
  });

  it('maps a wrapped Reshape and Permute with the time axis kept first', () => {
    const reshaped = timeDistributedModel(true, {
      first: { class_name: 'Reshape', config: { target_shape: [-1] } },
    });
    expect(summary(reshaped)[1]).toEqual(['flat', 'Reshape', [3, 8]]);
    const permuted = timeDistributedModel(true, { pre: { class_name: 'Permute', config: { dims: [2, 1] } } });
    const t = permuted.layers[1]!;
    expect([t.name, t.kind === 'Transpose' && t.perm, t.outputShape]).toEqual(['pre', [0, 2, 1], [3, 4, 2]]);
    expect(summary(permuted)[2]).toEqual(['flat', 'Reshape', [3, 8]]);
  });

  it('refuses a wrapped LSTM, naming it and what to do', async () => {
    const err = await expectStudioError(
      async () => timeDistributedModel(true, { first: { class_name: 'LSTM', config: { units: 2 } } }),
      { file: 'td.h5', node: 'td_flat', op: 'TimeDistributed' },
    );
    expect(err.message).toContain('TimeDistributed(LSTM) is not supported');
    expect(err.hint).toContain('Apply the layer to each time step');
  });
});

/** Frames of `steps` time steps; every fifth row ×10 so that narrow types overflow. */
function frames(n: number, size: number): number[][] {
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: size }, (_, i) => Math.cos(r * 2.9 + i * 0.61) * (r % 5 === 0 ? 30 : 3)),
  );
}

/** The wrapped model's outputs, and the per-frame model's outputs on each time step as its own row. */
function loopAndFrames(steps: number, frame: number[], inner: FrameLayer[]): [number[], number[]] {
  const size = frame.reduce((a, b) => a * b, 1);
  const input = frames(60, steps * size);
  const run = (g: ModelGraph, rows: number[][]): number[] =>
    Array.from(emulate(lower(g, defaultConfig()), rows).outputs[0] as Float64Array);
  const td = run(frameModel(true, steps, frame, inner), input);
  const perStep = input.flatMap((row) =>
    Array.from({ length: steps }, (_, t) => row.slice(t * size, (t + 1) * size)),
  );
  return [td, run(frameModel(false, steps, frame, inner), perStep)];
}

describe('TimeDistributed around layers with windows: a loop over time steps (hls4ml time_distributed)', () => {
  it('Conv2D (same, relu) then MaxPooling2D: each step is the per-frame model', () => {
    const g = frameModel(true, 3, [5, 5, 2], CONV2D_POOL);
    expect(summary(g)).toEqual([
      ['frames', 'Input', [3, 5, 5, 2]],
      ['l0', 'TimeDistributed', [3, 5, 5, 3]],
      ['l0_relu', 'Activation', [3, 5, 5, 3]],
      ['l1', 'TimeDistributed', [3, 2, 2, 3]],
    ]);
    const conv = g.layers[1]!;
    expect(conv.kind === 'TimeDistributed' && [conv.inner.kind, conv.inner.outputShape]).toEqual([
      'Conv',
      [5, 5, 3],
    ]);
    const [td, perFrame] = loopAndFrames(3, [5, 5, 2], CONV2D_POOL);
    expect(td.length).toBe(60 * 36);
    expect(td).toEqual(perFrame);
    expect(td.filter((v) => v !== 0).length).toBeGreaterThan(1000);
  });

  it('takes LayerType settings of the wrapped class; Quartus, oneAPI and io_stream refuse it by name', () => {
    const g = frameModel(true, 3, [5, 5, 2], CONV2D_POOL);
    const c = { ...defaultConfig(), layerType: { Conv2D: { precision: { weight: 'fixed<6,2>' } } } };
    expect(lower(g, c).layers.find((l) => l.name === 'l0')!.types['weight_t']?.width).toBe(6);
    const lib = loadHlsLibraryFromDisk();
    const catapult = generateProject(lower(g, defaultConfig('Catapult')), lib, {});
    expect(catapult.get('firmware/myproject.cpp')).toContain('nnet::read_time_step<');
    for (const backend of ['Quartus', 'oneAPI'] as const) {
      expect(() => generateProject(lower(g, defaultConfig(backend)), lib, {}), backend).toThrow(
        /TimeDistributed/,
      );
    }
    const stream: DesignConfig = { ...defaultConfig(), ioType: 'io_stream' };
    expect(() => generateProject(lower(g, stream), lib, {})).toThrow(
      /TimeDistributed layers have no io_stream/,
    );
  });

  it('has a float reference that runs the wrapped layer per time step', () => {
    const input = frames(20, 150);
    const td = prepareFloatReference(frameModel(true, 3, [5, 5, 2], CONV2D_POOL))(input).outputs[0]!.data;
    const steps = input.flatMap((row) => [0, 1, 2].map((t) => row.slice(t * 50, (t + 1) * 50)));
    const frame = prepareFloatReference(frameModel(false, 3, [5, 5, 2], CONV2D_POOL))(steps).outputs[0]!.data;
    expect(Array.from(td)).toEqual(Array.from(frame));
    expect(td.length).toBe(20 * 36);
  });

  it('SeparableConv1D, Cropping1D, GlobalAveragePooling1D and DepthwiseConv2D: each step is the per-frame model', () => {
    const [sep, sepFrames] = loopAndFrames(3, [8, 3], SEPCONV1D_CROP_GAP);
    expect(sep.length).toBe(60 * 3 * 4);
    expect(sep).toEqual(sepFrames);
    const [dw, dwFrames] = loopAndFrames(2, [4, 4, 2], DEPTHWISE2D);
    expect(dw.length).toBe(60 * 2 * 36);
    expect(dw).toEqual(dwFrames);
  });

  it('Conv1D (strided), ZeroPadding1D and UpSampling1D: each step is the per-frame model', () => {
    const [td, perFrame] = loopAndFrames(4, [7, 2], CONV1D_PAD_UP);
    expect(td.length).toBe(60 * 4 * 10 * 2);
    expect(td).toEqual(perFrame);
  });
});
