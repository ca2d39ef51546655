import { describe, expect, it } from 'vitest';
import { StudioError } from '../../errors';
import {
  activationPrecision,
  parseQuantizer,
  quantizeWeights,
  weightPrecision,
  type Quantizer,
} from './qkeras';

const q = (v: Parameters<typeof parseQuantizer>[0]): Quantizer => {
  const r = parseQuantizer(v);
  if (!r) throw new Error('no quantizer');
  return r;
};

describe('QKeras quantizers', () => {
  it('parses the dict form and the string form (positional and keyword arguments)', () => {
    expect(q('quantized_relu(3,1)')).toEqual({
      className: 'quantized_relu',
      config: { bits: 3, integer: 1, negative_slope: 0 },
    });
    expect(q('quantized_bits(4, 0, 1, alpha=1)').config).toMatchObject({
      bits: 4,
      integer: 0,
      symmetric: 1,
      alpha: 1,
    });
    expect(q('quantized_tanh(8, symmetric=True)').config).toMatchObject({ bits: 8, symmetric: true });
    expect(q({ class_name: 'qkeras>quantized_bits', config: { bits: 6, integer: 0 } })).toMatchObject({
      className: 'quantized_bits',
      config: { bits: 6, integer: 0, keep_negative: true },
    });
    expect(parseQuantizer(null)).toBeNull();
  });

  it("weight precisions follow hls4ml's QKerasQuantizer types", () => {
    expect(weightPrecision(q('quantized_bits(6,0)'))).toBe('fixed<6,1>');
    expect(weightPrecision(q('quantized_bits(8,3)'))).toBe('fixed<8,4>');
    expect(weightPrecision(q('quantized_bits(4,4)'))).toBe('int<4>');
    expect(weightPrecision(q('quantized_bits(4,1,keep_negative=False)'))).toBe('ufixed<4,1>');
    expect(weightPrecision(q('binary'))).toBe('int<2>');
  });

  it("activation precisions follow hls4ml's config rules (RND_CONV, SAT)", () => {
    expect(activationPrecision(q('quantized_relu(6)'))).toBe('ufixed<6,0,RND_CONV,SAT>');
    expect(activationPrecision(q('quantized_relu(3,1)'))).toBe('ufixed<3,1,RND_CONV,SAT>');
    expect(activationPrecision(q('quantized_relu(4,4)'))).toBe('uint<4>');
    expect(activationPrecision(q('quantized_bits(8,2)'))).toBe('fixed<8,3,RND_CONV,SAT>');
    expect(activationPrecision(q('quantized_tanh(6)'))).toBe('fixed<6,1,RND_CONV,SAT>');
    expect(activationPrecision(q('quantized_tanh(6,symmetric=1)'))).toBe('fixed<6,1,RND_CONV,SAT_SYM>');
    expect(activationPrecision(q('quantized_sigmoid(5)'))).toBe('ufixed<5,0,RND_CONV,SAT>');
    expect(activationPrecision(q('binary_tanh'))).toBe('int<2>');
    expect(activationPrecision(q('ternary'))).toBe('int<2>');
  });

  it('quantized_bits rounds half to even (tf.round) and clips to the grid', () => {
    // bits 4, integer 1: step 0.25, range [-2, 1.75]; symmetric drops -2.
    const x = Float32Array.from([0.125, 0.375, -0.125, 1.9, -3, 0.6]);
    expect(Array.from(quantizeWeights(q('quantized_bits(4,1)'), x))).toEqual([0, 0.5, 0, 1.75, -2, 0.5]);
    expect(Array.from(quantizeWeights(q('quantized_bits(4,1,1)'), x))).toEqual([0, 0.5, 0, 1.75, -1.75, 0.5]);
    expect(Array.from(quantizeWeights(q('quantized_bits(4,1,keep_negative=0)'), x))).toEqual([
      0.125, 0.375, 0, 1.875, 0, 0.625,
    ]);
  });

  it('refuses power-of-two quantizers and alpha scales by name', () => {
    expect(() => weightPrecision(q('quantized_po2(4,1)'))).toThrow(StudioError);
    expect(() => weightPrecision(q('quantized_po2(4,1)'))).toThrow(
      /quantized_po2 gives power-of-two weights/,
    );
    expect(() => weightPrecision(q("quantized_bits(4,0,alpha='auto_po2')"))).toThrow(/alpha=auto_po2/);
    expect(() => activationPrecision(q('quantized_relu(4,0,0,0.1)'))).toThrow(/negative slope/);
    expect(() => weightPrecision(q('quantized_bits(1,0)'))).toThrow(/with 1 bit is a sign function/);
    expect(() => quantizeWeights(q('quantized_bits(1,0)'), new Float32Array(1))).toThrow(/sign function/);
  });
});
