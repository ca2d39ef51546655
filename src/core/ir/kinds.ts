/**
 * Every layer kind and which stages support it. A kind is added in one place per stage; this table is
 * what the studio and the docs show, and a unit test checks that it matches the code.
 */
import type { LayerKind } from './graph';

export interface KindSupport {
  /** hls4ml's IR class name (what LayerType config keys use). */
  readonly hlsClass: string;
  readonly frontends: readonly ('onnx' | 'keras' | 'pytorch')[];
  readonly emulate: boolean;
  readonly backends: readonly ('vivado' | 'vitis' | 'quartus' | 'catapult' | 'oneapi')[];
  /** Precision slots the layer exposes (config keys without the _t). */
  readonly slots: readonly string[];
}

export const KIND_SUPPORT: Readonly<Record<LayerKind, KindSupport>> = {
  Input: { hlsClass: 'Input', frontends: ['onnx'], emulate: true, backends: ['vivado'], slots: ['result'] },
  Dense: {
    hlsClass: 'Dense',
    frontends: ['onnx'],
    emulate: true,
    backends: ['vivado'],
    slots: ['result', 'weight', 'bias', 'accum'],
  },
  Activation: {
    hlsClass: 'Activation',
    frontends: ['onnx'],
    emulate: true,
    backends: ['vivado'],
    slots: ['result', 'table'],
  },
  Softmax: {
    hlsClass: 'Softmax',
    frontends: ['onnx'],
    emulate: true,
    backends: ['vivado'],
    slots: ['result', 'table', 'exp_table', 'inv_table', 'inv_inp', 'accum'],
  },
};
