/** Graph inputs: element type and the batch-free shape. */
import { StudioError, quoteName } from '../../errors';
import type { onnx } from './gen/onnx.js';
import { toInt } from './int64';
import { dtypeName } from './tensors';

const FLOAT_INPUT_TYPES = new Set([1, 10, 11, 16]); // float32, float16, float64, bfloat16
const REEXPORT_HINT = 'The file may be damaged or hand-edited; re-export it with torch.onnx.export.';
const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** A graph input's batch-free shape: the first dimension is the batch when the rank is ≥ 2. */
export function inputShape(vi: onnx.ValueInfoProto.$Properties): {
  shape: number[];
  batched: boolean;
  /** The batch size the file fixes (null when symbolic or when there is no batch axis). */
  batch: number | null;
} {
  const tensorType = vi.type?.tensorType;
  if (!tensorType) throw new StudioError('the model input is not a tensor', REEXPORT_HINT);
  const elem = tensorType.elemType ?? 0;
  if (!FLOAT_INPUT_TYPES.has(elem)) {
    throw new StudioError(
      `the model input has data type ${dtypeName(elem)}; only floating-point inputs are supported`,
      'Export the model with a float32 input.',
    );
  }
  const dims = tensorType.shape?.dim;
  if (!dims)
    throw new StudioError('the model input has no shape', 'Re-export the model with a fixed input shape.');
  const sizes = dims.map((d) =>
    d.dimValue === undefined || d.dimValue === null ? null : toInt(d.dimValue, 'an input dimension'),
  );
  if (sizes.length === 0)
    throw new StudioError('the model input is a scalar', 'Give the model a vector input.');
  const batched = sizes.length >= 2;
  const features = batched ? sizes.slice(1) : sizes;
  const shape = features.map((s, i) => {
    if (s === null || s < 1) {
      const dim = dims[batched ? i + 1 : i];
      const what = dim?.dimParam ? `symbolic ('${quoteName(dim.dimParam)}')` : `${s ?? 'unknown'}`;
      throw new StudioError(
        `dimension ${batched ? i + 1 : i} of the model input is ${what}`,
        'Only the batch dimension may be dynamic; export with a fixed feature size.',
      );
    }
    return s;
  });
  if (shape.length > 3) {
    throw new StudioError(
      `the model input has shape ${fmt(shape)} (without the batch); inputs of rank 1 to 3 are supported`,
      'Export the model with a vector, sequence or image input.',
    );
  }
  const b = sizes[0];
  return { shape, batched, batch: batched && b !== null && b !== undefined && b > 0 ? b : null };
}
