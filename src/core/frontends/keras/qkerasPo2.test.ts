// QKeras quantized_po2 on weights, as QKeras computes it at inference (float32, round half to even).
import { describe, expect, it } from 'vitest';
import { kernelQuantization, parseQuantizer, quantizePo2 } from './qkeras';

const q = (s: string) => parseQuantizer(s)!;

describe('quantized_po2', () => {
  it('bits=4, max_value=1: exponents −8…0, zero → +2^-8, large values capped at 1', () => {
    const x = Float32Array.from([0, 0.7, 0.75, -0.3, 3, -5, 1e-9, 0.00390625, 0.0001]);
    expect(Array.from(quantizePo2(q('quantized_po2(4,1)'), x))).toEqual([
      2 ** -8,
      0.5, // log2(0.7) = −0.51 → −1
      1, // log2(0.75) = −0.415 → 0
      -0.25, // log2(0.3) = −1.74 → −2
      1,
      -1,
      2 ** -8,
      2 ** -8,
      2 ** -8, // log2(1e-4) = −13.3, clipped to −8
    ]);
  });

  it('without max_value the exponent keeps a sign bit: bits=4 → −4…3', () => {
    const x = Float32Array.from([100, 0.001, -6, 2 ** -2.5]);
    // 2^-2.5: log2 is −2.5 in float32, a tie that rounds to the even −2
    expect(Array.from(quantizePo2(q('quantized_po2(4)'), x))).toEqual([8, 2 ** -4, -8, 2 ** -2]);
  });

  it('QDense kernels: po2 → exponent int<bits>, binary → XNOR uint<1>', () => {
    const data = Float32Array.from([0.3, -0.2, 0]);
    expect(kernelQuantization(q('quantized_po2(5,1)'), data).precision).toBe('int<5>');
    expect(kernelQuantization(q('quantized_po2(5,1)'), data).encoding).toBe('exponent');
    const b = kernelQuantization(q('binary'), data);
    expect([b.precision, b.encoding, Array.from(b.data)]).toEqual(['uint<1>', 'xnor', [1, -1, 1]]);
    expect(kernelQuantization(q('quantized_bits(4,0)'), data).encoding).toBeUndefined();
  });
});
