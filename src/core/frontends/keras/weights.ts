/**
 * Where a Keras layer's weights live in the HDF5 file, for the three layouts:
 *  - Keras 2 save_weights / full-model `model_weights`: <layer>/ has a `weight_names` attribute listing
 *    datasets such as 'fc1/kernel:0' (the scope may differ from the layer name, e.g. 'fc1_1').
 *  - Keras 3 model.weights.h5: layers/<snake_case_class[_n]>/vars/0,1,… (the `vars` group often carries
 *    the layer name as an attribute; otherwise the key follows Keras's per-class counter). Recurrent
 *    layers keep their variables under …/cell/vars, TimeDistributed its wrapped layer's under …/layer/vars,
 *    and a nested model its layers under layers/<model key>/layers/<key>/vars.
 * Weights are returned by their Keras 2 base names (kernel, bias, gamma, moving_mean, …). A Bidirectional's
 * are returned as forward/<name> and backward/<name> (Keras 2: the forward_<layer> / backward_<layer> scopes
 * of the weight names, else forward first in weight order; Keras 3: forward_layer/cell/vars and
 * backward_layer/cell/vars); splitDirections separates them.
 */
import type { FloatTensor } from '../../ir/graph';
import type { Hdf5Group } from '../hdf5/index';
import { isObject, type KerasLayer } from './config';

export type LayerWeights = ReadonlyMap<string, FloatTensor>;

export interface WeightStore {
  weightsOf(layer: KerasLayer): LayerWeights;
}

const baseName = (w: string): string => (w.split('/').pop() ?? w).replace(/:\d+$/, '');

/** Every dataset under g (for files without a weight_names attribute), in key order. */
function datasetPaths(g: Hdf5Group, prefix: string, depth: number): string[] {
  if (depth > 3) return [];
  return g.keys.flatMap((k) => {
    const child = g.group(k);
    return child ? datasetPaths(child, `${prefix}${k}/`, depth + 1) : [`${prefix}${k}`];
  });
}

/** Keras 2: the group holding one weight group per top-level layer. */
export class Keras2Weights implements WeightStore {
  constructor(private readonly root: Hdf5Group) {}

  weightsOf(layer: KerasLayer): LayerWeights {
    const top = layer.scope[0] ?? layer.name;
    const g = this.root.group(top);
    const out = new Map<string, FloatTensor>();
    if (!g) return out;
    let names = g.stringListAttr('weight_names') ?? datasetPaths(g, '', 0);
    if (layer.scope.length > 0) names = names.filter((w) => w.split('/').slice(0, -1).includes(layer.name));
    if (layer.className === 'Bidirectional') return bidirectionalKeras2(g, names);
    for (const w of names) {
      const t = g.dataset(w);
      if (t) out.set(baseName(w), t);
    }
    return out;
  }
}

/** Keras 2 Bidirectional: each weight filed under the direction its forward_/backward_ scope names. */
function bidirectionalKeras2(g: Hdf5Group, names: readonly string[]): LayerWeights {
  const out = new Map<string, FloatTensor>();
  const dirOf = (w: string): string | null => {
    const scopes = w.split('/').slice(0, -1);
    if (scopes.some((s) => s.startsWith('forward_'))) return 'forward';
    if (scopes.some((s) => s.startsWith('backward_'))) return 'backward';
    return null;
  };
  names.forEach((w, i) => {
    const t = g.dataset(w);
    // Without scopes, Keras's order: the forward layer's weights, then the backward layer's.
    const dir = dirOf(w) ?? (i < names.length / 2 ? 'forward' : 'backward');
    if (t) out.set(`${dir}/${baseName(w)}`, t);
  });
  return out;
}

/** A Bidirectional's weights (forward/…, backward/…) as two maps keyed by base name. */
export function splitDirections(ws: LayerWeights): { forward: LayerWeights; backward: LayerWeights } {
  const forward = new Map<string, FloatTensor>();
  const backward = new Map<string, FloatTensor>();
  for (const [k, t] of ws) {
    if (k.startsWith('forward/')) forward.set(k.slice('forward/'.length), t);
    else if (k.startsWith('backward/')) backward.set(k.slice('backward/'.length), t);
  }
  return { forward, backward };
}

const snake = (cls: string): string =>
  cls
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();

const RNN = new Set(['SimpleRNN', 'LSTM', 'GRU']);

/** Keras 2 names of the variables Keras 3 stores positionally, per class. */
function varNames(layer: KerasLayer): string[] {
  const c = layer.config;
  const cls = layer.className.replace(/^Q(?=[A-Z])/, '');
  const bias = c.use_bias === false ? [] : ['bias'];
  if (cls === 'BatchNormalization') {
    return [
      ...(c.scale === false ? [] : ['gamma']),
      ...(c.center === false ? [] : ['beta']),
      'moving_mean',
      'moving_variance',
    ];
  }
  if (cls === 'LayerNormalization')
    return [...(c.scale === false ? [] : ['gamma']), ...(c.center === false ? [] : ['beta'])];
  if (cls === 'Embedding') return ['embeddings'];
  if (cls === 'PReLU') return ['alpha'];
  if (cls === 'EinsumDense') return ['kernel', ...(c.bias_axes ? ['bias'] : [])];
  if (cls.startsWith('DepthwiseConv')) return ['depthwise_kernel', ...bias];
  if (cls.startsWith('SeparableConv')) return ['depthwise_kernel', 'pointwise_kernel', ...bias];
  if (RNN.has(cls)) return ['kernel', 'recurrent_kernel', ...bias];
  return ['kernel', ...bias];
}

export class Keras3Weights implements WeightStore {
  /** Layer name → its group under `layers/` (nested models: `<model key>/layers/<key>`). */
  private readonly keyOf = new Map<string, string>();

  constructor(
    private readonly root: Hdf5Group,
    layers: readonly KerasLayer[],
  ) {
    // Keras's own key for each layer: snake_case class name, then _1, _2, … per class among the layers
    // of the same (possibly nested) model, in model order; a nested model's input layers are not listed.
    const counts = new Map<string, Map<string, number>>();
    const assigned = new Map<string, string>();
    const keyIn = (parent: string, name: string, cls: string): string => {
      const id = `${parent}\u0000${name}`;
      const known = assigned.get(id);
      if (known !== undefined) return known;
      const c = counts.get(parent) ?? new Map<string, number>();
      counts.set(parent, c);
      const base = snake(cls);
      const n = c.get(base) ?? 0;
      c.set(base, n + 1);
      const key = `${parent}${n === 0 ? base : `${base}_${n}`}`;
      assigned.set(id, key);
      return key;
    };
    for (const l of layers) {
      if (l.scope.length > 0 && l.className === 'InputLayer') continue;
      let parent = '';
      l.scope.forEach((s, i) => {
        parent = `${keyIn(parent, s, l.scopeClasses?.[i] ?? 'Functional')}/layers/`;
      });
      this.keyOf.set(l.name, keyIn(parent, l.name, l.className));
    }
  }

  /** Keras 3 Bidirectional: forward_layer/cell/vars and backward_layer/cell/vars, named per inner class. */
  private bidirectional(g: Hdf5Group, layer: KerasLayer): LayerWeights {
    const out = new Map<string, FloatTensor>();
    const fwd = layer.config.layer;
    const bwd = isObject(layer.config.backward_layer) ? layer.config.backward_layer : fwd;
    for (const [dir, inner] of [
      ['forward', fwd],
      ['backward', bwd],
    ] as const) {
      if (!isObject(inner) || !isObject(inner.config)) continue;
      const own = { ...layer, className: String(inner.class_name ?? ''), config: inner.config };
      const vars = g.group(`${dir}_layer/cell/vars`) ?? g.group(`${dir}_layer/vars`);
      if (!vars) continue;
      varNames(own).forEach((n, i) => {
        const t = vars.dataset(String(i));
        if (t) out.set(`${dir}/${n}`, t);
      });
    }
    return out;
  }

  private findByName(g: Hdf5Group, name: string, depth: number): Hdf5Group | null {
    if (depth > 3) return null;
    for (const k of g.keys) {
      const child = g.group(k);
      if (!child) continue;
      if (child.group('vars')?.stringAttr('name') === name) return child;
      const inner = child.group('layers');
      if (inner) {
        const found = this.findByName(inner, name, depth + 1);
        if (found) return found;
      }
    }
    return null;
  }

  weightsOf(layer: KerasLayer): LayerWeights {
    const out = new Map<string, FloatTensor>();
    const layersGroup = this.root.group('layers');
    if (!layersGroup) return out;
    let g = this.findByName(layersGroup, layer.name, 0);
    if (!g) {
      const key = this.keyOf.get(layer.name);
      g = key !== undefined ? layersGroup.group(key) : null;
    }
    if (!g) return out;
    if (layer.className === 'Bidirectional') return this.bidirectional(g, layer);
    // TimeDistributed keeps the wrapped layer's variables under layer/vars.
    const inner = layer.config.layer;
    const wrapped =
      layer.className === 'TimeDistributed' && isObject(inner) && isObject(inner.config)
        ? { ...layer, className: String(inner.class_name ?? ''), config: inner.config }
        : null;
    if (wrapped) g = g.group('layer') ?? g;
    const own = wrapped ?? layer;
    const vars =
      (RNN.has(own.className.replace(/^Q(?=[A-Z])/, '')) ? g.group('cell/vars') : null) ?? g.group('vars');
    if (!vars) return out;
    varNames(own).forEach((n, i) => {
      const t = vars.dataset(String(i));
      if (t) out.set(n, t);
    });
    return out;
  }
}
