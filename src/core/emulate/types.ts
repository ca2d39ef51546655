/**
 * What the emulator returns: exact fixed-point outputs, plus per-layer profiles (value ranges and overflow
 * counts per cast) that the studio plots.
 */
import type { FixedType } from '../fixed/types';

export interface LayerProfile {
  readonly name: string;
  readonly kind: string;
  /** Values this layer produced over all samples. */
  readonly count: number;
  /** Casts whose rounded value fell outside the target type, per slot (result_t, accum_t, …). */
  readonly overflows: Readonly<Record<string, number>>;
  /** Smallest and largest output value (after the result cast). */
  readonly min: number;
  readonly max: number;
  /** Largest |value| the layer would have produced before the result cast (for "fit integer bits"). */
  readonly maxAbsBeforeCast: number;
}

export interface EmulationResult {
  readonly samples: number;
  readonly outputNames: readonly string[];
  readonly outputTypes: readonly FixedType[];
  /** Per model output: values, row-major [samples × size], exact doubles when width ≤ 53. */
  readonly outputs: readonly Float64Array[];
  /** Per model output: raws, row-major; numbers when width ≤ 53, else BigInt. */
  readonly outputRaws: readonly (Float64Array | bigint[])[];
  readonly layers: readonly LayerProfile[];
  /** Per layer (only when tracing): output values row-major [samples × size]. */
  readonly traces: Readonly<Record<string, Float64Array>> | null;
}

export interface EmulateOptions {
  readonly trace?: boolean;
  /**
   * Reuse the outputs of the last run of the same prepared kernels wherever a layer's inputs did not
   * change (runMemo.ts): for repeated runs after edits. The remembered outputs stay in memory.
   */
  readonly reuse?: boolean;
  /** Called every few hundred samples; return false to cancel (the emulator then throws EmulationCancelled). */
  readonly onProgress?: (done: number, total: number) => boolean | void;
}

export class EmulationCancelled extends Error {
  constructor() {
    super('emulation cancelled');
    this.name = 'EmulationCancelled';
  }
}
