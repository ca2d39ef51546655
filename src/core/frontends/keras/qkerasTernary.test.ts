// QKeras ternary activations carry their threshold (hls4ml's TernaryTanh: 0.33 unless the quantizer sets
// one), which merge_batch_norm_quantized_tanh needs for extract_ternary_threshold.
import { describe, expect, it } from 'vitest';
import { loadModel } from '../index';
import { repoFile } from '../onnx/testing';
import { denseFirstSequentialJson } from './testModels';

const qact = (name: string, activation: unknown) => ({
  class_name: 'QActivation',
  config: { name, activation },
});

describe('QKeras ternary QActivation', () => {
  it('records the quantizer threshold, 0.33 when it has none', async () => {
    const json = denseFirstSequentialJson([
      qact('t_default', 'ternary'),
      qact('t_set', 'ternary(threshold=0.4)'),
      qact('t_fn', 'ternary_tanh'),
      qact('b', 'binary'),
    ]);
    const g = await loadModel([
      { name: 's.json', bytes: json },
      { name: 'mlp_weights.h5', bytes: repoFile('tests/fixtures/keras/mlp_weights.h5') },
    ]);
    const thresholds = g.layers
      .filter((l) => l.kind === 'Activation')
      .map((l) => [
        l.name,
        l.kind === 'Activation' ? l.activation : '',
        l.kind === 'Activation' && l.ternaryThreshold,
      ]);
    expect(thresholds).toEqual([
      ['t_default', 'ternary_tanh', 0.33],
      ['t_set', 'ternary_tanh', 0.4],
      ['t_fn', 'ternary_tanh', 0.33],
      ['b', 'binary_tanh', undefined],
    ]);
  });
});
