/** The ONNX frontend: bytes of a .onnx file → ModelGraph. */
import { StudioError, asStudioError } from '../../errors';
import type { ModelGraph } from '../../ir/graph';
import { convertOnnx } from './convert';
import { readOnnx, type ModelProto } from './decode';

export { SUPPORTED_OPS_HINT } from './convert';
export { decodeOnnx, type ModelProto } from './decode';

const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';

/** "models/jet_tagger.onnx" → "jet_tagger". */
export function modelNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Convert an already decoded model (the dispatcher decodes once to sniff the format). */
export function onnxModelToGraph(model: ModelProto, file: string): ModelGraph {
  try {
    const name = modelNameFromFile(file) || model.graph?.name || 'model';
    return convertOnnx(model, { name });
  } catch (e) {
    throw asStudioError(e, { file }, BUG_HINT);
  }
}

/** Parse the bytes of an ONNX file. Every failure is a StudioError located at `file`. */
export function parseOnnx(bytes: Uint8Array, file: string): ModelGraph {
  return onnxModelToGraph(readOnnx(bytes, file), file);
}

/**
 * The names of the graph's real inputs (initializers listed as inputs are left out) and outputs, for
 * the float reference runtime, which feeds and reads tensors by name.
 */
export function onnxInputOutputNames(
  bytes: Uint8Array,
  file = 'model.onnx',
): { inputs: string[]; outputs: string[] } {
  const graph = readOnnx(bytes, file).graph;
  if (!graph)
    throw new StudioError('the file has no graph', 'Re-export it with torch.onnx.export.', { file });
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return {
    inputs: (graph.input ?? []).map((i) => i.name ?? '').filter((n) => !initializers.has(n)),
    outputs: (graph.output ?? []).map((o) => o.name ?? ''),
  };
}
