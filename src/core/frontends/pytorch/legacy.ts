/**
 * A whole nn.Sequential saved with the legacy (pre-1.6) torch.save, such as hls4ml's example-models
 * pytorch/three_layer_model.pt. Unlike a custom nn.Module, a Sequential of built-in torch.nn layers has no
 * user code: its forward is the chain of its children, each with torch's own semantics. It is rewritten
 * here as the TorchScript a trace of it would print (one generated class per module instance, with its
 * hyperparameters as literals), so the TorchScript interpreter converts it. Anything else in a pickle is
 * refused by the caller.
 *
 * Legacy layout: pickles of the magic number, the protocol version, the system info and the object, then a
 * pickled list of storage keys, then per key an int64 element count and the raw little-endian data.
 */
import { StudioError } from '../../errors';
import { isStoredTensor, resolveTensors, type StoredTensor } from './archive';
import type { ScriptModel } from './convert';
import { dictGet, isDict, isObject, qualName, seq, unpickle, type PyObject, type PyValue } from './unpickle';

const NN = 'torch.nn.modules';
const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** The pickles of a legacy file: the object and the offset where the storage-key pickle starts. */
export function legacyPickles(bytes: Uint8Array, file: string): { value: PyValue; end: number } {
  let pos = 0;
  let value: PyValue = null;
  for (let i = 0; i < 4; i++) {
    const r = unpickle(bytes, `${file} (legacy torch.save pickle ${i + 1})`, pos);
    value = r.value;
    pos = r.end;
  }
  return { value, end: pos };
}

function collectTensors(v: PyValue, out: Map<string, StoredTensor>, seen = new Set<unknown>()): void {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array || seen.has(v)) return;
  seen.add(v);
  if (isStoredTensor(v)) {
    out.set(v.storageKey, v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collectTensors(x, out, seen);
  else if (v.type === 'tuple') for (const x of v.items) collectTensors(x, out, seen);
  else if (v.type === 'dict') for (const x of v.map.values()) collectTensors(x, out, seen);
  else if (v.type === 'object') {
    for (const x of v.args) collectTensors(x, out, seen);
    collectTensors(v.state, out, seen);
    for (const x of v.items.values()) collectTensors(x, out, seen);
  }
}

/** The storages after the pickles, as `data/<key>` entries like a zip archive's. */
function legacyStorages(
  bytes: Uint8Array,
  start: number,
  value: PyValue,
  file: string,
): Map<string, Uint8Array> {
  const r = unpickle(bytes, `${file} (storage keys)`, start);
  const keys = seq(r.value) ?? [];
  let pos = r.end;
  const tensors = new Map<string, StoredTensor>();
  collectTensors(value, tensors);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  for (const key of keys) {
    if (typeof key !== 'string') break;
    const size = ELEMENT_BYTES[tensors.get(key)?.dtype ?? 'float32'] ?? 4;
    if (pos + 8 > bytes.length) break;
    const count = Number(view.getBigInt64(pos, true));
    pos += 8;
    const n = count * size;
    if (count < 0 || pos + n > bytes.length)
      throw new StudioError(
        `${file}: storage ${key} runs past the end of the file`,
        'The file is truncated.',
      );
    files.set(`data/${key}`, bytes.subarray(pos, pos + n));
    pos += n;
  }
  return files;
}

const list = (v: PyValue | undefined, def: number): string => {
  const items = seq(v);
  if (items) return `[${items.map((x) => String(x)).join(', ')}]`;
  return `[${typeof v === 'number' ? v : def}]`;
};
const num = (v: PyValue | undefined, def: number): string =>
  typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(def);
const bool = (v: PyValue | undefined, def: boolean): string =>
  (typeof v === 'boolean' ? v : def) ? 'True' : 'False';

/** The traced-TorchScript body (one expression on `argument_1`) of a built-in leaf module, or null. */
function leafBody(cls: string, m: PyObject): string | null {
  const a = (k: string): PyValue | undefined => dictGet(m.state, k);
  const x = 'argument_1';
  switch (cls) {
    case `${NN}.linear.Linear`:
      return `torch.linear(${x}, self.weight, self.bias)`;
    case `${NN}.activation.ReLU`:
      return `torch.relu(${x})`;
    case `${NN}.activation.Sigmoid`:
      return `torch.sigmoid(${x})`;
    case `${NN}.activation.Tanh`:
      return `torch.tanh(${x})`;
    case `${NN}.activation.ReLU6`:
      return `torch.hardtanh(${x}, 0., 6.)`;
    case `${NN}.activation.Hardtanh`:
      return `torch.hardtanh(${x}, ${num(a('min_val'), -1)}, ${num(a('max_val'), 1)})`;
    case `${NN}.activation.LeakyReLU`:
      return `torch.leaky_relu(${x}, ${num(a('negative_slope'), 0.01)})`;
    case `${NN}.activation.ELU`:
      return `torch.elu(${x}, ${num(a('alpha'), 1)}, 1, 1)`;
    case `${NN}.activation.Threshold`:
      return `torch.threshold(${x}, ${num(a('threshold'), 0)}, ${num(a('value'), 0)})`;
    case `${NN}.activation.PReLU`:
      return `torch.prelu(${x}, self.weight)`;
    case `${NN}.activation.Softmax`:
      // dim=None: torch picks dim 1 for a [batch, features] input (the legacy implicit-dim rule).
      return `torch.softmax(${x}, ${num(a('dim'), 1)})`;
    case `${NN}.flatten.Flatten`:
      return `torch.flatten(${x}, ${num(a('start_dim'), 1)}, ${num(a('end_dim'), -1)})`;
    case `${NN}.dropout.Dropout`:
    case `${NN}.dropout.Dropout1d`:
    case `${NN}.dropout.Dropout2d`:
    case `${NN}.linear.Identity`:
      return x;
    case `${NN}.batchnorm.BatchNorm1d`:
    case `${NN}.batchnorm.BatchNorm2d`:
      return `torch.batch_norm(${x}, self.weight, self.bias, self.running_mean, self.running_var, False, 0.1, ${num(a('eps'), 1e-5)}, True)`;
    case `${NN}.conv.Conv1d`:
    case `${NN}.conv.Conv2d`: {
      if (typeof a('padding') === 'string') return null;
      return `torch._convolution(${x}, self.weight, self.bias, ${list(a('stride'), 1)}, ${list(a('padding'), 0)}, ${list(a('dilation'), 1)}, False, [0], ${num(a('groups'), 1)}, False, False, True, True)`;
    }
    case `${NN}.pooling.MaxPool1d`:
    case `${NN}.pooling.MaxPool2d`: {
      const fn = cls.endsWith('1d') ? 'max_pool1d' : 'max_pool2d';
      const k = list(a('kernel_size'), 1);
      const s = a('stride') === null ? k : list(a('stride'), 1);
      return `torch.${fn}(${x}, ${k}, ${s}, ${list(a('padding'), 0)}, ${list(a('dilation'), 1)}, ${bool(a('ceil_mode'), false)})`;
    }
    case `${NN}.pooling.AvgPool1d`:
    case `${NN}.pooling.AvgPool2d`: {
      const fn = cls.endsWith('1d') ? 'avg_pool1d' : 'avg_pool2d';
      const k = list(a('kernel_size'), 1);
      const s = a('stride') === null ? k : list(a('stride'), 1);
      return `torch.${fn}(${x}, ${k}, ${s}, ${list(a('padding'), 0)}, ${bool(a('ceil_mode'), false)}, ${bool(a('count_include_pad'), true)}, None)`;
    }
  }
  return null;
}

const entries = (v: PyValue | undefined): [string, PyValue][] => {
  const map = isDict(v) ? v.map : isObject(v) ? v.items : null;
  return map ? [...map].filter((e): e is [string, PyValue] => typeof e[0] === 'string') : [];
};

class Rewriter {
  readonly files = new Map<string, Uint8Array>();
  private count = 0;
  private readonly enc = new TextEncoder();

  /** A TorchScript-like module object for `m`, with its generated code file. */
  module(m: PyObject): PyObject {
    const cls = qualName(m.cls);
    const id = `m${this.count++}`;
    const module = `__torch__.torch.nn.modules.${id}`;
    const state = new Map<PyValue, PyValue>();
    for (const [k, v] of entries(dictGet(m.state, '_parameters'))) state.set(k, v);
    for (const [k, v] of entries(dictGet(m.state, '_buffers'))) state.set(k, v);
    let body: string[];
    if (cls === `${NN}.container.Sequential`) {
      const children = entries(dictGet(m.state, '_modules'));
      body = [];
      let last = 'argument_1';
      children.forEach(([name, child], i) => {
        if (!isObject(child)) return;
        state.set(name, this.module(child));
        body.push(`_m${i} = getattr(self, "${name}")`, `_x${i} = (_m${i}).forward(${last}, )`);
        last = `_x${i}`;
      });
      body.push(`return ${last}`);
    } else {
      const expr = leafBody(cls, m);
      if (expr === null) {
        throw new StudioError(
          `the pickled nn.Sequential contains a ${cls} layer, which is not read from a pickle`,
          "Save the model as TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').",
        );
      }
      body = [`return ${expr}`];
    }
    const text = [
      `class ${m.cls.name}(Module):`,
      `  def forward(self: ${module}.${m.cls.name},`,
      `    argument_1: Tensor) -> Tensor:`,
      ...body.map((l) => `    ${l}`),
      '',
    ].join('\n');
    this.files.set(`code/__torch__/torch/nn/modules/${id}.py`, this.enc.encode(text));
    return {
      type: 'object',
      cls: { type: 'global', module, name: m.cls.name },
      args: [],
      state: { type: 'dict', map: state },
      items: new Map(),
    };
  }
}

/**
 * A ScriptModel for a pickled nn.Sequential of built-in layers (tensors already resolved), reading its
 * storages from `storages` (`data/<key>`); null for any other object (the caller refuses it). The model
 * input is named `input`, as Sequential.forward's argument.
 */
export function sequentialScript(
  value: PyValue,
  storages: ReadonlyMap<string, Uint8Array>,
): ScriptModel | null {
  if (!isObject(value) || qualName(value.cls) !== `${NN}.container.Sequential`) return null;
  const rw = new Rewriter();
  const root = rw.module(value);
  const top = `code/${root.cls.module.split('.').join('/')}.py`;
  const text = new TextDecoder().decode(rw.files.get(top));
  rw.files.set(top, new TextEncoder().encode(text.replaceAll('argument_1', 'input')));
  for (const [k, v] of storages) if (k.startsWith('data/')) rw.files.set(k, v);
  return { root, files: rw.files, constants: [] };
}

/** A legacy torch.save file: its object (tensors resolved) and, for an nn.Sequential, its ScriptModel. */
export function legacyModel(bytes: Uint8Array, file: string): { script: ScriptModel | null; value: PyValue } {
  const { value: raw, end } = legacyPickles(bytes, file);
  const value = resolveTensors(raw);
  if (!isObject(value) || qualName(value.cls) !== `${NN}.container.Sequential`)
    return { script: null, value };
  return { script: sequentialScript(value, legacyStorages(bytes, end, value, file)), value };
}
