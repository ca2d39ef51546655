/**
 * The Keras frontend. Accepts, sniffed by content (never by extension):
 *  - a Keras 2 architecture .json plus its weights .h5 (save_weights layout),
 *  - a single-file HDF5 model (`model_config` attribute + `model_weights` group; any extension),
 *  - a Keras 3 .keras zip (config.json, model.weights.h5, metadata.json).
 */
import JSZip from 'jszip';
import { StudioError, asStudioError, quoteName } from '../../errors';
import type { ModelGraph } from '../../ir/graph';
import { openHdf5, type Hdf5Group } from '../hdf5/index';
import { parseModelConfig, type Json } from './config';
import { convertKeras } from './convert';
import { Keras2Weights, Keras3Weights, type WeightStore } from './weights';

export { SUPPORTED_KERAS_HINT } from './convert';

export interface KerasFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly format: 'hdf5' | 'zip' | 'json';
}

const BUG_HINT = 'This looks like a bug in HLS Studio; please open an issue and attach the model file.';

const stem = (file: string): string => {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};

function parseJson(text: string, file: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new StudioError(
      `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      'Save the model again with Keras (model.to_json() or model.save).',
      { file },
    );
  }
}

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');

/** A weights-only h5 keeps its layer groups at the root (layer_names attribute) or under model_weights. */
function weightsRoot(h5: Hdf5Group): Hdf5Group {
  if (h5.stringListAttr('layer_names')) return h5;
  return h5.group('model_weights') ?? h5;
}

function build(
  config: Json,
  configFile: string,
  makeStore: (layers: ReturnType<typeof parseModelConfig>['layers']) => WeightStore,
  metadata: Record<string, string>,
  name: string,
): ModelGraph {
  const model = parseModelConfig(config, configFile);
  try {
    return convertKeras(model, makeStore(model.layers), { file: configFile, name, metadata });
  } catch (e) {
    throw asStudioError(e, { file: configFile }, BUG_HINT);
  }
}

function fromHdf5Model(file: KerasFile): ModelGraph {
  const h5 = openHdf5(file.bytes, file.name);
  const text = h5.stringAttr('model_config');
  if (text === null) {
    throw new StudioError(
      'the HDF5 file holds weights only (no model_config attribute)',
      'Open it together with the architecture .json (drop both files), or save the full model with model.save("x.h5").',
      { file: file.name },
    );
  }
  const meta: Record<string, string> = { container: 'Keras HDF5 model' };
  for (const k of ['keras_version', 'backend']) {
    const v = h5.stringAttr(k);
    if (v) meta[k] = v;
  }
  return build(
    parseJson(text, file.name, 'the model_config attribute'),
    file.name,
    () => new Keras2Weights(weightsRoot(h5)),
    meta,
    stem(file.name),
  );
}

function fromJsonAndWeights(json: KerasFile, weights: KerasFile): ModelGraph {
  const config = parseJson(decode(json.bytes), json.name, 'the architecture file');
  const h5 = openHdf5(weights.bytes, weights.name);
  const meta: Record<string, string> = { container: 'Keras JSON + HDF5 weights', weights_file: weights.name };
  const cfg = config as { keras_version?: unknown; backend?: unknown };
  if (typeof cfg.keras_version === 'string') meta.keras_version = cfg.keras_version;
  if (typeof cfg.backend === 'string') meta.backend = cfg.backend;
  return build(config, json.name, () => new Keras2Weights(weightsRoot(h5)), meta, stem(json.name));
}

/** Inflate one archive entry; a damaged entry is the user's file, not our bug. */
async function readEntry<T extends 'string' | 'uint8array'>(
  entry: JSZip.JSZipObject,
  type: T,
  file: string,
): Promise<T extends 'string' ? string : Uint8Array> {
  try {
    return (await entry.async(type)) as T extends 'string' ? string : Uint8Array;
  } catch (e) {
    throw new StudioError(
      `the archive entry ${quoteName(entry.name)} cannot be inflated (${quoteName(e instanceof Error ? e.message : String(e))})`,
      'The file is damaged; save the model again with model.save("x.keras").',
      { file },
    );
  }
}

async function fromKerasZip(file: KerasFile): Promise<ModelGraph> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(file.bytes);
  } catch (e) {
    throw new StudioError(
      `the zip archive cannot be read (${quoteName(e instanceof Error ? e.message : String(e))})`,
      'The file may be damaged; save the model again with model.save("x.keras").',
      { file: file.name },
    );
  }
  const configEntry = zip.file('config.json');
  const weightsEntry = zip.file('model.weights.h5');
  if (!configEntry) {
    const names = Object.keys(zip.files);
    const torch = names.some((n) => /(^|\/)data\.pkl$/.test(n));
    throw new StudioError(
      torch
        ? 'the zip archive is a PyTorch checkpoint, not a Keras model'
        : 'the zip archive has no config.json, so it is not a Keras 3 .keras model',
      torch
        ? 'PyTorch files are not read yet; export the model with torch.onnx.export and open the .onnx file.'
        : 'Save the model with Keras 3 model.save("x.keras").',
      { file: file.name },
    );
  }
  const config = parseJson(
    await readEntry(configEntry, 'string', file.name),
    `${file.name}/config.json`,
    'config.json',
  );
  if (!weightsEntry) {
    throw new StudioError(
      'the .keras archive has no model.weights.h5',
      'Save the model again with model.save("x.keras").',
      {
        file: file.name,
      },
    );
  }
  const meta: Record<string, string> = { container: 'Keras 3 .keras archive' };
  const metaEntry = zip.file('metadata.json');
  if (metaEntry) {
    const m = parseJson(
      await readEntry(metaEntry, 'string', file.name),
      `${file.name}/metadata.json`,
      'metadata.json',
    );
    if (m && typeof m === 'object' && !Array.isArray(m) && typeof m.keras_version === 'string')
      meta.keras_version = m.keras_version;
  }
  const h5 = openHdf5(
    await readEntry(weightsEntry, 'uint8array', file.name),
    `${file.name}/model.weights.h5`,
  );
  return build(config, file.name, (layers) => new Keras3Weights(h5, layers), meta, stem(file.name));
}

/**
 * Load a Keras model from the files the user gave (already sniffed). One model per call: a JSON
 * architecture pairs with one HDF5 file; a single-file HDF5 model or a .keras zip stands alone.
 */
export async function loadKeras(files: readonly KerasFile[]): Promise<ModelGraph> {
  const jsons = files.filter((f) => f.format === 'json');
  const h5s = files.filter((f) => f.format === 'hdf5');
  const zips = files.filter((f) => f.format === 'zip');
  const json = jsons[0];
  if (jsons.length > 1) {
    throw new StudioError(
      `several architecture files were given (${jsons.map((f) => f.name).join(', ')})`,
      'Open one model at a time: its .json and its weights .h5.',
    );
  }
  if (json) {
    if (h5s.length === 0) {
      // Say first whether the JSON is a Keras model at all (it may be, e.g., an hls4ml config).
      parseModelConfig(parseJson(decode(json.bytes), json.name, 'the architecture file'), json.name);
      throw new StudioError(
        'the Keras architecture (.json) has no weights file with it',
        `Open it together with its weights .h5 (e.g. ${stem(json.name)}_weights.h5).`,
        { file: json.name },
      );
    }
    // Prefer <name>_weights.h5, then <name>.h5, then the only one.
    const s = stem(json.name);
    const weights =
      h5s.find((f) => stem(f.name) === `${s}_weights`) ?? h5s.find((f) => stem(f.name) === s) ?? h5s[0];
    if (h5s.length > 1 && !h5s.some((f) => stem(f.name) === `${s}_weights` || stem(f.name) === s)) {
      throw new StudioError(
        `several weights files were given for ${json.name} (${h5s.map((f) => f.name).join(', ')})`,
        `Name the weights ${s}_weights.h5 or open only one .h5 with the .json.`,
        { file: json.name },
      );
    }
    return fromJsonAndWeights(json, weights as KerasFile);
  }
  const single = [...h5s, ...zips];
  if (single.length > 1) {
    throw new StudioError(
      `several model files were given (${single.map((f) => f.name).join(', ')})`,
      'Open one model at a time (a .json architecture may come with its weights .h5).',
    );
  }
  const f = single[0];
  if (!f) throw new StudioError('no Keras model file was given', 'Open a .h5, .keras, or .json + .h5 pair.');
  return f.format === 'zip' ? fromKerasZip(f) : fromHdf5Model(f);
}
