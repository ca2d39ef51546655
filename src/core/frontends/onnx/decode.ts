/** Bytes → onnx.ModelProto, with every decode failure turned into a StudioError naming the file. */
import $protobuf from 'protobufjs/minimal.js';
import { StudioError } from '../../errors';
import { onnx } from './gen/onnx.js';
import { safeInt } from './int64';

export type ModelProto = onnx.ModelProto;

export const ONNX_DECODE_HINT = 'Re-export it with torch.onnx.export or check the download.';

export type DecodeResult = { ok: true; model: ModelProto } | { ok: false; reason: string };

/** Decode a ModelProto and check that it looks like a model: an IR version and a graph. */
export function decodeOnnx(bytes: Uint8Array): DecodeResult {
  const reader = $protobuf.Reader.create(bytes);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(reader);
  } catch (e) {
    const what = e instanceof Error ? e.message : String(e);
    // protobufjs says "index out of range" when a field's length runs past the end of the data.
    const why = what.startsWith('index out of range')
      ? 'a field runs past the end of the data (truncated?)'
      : what;
    return { ok: false, reason: `protobuf decode failed at byte ${reader.pos} of ${bytes.length}: ${why}` };
  }
  // Random bytes sometimes decode as a protobuf; a real model has a small IR version and a graph.
  const ir = model.irVersion === undefined || model.irVersion === null ? null : safeInt(model.irVersion);
  if (ir === null || ir < 1 || ir > 1000) return { ok: false, reason: 'it has no valid IR version' };
  if (!model.graph) return { ok: false, reason: 'it has no graph' };
  return { ok: true, model };
}

/** Decode or throw the StudioError the user sees for a file that is not an ONNX model. */
export function readOnnx(bytes: Uint8Array, file: string): ModelProto {
  const r = decodeOnnx(bytes);
  if (!r.ok)
    throw new StudioError(`the file is not a valid ONNX model (${r.reason})`, ONNX_DECODE_HINT, { file });
  return r.model;
}
