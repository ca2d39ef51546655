// The inspector's view of a TimeDistributed layer: configured and shown as its wrapped layer's class, with
// the wrapped kind named so that the wrapped layer's precision slots are offered.
import { describe, expect, it } from 'vitest';
import { CONV2D_POOL, frameModel } from '../core/frontends/keras/testModels';
import { slotsFor } from '../core/ir/kinds';
import type { LayerKind } from '../core/ir/graph';
import { layerViews } from './views';

describe('TimeDistributed layer view', () => {
  it('names the wrapped class and kind, and the slots are the wrapped layer’s', () => {
    const views = layerViews(frameModel(true, 3, [5, 5, 2], CONV2D_POOL), new Map());
    const conv = views.find((v) => v.name === 'l0')!;
    expect([conv.kind, conv.hlsClass, conv.attributes['wrapped'], conv.attributes['time_steps']]).toEqual([
      'TimeDistributed',
      'Conv2D',
      'Conv',
      '3',
    ]);
    expect(slotsFor(conv.attributes['wrapped'] as LayerKind)).toEqual(['result', 'weight', 'bias', 'accum']);
    expect(views.find((v) => v.name === 'l1')!.hlsClass).toBe('Pooling2D');
  });
});
