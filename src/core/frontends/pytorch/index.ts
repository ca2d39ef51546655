/**
 * The PyTorch frontend: a TorchScript archive (torch.jit.save / torch.jit.trace(...).save) → ModelGraph.
 * A whole nn.Sequential of built-in layers saved with torch.save (zip or legacy format) is read too: its
 * forward is torch's own. Other torch files (a state_dict, a checkpoint dict, a pickled custom nn.Module,
 * …) are refused with the call that produces a file we can read. torch.export .pt2 archives are read by
 * exported.ts.
 */
import { StudioError, asStudioError } from '../../errors';
import type { ModelGraph } from '../../ir/graph';
import { TRACE_HINT, describeSavedObject, isLegacyTorchSave, readTorchZip, resolveTensors } from './archive';
import { convertTorchScript } from './convert';
import { legacyModel, sequentialScript } from './legacy';
import { isObject, qualName, seq, unpickle, type PyValue } from './unpickle';

import { zipDirectory } from '../../limits';
import { isTorchZipListing } from './archive';
import { isPt2Listing, loadExportedProgram } from './exported';

export { isLegacyTorchSave, isTorchZipListing } from './archive';
export { SUPPORTED_TORCH_HINT } from './convert';

const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';

export interface PytorchOptions {
  /** Batch-free, channels-first shape per forward argument (TorchScript does not record them). */
  readonly inputShapes?: readonly (readonly number[])[];
}

function modelName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) || 'model';
}

function refuseSaved(value: PyValue, file: string, legacy: boolean): never {
  const { what, stateDict } = describeSavedObject(value);
  const format = legacy ? 'a legacy (pre-1.6) torch.save file' : 'a torch.save file';
  throw new StudioError(
    `the file is ${format} holding ${what}; it has no model graph that HLS Studio can read`,
    stateDict
      ? `Build the model in Python, load the weights (model.load_state_dict(torch.load(path))), then save TorchScript: torch.jit.trace(model.eval(), example_input).save('model.pt').`
      : TRACE_HINT,
    { file },
  );
}

function withMetadata(graph: ModelGraph, producer: string, module?: string): ModelGraph {
  return { ...graph, metadata: { ...graph.metadata, producer, ...(module ? { module } : {}) } };
}

/** Load a torch file (zip archive or legacy pickle stream). */
export async function loadPytorch(
  bytes: Uint8Array,
  file: string,
  options: PytorchOptions = {},
): Promise<ModelGraph> {
  try {
    const convert = {
      name: modelName(file),
      file,
      ...(options.inputShapes ? { inputShapes: options.inputShapes } : {}),
    };
    if (isLegacyTorchSave(bytes)) {
      // A whole nn.Sequential of built-in layers is read (its forward is torch's); anything else is refused.
      const { script, value } = legacyModel(bytes, file);
      if (!script) refuseSaved(value, file, true);
      return withMetadata(convertTorchScript(script, convert), 'legacy torch.save of torch.nn.Sequential');
    }
    if (isPt2Listing(zipDirectory(bytes, file).map((e) => e.name)))
      return withMetadata(loadExportedProgram(bytes, convert), 'torch.export (.pt2)');
    const zip = readTorchZip(bytes, file);
    const names = [...zip.files.keys()];
    const dataPkl = zip.files.get('data.pkl');
    if (!dataPkl) {
      throw new StudioError('the zip archive is not a PyTorch model (it has no data.pkl)', TRACE_HINT);
    }
    const root = resolveTensors(unpickle(dataPkl, 'data.pkl').value);
    const isScript = names.some((n) => n.startsWith('code/'));
    if (!isScript || !isObject(root) || !root.cls.module.startsWith('__torch__')) {
      const script = isScript ? null : sequentialScript(root, zip.files);
      if (!script) refuseSaved(root, file, false);
      return withMetadata(convertTorchScript(script, convert), 'torch.save of torch.nn.Sequential');
    }
    const constantsPkl = zip.files.get('constants.pkl');
    const constants = constantsPkl
      ? (seq(resolveTensors(unpickle(constantsPkl, 'constants.pkl').value)) ?? [])
      : [];
    const graph = convertTorchScript({ root, files: zip.files, constants }, convert);
    return withMetadata(graph, 'torch.jit (TorchScript)', qualName(root.cls).replace(/^__torch__\./, ''));
  } catch (e) {
    throw asStudioError(e, { file }, BUG_HINT);
  }
}

/**
 * Whether the bytes are a torch file this frontend owns: a legacy torch.save stream (its pickled magic
 * number) or a zip whose top folder holds data.pkl (torch.save / torch.jit.save). Only the zip's
 * directory is read; a Keras .keras zip (config.json, model.weights.h5) is not matched.
 */
export function isTorchFile(bytes: Uint8Array): boolean {
  if (isLegacyTorchSave(bytes)) return true;
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return false;
  try {
    const names = zipDirectory(bytes, 'sniff').map((e) => e.name);
    return isTorchZipListing(names) || isPt2Listing(names);
  } catch {
    return false;
  }
}
