/**
 * torch.export archives (.pt2) → ModelGraph. The archive holds the ExportedProgram as JSON
 * (torch/_export/serde/schema.py: graph_module.graph.nodes of aten ops, graph_module.signature.input_specs
 * naming which placeholders are parameters and buffers) and the weights. Three layouts are read:
 *  - torch.export.save of PyTorch 2.1–2.5: serialized_exported_program.json, serialized_state_dict.pt
 *    (a torch.save of the state dict), serialized_constants.pt;
 *  - the PT2 archive (<root>/archive_format = "pt2"): models/<name>.json with data/weights/<name>.pt and
 *    data/constants/<name>.pt;
 *  - the PT2 archive with per-tensor payloads: data/weights/<name>_weights_config.json mapping each FQN to
 *    a raw file data/weights/weight_<n> and its tensor_meta (constants likewise under data/constants/).
 * The aten graph is rewritten as the TorchScript a trace would print — each node inside a built-in
 * torch.nn module becomes a call of a generated module at that module's path (nn_module_stack), other
 * nodes stay functional — so the TorchScript interpreter converts it, with the module paths as layer names.
 */
import { StudioError, quoteName } from '../../errors';
import { readZipEntries } from '../zipEntries';
import { isStoredTensor, readTorchZip, resolveTensors, type StoredTensor } from './archive';
import { convertTorchScript, type TorchConvertOptions } from './convert';
import { isDict, isObject, unpickle, type PyObject, type PyValue } from './unpickle';
import type { ModelGraph } from '../../ir/graph';

export const EXPORT_HINT =
  "Save the program again with torch.export.save(torch.export.export(model.eval(), (example_input,)), 'model.pt2'), or save TorchScript instead: torch.jit.trace(model.eval(), example_input).save('model.pt').";

const SUPPORTED_OPS_HINT =
  'HLS Studio reads these aten ops from a .pt2: linear, addmm, conv1d/conv2d/convolution, relu, sigmoid, tanh, leaky_relu, hardtanh, softmax, batch_norm, max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d, flatten, view/reshape, add, sub, mul, cat, dropout/clone; replace the op or export the model to ONNX.';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };
const isObj = (v: Json | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a zip's entry names are a torch.export archive (sniffing only). */
export function isPt2Listing(names: readonly string[]): boolean {
  return names.some(
    (n) => /^([^/]+\/)?serialized_exported_program\.json$/.test(n) || /^([^/]+\/)?archive_format$/.test(n),
  );
}

// ─────────────────────────────────── archive ───────────────────────────────────

interface Pt2Contents {
  readonly program: JsonObject;
  /** Parameters, buffers and tensor constants by their FQN. */
  readonly tensors: Map<string, StoredTensor>;
  /** Storages under data/<key>, as the TorchScript reader expects them. */
  readonly storages: Map<string, Uint8Array>;
}

function parseJson(bytes: Uint8Array, what: string): JsonObject {
  let v: Json;
  try {
    v = JSON.parse(new TextDecoder().decode(bytes)) as Json;
  } catch (e) {
    throw new StudioError(
      `${what} is not valid JSON (${quoteName(e instanceof Error ? e.message : String(e))})`,
      EXPORT_HINT,
    );
  }
  if (!isObj(v)) throw new StudioError(`${what} is not a JSON object`, EXPORT_HINT);
  return v;
}

/** A torch.save'd state dict (bytes of a nested torch zip): its tensors, storages renamed with `tag`. */
function readSavedTensors(bytes: Uint8Array, what: string, tag: string, into: Pt2Contents): void {
  const zip = readTorchZip(bytes, what);
  const pkl = zip.files.get('data.pkl');
  if (!pkl) throw new StudioError(`${what} is not a torch.save file (it has no data.pkl)`, EXPORT_HINT);
  const value = resolveTensors(unpickle(pkl, `${what}/data.pkl`).value);
  const map = isDict(value) ? value.map : isObject(value) ? value.items : null;
  if (!map) throw new StudioError(`${what} does not hold a dict of tensors`, EXPORT_HINT);
  for (const [k, t] of map) {
    if (typeof k !== 'string' || !isStoredTensor(t)) continue;
    const st = t as unknown as StoredTensor;
    const key = `${tag}_${st.storageKey}`;
    const data = zip.files.get(`data/${st.storageKey}`);
    if (data) into.storages.set(`data/${key}`, data);
    into.tensors.set(k, { ...st, storageKey: key });
  }
}

const DTYPES: Readonly<Record<number, string>> = { 7: 'float32', 8: 'float64', 5: 'int64', 4: 'int32' };

function symInts(v: Json | undefined, what: string): number[] {
  if (!Array.isArray(v)) throw new StudioError(`${what} is not a list`, EXPORT_HINT);
  return v.map((x) => {
    const n = isObj(x) ? x.as_int : undefined;
    if (typeof n !== 'number')
      throw new StudioError(`${what} has a symbolic size; export with static shapes`, EXPORT_HINT);
    return n;
  });
}

/** A payload config (PayloadConfig JSON) and its raw files under `dir`. */
function readPayloads(
  files: ReadonlyMap<string, Uint8Array>,
  configPath: string,
  dir: string,
  tag: string,
  into: Pt2Contents,
): void {
  const config = parseJson(files.get(configPath) as Uint8Array, configPath).config;
  if (!isObj(config)) throw new StudioError(`${configPath} has no config`, EXPORT_HINT);
  for (const [fqn, meta] of Object.entries(config)) {
    if (!isObj(meta) || meta.use_pickle === true) {
      throw new StudioError(`weight '${quoteName(fqn)}' is a pickled object, not a tensor`, EXPORT_HINT);
    }
    const path = typeof meta.path_name === 'string' ? meta.path_name : '';
    const data = files.get(`${dir}${path}`) ?? files.get(path);
    if (!data) throw new StudioError(`weight '${quoteName(fqn)}': ${dir}${path} is missing`, EXPORT_HINT);
    const tm = meta.tensor_meta;
    if (!isObj(tm)) throw new StudioError(`weight '${quoteName(fqn)}' has no tensor_meta`, EXPORT_HINT);
    const dtype = DTYPES[typeof tm.dtype === 'number' ? tm.dtype : -1];
    if (!dtype)
      throw new StudioError(
        `weight '${quoteName(fqn)}' has scalar type ${JSON.stringify(tm.dtype)}; only float32 and float64 weights are supported`,
        'Convert the model to float32 (model.float()) before exporting it.',
      );
    const key = `${tag}_${path.replace(/[^A-Za-z0-9_]/g, '_')}`;
    into.storages.set(`data/${key}`, data);
    const offset = isObj(tm.storage_offset) ? tm.storage_offset.as_int : 0;
    into.tensors.set(fqn, {
      type: 'tensor',
      storageKey: key,
      dtype,
      offset: typeof offset === 'number' ? offset : 0,
      size: symInts(tm.sizes, `weight '${fqn}' sizes`),
      stride: symInts(tm.strides, `weight '${fqn}' strides`),
    });
  }
}

function readPt2(bytes: Uint8Array, file: string): Pt2Contents {
  const files = readZipEntries(bytes, file);
  const names = [...files.keys()];
  const legacy = names.find((n) => /^([^/]+\/)?serialized_exported_program\.json$/.test(n));
  const out: Pt2Contents = { program: {}, tensors: new Map(), storages: new Map() };
  if (legacy) {
    const root = legacy.slice(0, legacy.length - 'serialized_exported_program.json'.length);
    const program = parseJson(files.get(legacy) as Uint8Array, legacy);
    const state = files.get(`${root}serialized_state_dict.pt`);
    if (state) readSavedTensors(state, 'serialized_state_dict.pt', 'w', out);
    const constants = files.get(`${root}serialized_constants.pt`);
    if (constants && constants.length > 0) readSavedTensors(constants, 'serialized_constants.pt', 'c', out);
    return { ...out, program };
  }
  const format = names.find((n) => /^([^/]+\/)?archive_format$/.test(n)) as string;
  const root = format.slice(0, format.length - 'archive_format'.length);
  const models = names.filter((n) => n.startsWith(`${root}models/`) && n.endsWith('.json'));
  if (models.length === 0)
    throw new StudioError('the .pt2 archive holds no exported program (models/*.json)', EXPORT_HINT);
  const modelPath = models.find((n) => n === `${root}models/model.json`) ?? (models.sort()[0] as string);
  const model = modelPath.slice(`${root}models/`.length, -'.json'.length);
  const program = parseJson(files.get(modelPath) as Uint8Array, modelPath.slice(root.length));
  for (const [kind, tag] of [
    ['weights', 'w'],
    ['constants', 'c'],
  ] as const) {
    const dir = `${root}data/${kind}/`;
    const saved = files.get(`${dir}${model}.pt`);
    const config = `${dir}${model}_${kind}_config.json`;
    if (saved) readSavedTensors(saved, `data/${kind}/${model}.pt`, tag, out);
    else if (files.has(config)) readPayloads(files, config, dir, tag, out);
  }
  return { ...out, program };
}

// ─────────────────────────────────── graph ───────────────────────────────────

/** What an FX value name stands for in the generated code. */
type Ref =
  | { readonly k: 'var'; readonly id: string }
  | { readonly k: 'param'; readonly fqn: string }
  /** A parameter transposed by t / permute([1, 0]) (the weight of an addmm). */
  | { readonly k: 'paramT'; readonly fqn: string };

interface GenModule {
  readonly cls: string;
  readonly state: Map<PyValue, PyValue>;
}

const ident = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

/** The innermost module of a node: its path (dots) and type, from nn_module_stack "key,path,type;…". */
function innermostModule(meta: Json | undefined): { path: string; type: string } | null {
  const stack = isObj(meta) && typeof meta.nn_module_stack === 'string' ? meta.nn_module_stack : '';
  const last = stack
    .split(';')
    .filter((s) => s.trim() !== '')
    .pop();
  if (!last) return null;
  const first = last.indexOf(',');
  const lastComma = last.lastIndexOf(',');
  if (first < 0 || lastComma <= first) return null;
  const path = last
    .slice(first + 1, lastComma)
    .replace(/^L\['self'\]\.?/, '')
    .replace(/\._modules\['([^']+)'\]/g, '.$1')
    .replace(/\['?([^'\]]+)'?\]/g, '.$1')
    .replace(/^\./, '');
  return { path, type: last.slice(lastComma + 1) };
}

class Rewriter {
  private readonly refs = new Map<string, Ref>();
  private readonly body: string[] = [];
  private readonly classes: string[] = [];
  private readonly root = new Map<PyValue, PyValue>();
  private readonly attrs = new Set<string>();
  private batch: number | null = null;
  private count = 0;

  constructor(
    private readonly c: Pt2Contents,
    private readonly file: string,
  ) {}

  private tensor(fqn: string, what: string): StoredTensor {
    const t = this.c.tensors.get(fqn);
    if (!t) throw new StudioError(`${what} '${quoteName(fqn)}' is not in the archive's weights`, EXPORT_HINT);
    return t;
  }

  convert(options: TorchConvertOptions): ModelGraph {
    const gm = this.c.program.graph_module;
    const graph = isObj(gm) ? gm.graph : undefined;
    const sig = isObj(gm) ? gm.signature : undefined;
    if (!isObj(gm) || !isObj(graph) || !Array.isArray(graph.nodes) || !isObj(sig))
      throw new StudioError(
        'the exported program has no graph_module with a graph and a signature',
        EXPORT_HINT,
      );
    const users: string[] = [];
    const specs = Array.isArray(sig.input_specs) ? sig.input_specs : [];
    for (const spec of specs) {
      if (!isObj(spec)) continue;
      const [kind, body] = Object.entries(spec)[0] ?? [];
      if (!isObj(body)) continue;
      const arg = isObj(body.arg) ? body.arg : {};
      const argName = isObj(arg.as_tensor) ? arg.as_tensor.name : arg.name;
      if (typeof argName !== 'string') continue;
      if (kind === 'user_input') users.push(argName);
      else if (kind === 'parameter' && typeof body.parameter_name === 'string')
        this.refs.set(argName, { k: 'param', fqn: this.has(body.parameter_name, 'parameter') });
      else if (kind === 'buffer' && typeof body.buffer_name === 'string')
        this.refs.set(argName, { k: 'param', fqn: this.has(body.buffer_name, 'buffer') });
      else if (kind === 'tensor_constant' && typeof body.tensor_constant_name === 'string')
        this.refs.set(argName, { k: 'param', fqn: this.has(body.tensor_constant_name, 'tensor constant') });
      else
        throw new StudioError(
          `input spec '${quoteName(String(kind))}' of '${quoteName(argName)}' is not supported`,
          EXPORT_HINT,
        );
    }
    if (users.length === 0) throw new StudioError('the exported program has no user inputs', EXPORT_HINT);
    const values = isObj(graph.tensor_values) ? graph.tensor_values : {};
    const shapes = users.map((u) => {
      const meta = values[u];
      const sizes = isObj(meta) && Array.isArray(meta.sizes) ? meta.sizes : null;
      const dims = sizes?.map((s) => (isObj(s) && typeof s.as_int === 'number' ? s.as_int : null)) ?? [];
      if (dims.slice(1).some((d) => d === null))
        throw new StudioError(
          `input '${quoteName(u)}' has symbolic sizes beyond the batch`,
          'Export with static input sizes (only the batch may be dynamic).',
        );
      if (typeof dims[0] === 'number') this.batch = dims[0];
      return dims.slice(1) as number[];
    });
    users.forEach((u) => this.refs.set(u, { k: 'var', id: ident(u) }));
    for (const node of graph.nodes) if (isObj(node)) this.node(node);
    const outs = (Array.isArray(graph.outputs) ? graph.outputs : []).map((o) => {
      const name = isObj(o) && isObj(o.as_tensor) ? o.as_tensor.name : undefined;
      const ref = typeof name === 'string' ? this.refs.get(name) : undefined;
      if (!ref || ref.k !== 'var')
        throw new StudioError('a model output is not a computed tensor', EXPORT_HINT);
      return ref.id;
    });
    if (outs.length === 0) throw new StudioError('the exported program has no outputs', EXPORT_HINT);
    this.body.push(`return ${outs.length === 1 ? outs[0] : `(${outs.join(', ')})`}`);
    return this.script(users, options, shapes);
  }

  private has(fqn: string, what: string): string {
    this.tensor(fqn, what);
    return fqn;
  }

  private script(users: string[], options: TorchConvertOptions, shapes: number[][]): ModelGraph {
    const enc = new TextEncoder();
    const files = new Map<string, Uint8Array>(this.c.storages);
    const top = [
      'class ExportedProgram(Module):',
      '  def forward(self: __torch__.exported.ExportedProgram,',
      ...users.map((u, i) => `    ${ident(u)}: Tensor${i === users.length - 1 ? ') -> Tensor:' : ','}`),
      ...this.body.map((l) => `    ${l}`),
      '',
    ];
    files.set('code/__torch__/exported.py', enc.encode(top.join('\n')));
    files.set('code/__torch__/torch/nn/modules/exported.py', enc.encode(this.classes.join('\n')));
    const root: PyObject = {
      type: 'object',
      cls: { type: 'global', module: '__torch__.exported', name: 'ExportedProgram' },
      args: [],
      state: { type: 'dict', map: this.root },
      items: new Map(),
    };
    return convertTorchScript(
      { root, files, constants: [] },
      { ...options, inputShapes: options.inputShapes ?? shapes },
    );
  }

  // ─── nodes ───

  private node(node: JsonObject): void {
    const target = typeof node.target === 'string' ? node.target : '?';
    const outputs = Array.isArray(node.outputs) ? node.outputs : [];
    const outName = (i: number): string | null => {
      const o = outputs[i];
      if (isObj(o) && isObj(o.as_tensor) && typeof o.as_tensor.name === 'string') return o.as_tensor.name;
      if (isObj(o) && Array.isArray(o.as_tensors)) {
        const t = o.as_tensors[i];
        return isObj(t) && typeof t.name === 'string' ? t.name : null;
      }
      return null;
    };
    const out = outName(0);
    const nodeName = typeof node.name === 'string' ? node.name : (out ?? target);
    const args = new Map<string, Json>();
    for (const a of Array.isArray(node.inputs) ? node.inputs : [])
      if (isObj(a) && typeof a.name === 'string') args.set(a.name, a.arg ?? null);
    const m = /^torch\.ops\.aten\.([A-Za-z0-9_]+)(?:\.[A-Za-z0-9_]+)?$/.exec(target);
    try {
      if (!m || out === null) throw this.unsupported(target);
      this.op(m[1] as string, args, out, node.metadata, target);
    } catch (e) {
      if (e instanceof StudioError && e.location.node === undefined)
        throw e.at({ file: this.file, node: nodeName, op: target });
      throw e;
    }
  }

  private unsupported(target: string): StudioError {
    return new StudioError(`op '${quoteName(target)}' is not supported`, SUPPORTED_OPS_HINT);
  }

  /** Arguments of the call being built: tensors in order (the generated module's forward parameters). */
  private op(op: string, args: Map<string, Json>, out: string, meta: Json | undefined, target: string): void {
    const tensors: Ref[] = [];
    const tensorArg = (name: string, optional = false): string => {
      const a = args.get(name);
      const t = isObj(a) && isObj(a.as_tensor) ? a.as_tensor.name : undefined;
      if (typeof t !== 'string') {
        if (optional) return 'None';
        throw new StudioError(`argument '${name}' is not a tensor`, EXPORT_HINT);
      }
      const ref = this.refs.get(t);
      if (!ref) throw new StudioError(`tensor '${quoteName(t)}' is used before it is computed`, EXPORT_HINT);
      if (ref.k === 'paramT')
        throw new StudioError(`a transposed weight is used by ${target}`, SUPPORTED_OPS_HINT);
      tensors.push(ref);
      return `#${tensors.length - 1}`;
    };
    const lit = (name: string, dflt: string): string => literal(args.get(name), dflt);
    const alias = (name: string): void => {
      const a = args.get(name);
      const t = isObj(a) && isObj(a.as_tensor) ? a.as_tensor.name : undefined;
      const ref = typeof t === 'string' ? this.refs.get(t) : undefined;
      if (!ref) throw new StudioError(`argument '${name}' is not a tensor`, EXPORT_HINT);
      this.refs.set(out, ref);
    };
    let call: string;
    switch (op) {
      case 'dropout':
      case 'clone':
      case 'detach':
      case 'alias':
      case 'contiguous':
        return alias(op === 'dropout' ? 'input' : 'self');
      case 't':
      case 'permute':
      case 'transpose':
      case 'numpy_T': {
        const a = args.get('self');
        const ref = isObj(a) && isObj(a.as_tensor) ? this.refs.get(String(a.as_tensor.name)) : undefined;
        const swap = op !== 'permute' || lit('dims', '') === '[1, 0]';
        if (ref?.k === 'param' && swap && this.tensor(ref.fqn, 'weight').size.length === 2) {
          this.refs.set(out, { k: 'paramT', fqn: ref.fqn });
          return;
        }
        throw new StudioError(`${op} of a computed tensor is not supported`, SUPPORTED_OPS_HINT);
      }
      case 'linear':
        call = `torch.linear(${tensorArg('input')}, ${tensorArg('weight')}, ${tensorArg('bias', true)})`;
        break;
      case 'addmm': {
        const m2 = args.get('mat2');
        const ref = isObj(m2) && isObj(m2.as_tensor) ? this.refs.get(String(m2.as_tensor.name)) : undefined;
        if (ref?.k !== 'paramT' || lit('beta', '1') !== '1' || lit('alpha', '1') !== '1')
          throw new StudioError('addmm is supported only as bias + x · weightᵀ', SUPPORTED_OPS_HINT);
        const x = tensorArg('mat1');
        tensors.push({ k: 'param', fqn: ref.fqn });
        call = `torch.linear(${x}, #${tensors.length - 1}, ${tensorArg('self')})`;
        break;
      }
      case 'conv1d':
      case 'conv2d':
        call = `torch.${op}(${tensorArg('input')}, ${tensorArg('weight')}, ${tensorArg('bias', true)}, ${lit('stride', '1')}, ${lit('padding', '0')}, ${lit('dilation', '1')}, ${lit('groups', '1')})`;
        break;
      case 'convolution':
        call = `torch._convolution(${tensorArg('input')}, ${tensorArg('weight')}, ${tensorArg('bias', true)}, ${lit('stride', '[1]')}, ${lit('padding', '[0]')}, ${lit('dilation', '[1]')}, ${lit('transposed', 'False')}, ${lit('output_padding', '[0]')}, ${lit('groups', '1')}, False, False, True, True)`;
        break;
      case 'relu':
      case 'relu_':
      case 'sigmoid':
      case 'tanh':
        call = `torch.${op.replace(/_$/, '')}(${tensorArg('self')})`;
        break;
      case 'leaky_relu':
        call = `torch.leaky_relu(${tensorArg('self')}, ${lit('negative_slope', '0.01')})`;
        break;
      case 'hardtanh':
        call = `torch.hardtanh(${tensorArg('self')}, ${lit('min_val', '-1.')}, ${lit('max_val', '1.')})`;
        break;
      case 'softmax':
      case '_softmax':
        call = `torch.softmax(${tensorArg('self')}, ${lit('dim', '-1')})`;
        break;
      case 'batch_norm':
      case '_native_batch_norm_legit_no_training':
        call = `torch.batch_norm(${tensorArg('input')}, ${tensorArg('weight', true)}, ${tensorArg('bias', true)}, ${tensorArg('running_mean')}, ${tensorArg('running_var')}, False, ${lit('momentum', '0.1')}, ${lit('eps', '1e-05')}, True)`;
        break;
      case 'max_pool1d':
      case 'max_pool2d':
      case 'max_pool2d_with_indices': {
        const fn = op === 'max_pool1d' ? 'max_pool1d' : 'max_pool2d';
        const k = lit('kernel_size', '1');
        const s = lit('stride', '[]');
        call = `torch.${fn}(${tensorArg('self')}, ${k}, ${s === '[]' ? k : s}, ${lit('padding', '0')}, ${lit('dilation', '1')}, ${lit('ceil_mode', 'False')})`;
        break;
      }
      case 'avg_pool1d':
      case 'avg_pool2d': {
        const k = lit('kernel_size', '1');
        const s = lit('stride', '[]');
        call = `torch.${op}(${tensorArg('self')}, ${k}, ${s === '[]' ? k : s}, ${lit('padding', '0')}, ${lit('ceil_mode', 'False')}, ${lit('count_include_pad', 'True')}, None)`;
        break;
      }
      case 'adaptive_avg_pool1d':
      case 'adaptive_avg_pool2d':
      case '_adaptive_avg_pool2d':
        call = `torch.${op.replace(/^_/, '')}(${tensorArg('self')}, ${lit('output_size', '[1]')})`;
        break;
      case 'flatten':
        call = `torch.flatten(${tensorArg('self')}, ${lit('start_dim', '0')}, ${lit('end_dim', '-1')})`;
        break;
      case 'view':
      case 'reshape':
      case '_unsafe_view':
        call = `torch.${op === 'reshape' ? 'reshape' : 'view'}(${tensorArg('self')}, ${this.batchFirst(args.get(op === 'reshape' ? 'shape' : 'size'))})`;
        break;
      case 'add':
      case 'sub':
      case 'mul': {
        if (lit('alpha', '1') !== '1')
          throw new StudioError(`${op} with alpha ≠ 1 is not supported`, SUPPORTED_OPS_HINT);
        const other = args.get('other');
        const b = isObj(other) && isObj(other.as_tensor) ? tensorArg('other') : literal(other, 'None');
        call = `torch.${op}(${tensorArg('self')}, ${b})`;
        break;
      }
      case 'cat': {
        const list = args.get('tensors');
        const items = isObj(list) && Array.isArray(list.as_tensors) ? list.as_tensors : null;
        if (!items) throw new StudioError("cat's tensors are not a list of tensors", EXPORT_HINT);
        const parts = items.map((t) => {
          args.set('__item', { as_tensor: t });
          return tensorArg('__item');
        });
        call = `torch.cat([${parts.join(', ')}], ${lit('dim', '0')})`;
        break;
      }
      default:
        throw this.unsupported(target);
    }
    this.emitCall(call, tensors, out, meta);
  }

  /** A view/reshape size with the batch dimension first written as -1 (the interpreter's convention). */
  private batchFirst(v: Json | undefined): string {
    const items = isObj(v) ? (v.as_ints ?? v.as_sym_ints) : undefined;
    if (!Array.isArray(items) || items.length === 0)
      throw new StudioError('the view size is not a list of integers', SUPPORTED_OPS_HINT);
    const dims = items.map((x) =>
      typeof x === 'number' ? x : isObj(x) && typeof x.as_int === 'number' ? x.as_int : null,
    );
    const first = dims[0];
    if (first !== -1 && first !== null && first !== this.batch)
      throw new StudioError(
        `a view to [${dims.join(', ')}] does not keep the batch dimension first`,
        SUPPORTED_OPS_HINT,
      );
    if (dims.slice(1).some((d) => d === null))
      throw new StudioError(
        'a view with symbolic sizes beyond the batch is not supported',
        SUPPORTED_OPS_HINT,
      );
    return `[-1, ${dims.slice(1).join(', ')}]`;
  }

  /**
   * Emit `out = <call>`: inside a generated module at the node's built-in torch.nn module path (so the
   * layer takes that path as its name), or in the top-level forward for functional ops.
   */
  private emitCall(call: string, tensors: Ref[], out: string, meta: Json | undefined): void {
    const mod = innermostModule(meta);
    const leaf = mod && mod.path !== '' && mod.type.startsWith('torch.nn.modules.') ? mod : null;
    const outVar = `v_${ident(out)}`;
    if (!leaf) {
      const text = call.replace(/#(\d+)/g, (_, i: string) => this.rootArg(tensors[Number(i)] as Ref));
      this.body.push(`${outVar} = ${text}`);
      this.refs.set(out, { k: 'var', id: outVar });
      return;
    }
    let attr = ident(leaf.path.replace(/\./g, '_'));
    for (let k = 1; this.attrs.has(attr); k++) attr = `${ident(leaf.path.replace(/\./g, '_'))}_${k}`;
    this.attrs.add(attr);
    const gen: GenModule = { cls: `N${this.count++}`, state: new Map() };
    const params: string[] = [];
    const vars: string[] = [];
    const text = call.replace(/#(\d+)/g, (_, i: string) => {
      const ref = tensors[Number(i)] as Ref;
      if (ref.k === 'var') {
        vars.push(ref.id);
        params.push(`argument_${vars.length}`);
        return `argument_${vars.length}`;
      }
      const local = ref.fqn.startsWith(`${leaf.path}.`) ? ref.fqn.slice(leaf.path.length + 1) : ref.fqn;
      const name = ident(local);
      gen.state.set(name, this.tensor(ref.fqn, 'weight') as unknown as PyValue);
      return `self.${name}`;
    });
    const qual = `__torch__.torch.nn.modules.exported.${gen.cls}`;
    this.classes.push(
      [
        `class ${gen.cls}(Module):`,
        `  def forward(self: ${qual},`,
        ...(params.length ? params : ['argument_1']).map(
          (p, i, all) => `    ${p}: Tensor${i === all.length - 1 ? ') -> Tensor:' : ','}`,
        ),
        `    return ${text}`,
        '',
      ].join('\n'),
    );
    this.root.set(attr, {
      type: 'object',
      cls: { type: 'global', module: '__torch__.torch.nn.modules.exported', name: gen.cls },
      args: [],
      state: { type: 'dict', map: gen.state },
      items: new Map(),
    });
    const m = `_m${this.count}`;
    this.body.push(`${m} = getattr(self, "${attr}")`, `${outVar} = (${m}).forward(${vars.join(', ')}, )`);
    this.refs.set(out, { k: 'var', id: outVar });
  }

  /** A tensor in the top-level forward: a variable, or a weight held by the root module. */
  private rootArg(ref: Ref): string {
    if (ref.k === 'var') return ref.id;
    const name = `p_${ident(ref.fqn)}`;
    this.root.set(name, this.tensor(ref.fqn, 'weight') as unknown as PyValue);
    return `self.${name}`;
  }
}

/** An Argument union as TorchScript literal text (ints, floats, bools, lists, None). */
function literal(a: Json | undefined, dflt: string): string {
  if (a === undefined || !isObj(a)) return dflt;
  const [kind, v] = Object.entries(a)[0] ?? [];
  const num = (x: Json): string => {
    if (typeof x !== 'number') return 'None';
    return Number.isInteger(x) && kind !== 'as_float' && kind !== 'as_floats' ? String(x) : floatText(x);
  };
  switch (kind) {
    case 'as_none':
      return 'None';
    case 'as_int':
    case 'as_float':
      return num(v as Json);
    case 'as_bool':
      return v ? 'True' : 'False';
    case 'as_ints':
    case 'as_floats':
      return Array.isArray(v) ? `[${v.map(num).join(', ')}]` : dflt;
    case 'as_string':
      return JSON.stringify(v);
    case 'as_sym_int':
      return isObj(v) && typeof v.as_int === 'number' ? String(v.as_int) : dflt;
    default:
      return dflt;
  }
}

function floatText(x: number): string {
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.`;
}

/** Load a .pt2 archive: its exported program through the TorchScript interpreter. */
export function loadExportedProgram(bytes: Uint8Array, options: TorchConvertOptions): ModelGraph {
  const contents = readPt2(bytes, options.file);
  return new Rewriter(contents, options.file).convert(options);
}
