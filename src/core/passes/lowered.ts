/**
 * LoweredGraph: the graph after the passes. Every tensor slot has a concrete FixedType, every layer a
 * valid reuse factor and strategy. Emulator, estimator and backends all read only this.
 */
import type { DesignConfig } from '../config/designConfig';
import type { FixedType, TypeFamily } from '../fixed/types';
import type { Layer, LayerKind, ModelGraph, SoftmaxImplementation } from '../ir/graph';

export type LoweredStrategy = 'latency' | 'resource' | 'resource_unrolled';

export interface SoftmaxSettings {
  readonly implementation: SoftmaxImplementation;
  readonly expTableSize: number;
  readonly invTableSize: number;
}

export interface LoweredLayer {
  readonly layer: Layer;
  readonly name: string;
  readonly kind: LayerKind;
  /** hls4ml's layer index: the Input layer is 1, then 2, 3, … in topological order. */
  readonly index: number;
  /** Unique C++ identifier derived by the one sanitizer. */
  readonly cppName: string;
  readonly inputs: readonly string[];
  readonly outputShape: readonly number[];
  /** 'result_t', 'weight_t', 'bias_t', 'accum_t', 'table_t', 'exp_table_t', 'inv_table_t', 'inv_inp_t', 'inp_norm_t'. */
  readonly types: Readonly<Record<string, FixedType>>;
  /** How each type was resolved (config key or inference rule), for the inspector and the pass report. */
  readonly typeOrigins: Readonly<Record<string, string>>;
  readonly reuseFactor: number;
  readonly strategy: LoweredStrategy;
  /** Activation lookup-table size (sigmoid, tanh). */
  readonly tableSize: number;
  readonly softmax: SoftmaxSettings | null;
  readonly trace: boolean;
  /** io_stream: the depth of this layer's output stream (set_fifo_depths); null for io_parallel. */
  readonly fifoDepth: number | null;
}

export interface PassChange {
  readonly layer: string;
  readonly message: string;
}

export interface PassReport {
  readonly pass: string;
  readonly description: string;
  readonly changes: readonly PassChange[];
  readonly warnings: readonly PassChange[];
}

export interface LoweredGraph {
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  /** ap for Vivado/Vitis, ac for Quartus/Catapult/oneAPI. */
  readonly family: TypeFamily;
  readonly layers: readonly LoweredLayer[];
  /** Model inputs and outputs by layer name, after the passes (a fused layer's output moves to its parent). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly reports: readonly PassReport[];
}

export function loweredByName(g: LoweredGraph, name: string): LoweredLayer | undefined {
  return g.layers.find((l) => l.name === name);
}
