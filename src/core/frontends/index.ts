/**
 * Model loading: sniff each file's format from its bytes (never the extension) and hand it to the
 * frontend for that format. Only ONNX is read so far; the other formats get a clear "not yet" error.
 */
import { StudioError } from '../errors';
import type { ModelGraph } from '../ir/graph';
import { decodeOnnx, onnxModelToGraph, parseOnnx, type ModelProto } from './onnx/index';

export type ModelFormat = 'onnx' | 'hdf5' | 'zip' | 'json' | 'unknown';

export interface ModelFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89HDF\r\n\x1a\n
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** JSON models start with '{' after optional whitespace and a UTF-8 byte order mark. */
function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  return bytes[i] === 0x7b;
}

function sniffMagic(bytes: Uint8Array): Exclude<ModelFormat, 'onnx' | 'unknown'> | null {
  if (startsWith(bytes, HDF5_MAGIC)) return 'hdf5';
  if (startsWith(bytes, ZIP_MAGIC)) return 'zip';
  if (looksLikeJson(bytes)) return 'json';
  return null;
}

/** The format of a model file, from its content. ONNX = a protobuf ModelProto that decodes with a graph. */
export function sniffFormat(bytes: Uint8Array): ModelFormat {
  return sniffMagic(bytes) ?? (decodeOnnx(bytes).ok ? 'onnx' : 'unknown');
}

const NOT_YET: Readonly<Record<'hdf5' | 'zip' | 'json', string>> = {
  hdf5: 'an HDF5 file (a Keras .h5 model)',
  zip: 'a zip archive (a Keras .keras or PyTorch .pt model)',
  json: 'a JSON file (a Keras model architecture)',
};

/** Load one model from the files the user gave (one .onnx file for now). */
export async function loadModel(files: readonly ModelFile[]): Promise<ModelGraph> {
  if (files.length === 0) {
    throw new StudioError(
      'no model file was given',
      'Open an ONNX model (.onnx), e.g. one from torch.onnx.export.',
    );
  }
  const onnxFiles: { file: ModelFile; model: ModelProto }[] = [];
  let other: { file: ModelFile; format: 'hdf5' | 'zip' | 'json' } | null = null;
  for (const file of files) {
    const format = sniffMagic(file.bytes);
    if (format) {
      other ??= { file, format };
      continue;
    }
    const decoded = decodeOnnx(file.bytes);
    if (decoded.ok) onnxFiles.push({ file, model: decoded.model });
  }
  if (onnxFiles.length > 1) {
    throw new StudioError(
      `several ONNX models were given (${onnxFiles.map((f) => f.file.name).join(', ')})`,
      'Open one model at a time.',
    );
  }
  const found = onnxFiles[0];
  if (found) return onnxModelToGraph(found.model, found.file.name);
  if (other) {
    throw new StudioError(
      `the file is ${NOT_YET[other.format]}; Keras and PyTorch support is coming with the format issue`,
      'Meanwhile, export the model to ONNX (torch.onnx.export, or tf2onnx for Keras) and open the .onnx file.',
      { file: other.file.name },
    );
  }
  // Nothing recognisable: report why the first file is not an ONNX model.
  const first = files[0] as ModelFile;
  return parseOnnx(first.bytes, first.name);
}
