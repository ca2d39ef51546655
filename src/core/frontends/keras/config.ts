/**
 * Keras model configuration (model.to_json(), the h5 `model_config` attribute, a .keras zip's config.json)
 * → a flat list of layers in topological order, each with the names of the layers it consumes.
 * Handles Sequential (Keras 2 list form and dict form, Keras 3), Functional/Model (Keras 2 inbound_nodes
 * lists and Keras 3 `__keras_tensor__` history records), and nested Sequential/Functional layers, which
 * are expanded in place (their inner layers keep their own names; the path to them is kept for weights).
 */
import { StudioError, quoteName } from '../../errors';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface KerasLayer {
  readonly className: string;
  readonly name: string;
  readonly config: JsonObject;
  /** Names of the (flattened) layers whose outputs feed this one, in argument order. */
  readonly inbound: readonly string[];
  /** Enclosing nested-model names, outermost first (for the weights of nested layers). */
  readonly scope: readonly string[];
  /** Class names of the enclosing nested models, parallel to `scope` (Keras 3 weight paths use them). */
  readonly scopeClasses?: readonly string[];
}

export interface FlatModel {
  readonly className: string;
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

const REEXPORT = 'Save the model again with Keras (model.save or model.to_json) and open that file.';

export const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(file: string, message: string, node?: string, op?: string): never {
  throw new StudioError(message, REEXPORT, { file, ...(node ? { node } : {}), ...(op ? { op } : {}) });
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Keras 2 `inbound_nodes`: [[[name, node, tensor, {}], …]]; Keras 3: [{args: [...], kwargs: {}}]. */
function inboundNames(layer: JsonObject): string[] {
  const nodes = layer.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) return [];
  const names: string[] = [];
  const first = nodes[0];
  if (Array.isArray(first)) {
    for (const t of first) if (Array.isArray(t) && typeof t[0] === 'string') names.push(t[0]);
    return names;
  }
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      if (v.class_name === '__keras_tensor__' && isObject(v.config)) {
        const h = v.config.keras_history;
        if (Array.isArray(h) && typeof h[0] === 'string') names.push(h[0]);
      } else Object.values(v).forEach(walk);
    }
  };
  if (isObject(first)) walk(first.args);
  return names;
}

/** [[name, 0, 0], …] (Keras 2) or [name, 0, 0] (a single one) or Keras 3 equivalents. */
function endpointNames(v: Json | undefined): string[] {
  if (!Array.isArray(v)) return [];
  if (typeof v[0] === 'string') return [v[0]];
  return v.flatMap((e) => (Array.isArray(e) && typeof e[0] === 'string' ? [e[0]] : []));
}

export function parseModelConfig(root: Json, file: string): FlatModel {
  if (!isObject(root)) fail(file, 'the Keras model configuration is not a JSON object');
  // Some tools wrap the config: {"model_config": {...}} or a JSON string of it.
  const cfg = isObject(root.model_config) ? root.model_config : root;
  const className = typeof cfg.class_name === 'string' ? cfg.class_name : '';
  if (!MODEL_CLASSES.has(className)) {
    fail(
      file,
      `the JSON is not a Keras model configuration (class_name '${quoteName(className || '?')}'; expected Sequential, Functional or Model)`,
    );
  }
  const out: KerasLayer[] = [];
  const used = new Set<string>();
  const res = flatten(cfg, [], [], file, out, used, []);
  return {
    className,
    name: res.name,
    layers: out,
    inputs: res.inputs,
    outputs: res.outputs,
  };
}

interface Flattened {
  name: string;
  inputs: string[];
  outputs: string[];
}

function layerList(cfg: JsonObject, file: string): { name: string; layers: JsonObject[] } {
  const c = cfg.config;
  const list = Array.isArray(c) ? c : isObject(c) ? c.layers : undefined;
  if (!Array.isArray(list)) fail(file, 'the Keras model configuration has no layer list');
  const name = isObject(c) && typeof c.name === 'string' ? c.name : 'model';
  return { name, layers: list.filter(isObject) };
}

const layerName = (l: JsonObject): string => {
  const c = l.config;
  if (isObject(c) && typeof c.name === 'string') return c.name;
  return typeof l.name === 'string' ? l.name : '';
};

/**
 * Flatten one (possibly nested) model. `feed` = the flattened layer names that feed a nested model's
 * inputs (empty at top level). Pushes layers to `out`; returns the model's input and output names.
 */
function flatten(
  cfg: JsonObject,
  scope: string[],
  feed: string[],
  file: string,
  out: KerasLayer[],
  used: Set<string>,
  scopeClasses: string[],
): Flattened {
  const { name, layers } = layerList(cfg, file);
  const nested = scope.length > 0;
  /** Keras name → flattened output layer name (differs for nested models and dropped inner inputs). */
  const alias = new Map<string, string>();
  const push = (l: JsonObject, inbound: string[]): void => {
    const n = layerName(l);
    if (!n) fail(file, 'a layer has no name', undefined, String(l.class_name ?? '?'));
    if (used.has(n)) fail(file, `two layers are named '${quoteName(n)}'`, n);
    used.add(n);
    out.push({
      className: String(l.class_name ?? ''),
      name: n,
      config: isObject(l.config) ? l.config : {},
      inbound,
      scope,
      scopeClasses,
    });
    alias.set(n, n);
  };

  if (cfg.class_name === 'Sequential') {
    let prev: string[] = [...feed];
    const inputs: string[] = [];
    layers.forEach((l, i) => {
      const cls = String(l.class_name ?? '');
      const n = layerName(l);
      if (cls === 'InputLayer') {
        if (nested && feed.length) return; // the outer tensor is the input
        push(l, []);
        inputs.push(n);
        prev = [n];
        return;
      }
      if (i === 0 && prev.length === 0) {
        // Keras 2 Sequential without an InputLayer: the first layer carries batch_input_shape.
        const c = isObject(l.config) ? l.config : {};
        // Keras 3 keeps it in the layer's build_config (and the model's build_input_shape).
        const built = isObject(l.build_config) ? l.build_config.input_shape : undefined;
        const model = isObject(cfg.config) ? cfg.config.build_input_shape : undefined;
        const shape = c.batch_input_shape ?? c.batch_shape ?? built ?? model;
        if (!Array.isArray(shape)) {
          fail(file, 'the first layer of the Sequential model does not say its input shape', n, cls);
        }
        const inName = `${n}_input`;
        push(
          {
            class_name: 'InputLayer',
            config: { name: inName, batch_input_shape: shape, dtype: c.dtype ?? null },
          },
          [],
        );
        inputs.push(inName);
        prev = [inName];
      }
      if (MODEL_CLASSES.has(cls)) {
        const r = flatten(l, [...scope, n], prev, file, out, used, [...scopeClasses, cls]);
        prev = r.outputs;
        return;
      }
      push(l, prev);
      prev = [n];
    });
    return { name, inputs: nested ? feed : inputs, outputs: prev };
  }

  // Functional / Model
  const c = isObject(cfg.config) ? cfg.config : {};
  const inputNames = endpointNames(c.input_layers);
  const outputNames = endpointNames(c.output_layers);
  const resolve = (n: string, owner: string, cls: string): string => {
    const a = alias.get(n);
    if (a === undefined)
      fail(file, `layer input '${quoteName(n)}' is not defined before it is used`, owner, cls);
    return a;
  };
  for (const l of layers) {
    const cls = String(l.class_name ?? '');
    const n = layerName(l);
    if (cls === 'InputLayer' && nested) {
      const k = inputNames.indexOf(n);
      const f = feed[k >= 0 ? k : 0];
      if (f !== undefined) {
        alias.set(n, f);
        continue;
      }
    }
    if (Array.isArray(l.inbound_nodes) && l.inbound_nodes.length > 1) {
      throw new StudioError(
        `the layer is applied ${l.inbound_nodes.length} times (a shared layer)`,
        'hls4ml needs one layer per use; give each use its own layer (copy the weights) and save again.',
        { file, node: n, op: cls },
      );
    }
    const inbound = inboundNames(l).map((x) => resolve(x, n, cls));
    if (MODEL_CLASSES.has(cls)) {
      const r = flatten(l, [...scope, n], inbound, file, out, used, [...scopeClasses, cls]);
      if (r.outputs.length !== 1) fail(file, 'nested models with several outputs are not supported', n, cls);
      alias.set(n, r.outputs[0] as string);
      continue;
    }
    push(l, inbound);
  }
  const ins = inputNames.map((x) => resolve(x, name, 'Functional'));
  const outs = outputNames.map((x) => resolve(x, name, 'Functional'));
  if (outs.length === 0) fail(file, 'the functional model lists no output layers');
  return { name, inputs: ins, outputs: outs };
}
