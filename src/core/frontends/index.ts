/**
 * Model loading: sniff each file's format from its bytes (never the extension) and hand it to the
 * frontend for that format: ONNX, PyTorch, and Keras (HDF5 .h5, .keras zip, .json architecture + .h5
 * weights, paired when dropped together).
 */
import { StudioError } from '../errors';
import type { ModelGraph } from '../ir/graph';
import { checkFileSize, checkGraphLimits, checkOnnxLimits, checkZipArchive } from '../limits';
import { loadKeras, type KerasFile } from './keras/index';
import { decodeOnnx, onnxModelToGraph, parseOnnx, type ModelProto } from './onnx/index';
import { isTorchFile, loadPytorch } from './pytorch/index';

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

export interface LoadOptions {
  /**
   * Batch-free input shapes in the model's own layout (channels first for PyTorch), one per input. Only
   * TorchScript needs them, and only when they cannot be inferred (it records no input shapes).
   */
  readonly inputShapes?: readonly (readonly number[])[];
}

/** Load one model from the files the user gave (one .onnx file for now). */
export async function loadModel(files: readonly ModelFile[], options: LoadOptions = {}): Promise<ModelGraph> {
  if (files.length === 0) {
    throw new StudioError(
      'no model file was given',
      'Open an ONNX model (.onnx), e.g. one from torch.onnx.export.',
    );
  }
  const onnxFiles: { file: ModelFile; model: ModelProto }[] = [];
  const kerasFiles: KerasFile[] = [];
  for (const file of files) {
    // Limits first (src/core/limits.ts): nothing is decoded or inflated from a file that is too big.
    checkFileSize(file.bytes.length, file.name);
    const format = sniffMagic(file.bytes);
    if (format === 'zip') checkZipArchive(file.bytes, file.name);
    if (isTorchFile(file.bytes)) {
      const graph = await loadPytorch(file.bytes, file.name, options);
      checkGraphLimits(graph, file.name);
      return graph;
    }
    if (format) {
      kerasFiles.push({ ...file, format });
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
  if (found) {
    checkOnnxLimits(found.model, found.file.name);
    const graph = onnxModelToGraph(found.model, found.file.name);
    checkGraphLimits(graph, found.file.name);
    return graph;
  }
  if (kerasFiles.length > 0) {
    // HDF5, .keras zip and JSON architecture files: the Keras frontend pairs them into one model.
    const graph = await loadKeras(kerasFiles);
    checkGraphLimits(graph, (kerasFiles[0] as KerasFile).name);
    return graph;
  }
  // Nothing recognisable: report why the first file is not an ONNX model.
  const first = files[0] as ModelFile;
  return parseOnnx(first.bytes, first.name);
}
