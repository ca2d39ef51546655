/**
 * The mutable working form the passes share while lowering. A slot is either a concrete FixedType or
 * 'auto' (hls4ml's UnspecifiedPrecisionType) until infer_precision_types fills it.
 */
import type { DesignConfig } from '../config/designConfig';
import type { FixedType, TypeFamily } from '../fixed/types';
import type { Layer, ModelGraph } from '../ir/graph';
import type { LoweredStrategy, PassChange, PassReport, SoftmaxSettings } from './lowered';

export type Slot = FixedType | 'auto';

export interface LayerDraft {
  /** Replaced by passes that rewrite a layer (e.g. batch-norm fusion changes a Dense's weights). */
  layer: Layer;
  readonly index: number;
  readonly cppName: string;
  types: Record<string, Slot>;
  typeOrigins: Record<string, string>;
  reuseFactor: number;
  strategy: LoweredStrategy;
  tableSize: number;
  softmax: SoftmaxSettings | null;
  trace: boolean;
  /** io_stream: the depth of this layer's output stream; null for io_parallel. */
  fifoDepth: number | null;
}

export interface DraftGraph {
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  readonly family: TypeFamily;
  readonly layers: LayerDraft[];
  /** Model inputs and outputs by layer name; passes that remove a layer rewire these. */
  readonly inputs: string[];
  readonly outputs: string[];
  readonly file: string;
}

/** A pass: matches layers, changes the draft in place, and says what it did. */
export interface Pass {
  readonly name: string;
  readonly description: string;
  run(g: DraftGraph, report: ReportBuilder): void;
}

export class ReportBuilder {
  readonly changes: PassChange[] = [];
  readonly warnings: PassChange[] = [];
  change(layer: string, message: string): void {
    this.changes.push({ layer, message });
  }
  warn(layer: string, message: string): void {
    this.warnings.push({ layer, message });
  }
  build(pass: Pass): PassReport {
    return { pass: pass.name, description: pass.description, changes: this.changes, warnings: this.warnings };
  }
}

export function draftByName(g: DraftGraph, name: string): LayerDraft | undefined {
  return g.layers.find((l) => l.layer.name === name);
}
