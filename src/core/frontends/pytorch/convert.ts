/**
 * Traced TorchScript → ModelGraph. The top module's forward is interpreted symbolically: submodule calls
 * run the submodule's own forward (its printed code carries the hyperparameters, e.g. the conv strides in
 * `torch._convolution(...)` or the softmax dim), and every torch op on a computed tensor becomes one IR
 * layer. Layers are named like hls4ml's torch.fx tracer names them: a built-in torch.nn module's op takes
 * the module path (`fc1`, `block_conv1`); a functional op written in the model's own forward takes the op
 * name (`relu`, `relu_1`, `add`).
 *
 * Layout: torch tensors are channels-first, the IR is channels-last. A tensor value remembers how its IR
 * layer stores the torch tensor: 'plain' (same order), 'cl' (channels moved last) or 'flat' (a flattened
 * channels-last tensor; the torch order is channel-major). The input keeps the file's channels-first
 * shape and a Transpose `transpose_input_for_<input>` is inserted before its first spatial consumer, as
 * hls4ml does. A Flatten of a channels-last tensor is a Reshape in channels-last order, and the Dense layer
 * that reads it gets its weight rows permuted to match, so no transpose is needed (hls4ml's graph has none).
 */
import { StudioError, quoteName } from '../../errors';
import { foldBatchNorm } from '../../ir/batchnorm';
import type { ActivationFn, FloatTensor, Layer, MergeOp, ModelGraph } from '../../ir/graph';
import {
  channelsFirstPerm,
  channelsLastAxis,
  channelsLastPerm,
  convWeightToChannelsLast,
  flattenedRowsToChannelsLast,
  transposeData,
} from '../channelsLast';
import { TRACE_HINT, isStoredTensor, readTensor, type StoredTensor } from './archive';
import { findForward, type Expr, type ForwardDef } from './script';
import { isDict, isObject, qualName, seq, type PyObject, type PyValue } from './unpickle';

export const SUPPORTED_TORCH_HINT =
  'Supported torch ops: Linear, Conv1d/2d, BatchNorm1d/2d, ReLU, LeakyReLU, ELU, PReLU, Sigmoid, Tanh, Softmax, ' +
  'Threshold, Hardtanh/ReLU6, MaxPool/AvgPool 1d/2d, Flatten/view, add/sub/mul, cat, RNN/LSTM/GRU (one layer, batch_first). Export the model to ONNX ' +
  'for anything else, or open an issue.';

type Layout = 'plain' | 'cl' | 'flat';

interface TensorVal {
  readonly t: 'tensor';
  readonly layer: string;
  /** Torch shape without the batch dimension. */
  readonly shape: readonly number[];
  readonly layout: Layout;
  /** For 'flat': the channels-first torch shape that was flattened. */
  readonly from?: readonly number[];
  /** The [time, units] output sequence of a recurrent layer. */
  readonly rnnSequence?: boolean;
}
interface ParamVal {
  readonly t: 'param';
  readonly tensor: StoredTensor;
  readonly what: string;
}
interface ModuleVal {
  readonly t: 'module';
  readonly obj: PyObject;
  readonly path: string;
}
interface BatchVal {
  readonly t: 'batch';
}
/** torch.zeros(...): only as the initial state of a recurrent layer. */
interface ZerosVal {
  readonly t: 'zeros';
}
/** h_n / c_n of a recurrent layer: [num_layers, batch, units] in torch, the batch not first. */
interface HiddenVal {
  readonly t: 'hidden';
  readonly layer: string;
  readonly units: number;
  readonly cell: boolean;
}
type Val =
  | TensorVal
  | ParamVal
  | ModuleVal
  | BatchVal
  | ZerosVal
  | HiddenVal
  | number
  | boolean
  | string
  | null
  | Val[];

const isTensor = (v: Val | undefined): v is TensorVal =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'tensor';

export interface ScriptModel {
  readonly root: PyObject;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly constants: readonly PyValue[];
  /** Parsed forward methods by module class, shared by the interpreter runs of one file. */
  readonly forwards?: Map<string, ForwardDef>;
}

export interface TorchConvertOptions {
  readonly name: string;
  readonly file: string;
  /** Batch-free torch (channels-first) shape of each forward argument; inferred when absent. */
  readonly inputShapes?: readonly (readonly number[])[];
  /** Shapes only: skip reading weights (used while searching for the input size). */
  readonly dry?: boolean;
}

/** Thrown when the input shape is not known yet: what the first consumer needs. */
export class NeedInputShape extends Error {
  constructor(
    readonly input: number,
    readonly rank: number,
    readonly channels: number | null,
    readonly features: number | null,
  ) {
    super('input shape needed');
  }
}

const SHAPE_HINT = 'Check the input shape.';
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const decoder = new TextDecoder();

const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = {
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  relu6: 'relu6',
};

const MERGES: Readonly<Record<string, MergeOp>> = {
  add: 'add',
  sub: 'subtract',
  mul: 'multiply',
  minimum: 'minimum',
  maximum: 'maximum',
};

class Interpreter {
  readonly layers: Layer[] = [];
  private readonly used = new Set<string>();
  private readonly transposed = new Map<string, TensorVal>();
  private readonly sources = new Map<string, string>();
  private readonly inputLayers = new Set<string>();
  private readonly forwards: Map<string, ForwardDef>;
  /** Recurrent layers turned into last-step-only layers (returnSequences false) by a select. */
  private readonly lastStepOnly = new Set<string>();
  /** Recurrent layers whose full sequence output has been read. */
  private readonly sequenceRead = new Set<string>();

  constructor(
    private readonly model: ScriptModel,
    private readonly options: TorchConvertOptions,
  ) {
    this.forwards = model.forwards ?? new Map();
  }

  private unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_]/g, '_') || 'layer';
    let name = clean;
    for (let k = 1; this.used.has(name); k++) name = `${clean}_${k}`;
    this.used.add(name);
    return name;
  }

  run(): { inputs: string[]; outputs: string[] } {
    const fwd = this.forwardOf(this.model.root);
    const args: Val[] = [];
    const inputs: string[] = [];
    fwd.params.slice(1).forEach((p, i) => {
      const shape = this.options.inputShapes?.[i];
      if (!shape) {
        args.push({ t: 'tensor', layer: `?input${i}`, shape: [], layout: 'plain' });
        return;
      }
      const name = this.unique(p);
      this.layers.push({
        kind: 'Input',
        name,
        inputs: [],
        outputShape: [...shape],
        source: { op: 'Input', node: p },
      });
      this.inputLayers.add(name);
      inputs.push(name);
      args.push({ t: 'tensor', layer: name, shape, layout: 'plain' });
    });
    const out = this.call({ t: 'module', obj: this.model.root, path: '' }, args, true);
    const outs = Array.isArray(out) ? out : [out];
    const outputs = outs.map((o) => {
      if (!isTensor(o)) throw new StudioError('the model output is not a tensor', TRACE_HINT);
      return this.plainForOutput(o).layer;
    });
    return { inputs, outputs };
  }

  /** A traced model hands its tensors out in torch order: undo a pending channels-last flatten. */
  private plainForOutput(v: TensorVal): TensorVal {
    if (v.layout !== 'flat' || !v.from || v.from.length < 2) return v;
    const clShape = [...v.from.slice(1), v.from[0] as number];
    const r1 = this.emit({
      kind: 'Reshape',
      name: `${v.layer}_unflatten`,
      inputs: [v.layer],
      outputShape: clShape,
      source: { op: 'unflatten', node: v.layer },
    } as Layer);
    const rank = clShape.length;
    const perm = channelsFirstPerm(rank);
    const t = this.emit({
      kind: 'Transpose',
      name: `${v.layer}_to_channels_first`,
      inputs: [r1],
      outputShape: [...v.from],
      source: { op: 'transpose', node: v.layer },
      perm,
    } as Layer);
    const r2 = this.emit({
      kind: 'Reshape',
      name: `${v.layer}_channels_first`,
      inputs: [t],
      outputShape: [prod(v.from)],
      source: { op: 'flatten', node: v.layer },
    } as Layer);
    return { t: 'tensor', layer: r2, shape: v.shape, layout: 'plain' };
  }

  private emit(layer: Layer): string {
    const named = { ...layer, name: this.unique(layer.name) } as Layer;
    this.layers.push(named);
    return named.name;
  }

  private forwardOf(obj: PyObject): ForwardDef {
    const key = qualName(obj.cls);
    const cached = this.forwards.get(key);
    if (cached) return cached;
    const modulePath = obj.cls.module.split('.');
    const file = `code/${modulePath.join('/')}.py`;
    const bytes = this.model.files.get(file);
    const fwd = bytes ? findForward(decoder.decode(bytes), obj.cls.name, file) : null;
    if (!fwd) {
      throw new StudioError(
        `the TorchScript code of module class ${quoteName(key)} (${file}) is missing or has no forward`,
        TRACE_HINT,
      );
    }
    this.forwards.set(key, fwd);
    return fwd;
  }

  /** Call a module's forward with the given arguments. */
  private call(mod: ModuleVal, args: readonly Val[], top = false): Val {
    const fwd = this.forwardOf(mod.obj);
    const env = new Map<string, Val>();
    env.set(fwd.params[0] ?? 'self', mod);
    fwd.params.slice(1).forEach((p, i) => env.set(p, args[i] ?? null));
    const builtin = mod.obj.cls.module.startsWith('__torch__.torch.nn.');
    const ctx: Ctx = { mod, builtin, count: 0, top };
    for (const st of fwd.body) {
      try {
        const v = this.eval(st.value, env, ctx);
        if (st.k === 'return') return v;
        if (st.targets.length === 1) env.set(st.targets[0] as string, v);
        else {
          const items = Array.isArray(v) ? v : null;
          if (!items || items.length !== st.targets.length)
            throw new StudioError(`cannot unpack into ${st.targets.join(', ')}`, TRACE_HINT);
          st.targets.forEach((t, i) => env.set(t, items[i] ?? null));
        }
      } catch (e) {
        if (e instanceof StudioError && e.location.node === undefined)
          throw e.at({ node: mod.path || this.options.name, op: mod.obj.cls.name });
        throw e;
      }
    }
    throw new StudioError(`forward of ${qualName(mod.obj.cls)} has no return`, TRACE_HINT);
  }

  private eval(e: Expr, env: Map<string, Val>, ctx: Ctx): Val {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 'const':
        return e.v;
      case 'neg': {
        const v = this.eval(e.e, env, ctx);
        if (typeof v !== 'number') throw new StudioError('negation of a non-number', TRACE_HINT);
        return -v;
      }
      case 'list':
      case 'tuple':
        return e.items.map((x) => this.eval(x, env, ctx));
      case 'name': {
        if (!env.has(e.id)) throw new StudioError(`name '${quoteName(e.id)}' is not defined`, TRACE_HINT);
        return env.get(e.id) as Val;
      }
      case 'attr': {
        if (e.obj.k === 'name' && e.obj.id === 'CONSTANTS') {
          const idx = Number(e.name.replace(/^c/, ''));
          const c = this.model.constants[idx];
          if (isStoredTensor(c)) return { t: 'param', tensor: c, what: `constant ${e.name}` };
          return (typeof c === 'number' || typeof c === 'string' || typeof c === 'boolean' ? c : null) as Val;
        }
        const obj = this.eval(e.obj, env, ctx);
        return this.attribute(obj, e.name);
      }
      case 'call':
        return this.evalCall(e, env, ctx);
    }
  }

  private attribute(obj: Val, name: string): Val {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || obj.t !== 'module')
      throw new StudioError(`attribute '${quoteName(name)}' of something that is not a module`, TRACE_HINT);
    const state = obj.obj.state;
    const v = isDict(state) ? state.map.get(name) : undefined;
    if (v === undefined) throw new StudioError(`module has no attribute '${quoteName(name)}'`, TRACE_HINT);
    // torch.fx names: dots become underscores, a leading digit gets an underscore (Sequential's `0` → `_0`).
    const joined = obj.path ? `${obj.path}_${name}` : name;
    const path = /^[0-9]/.test(joined) ? `_${joined}` : joined;
    if (isObject(v) && v.cls.module.startsWith('__torch__')) return { t: 'module', obj: v, path };
    if (isStoredTensor(v)) return { t: 'param', tensor: v, what: `${obj.path ? obj.path + '.' : ''}${name}` };
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || v === null) return v;
    const items = seq(v);
    if (items && items.every((x) => typeof x === 'number')) return items as number[];
    throw new StudioError(`module attribute '${quoteName(name)}' has an unsupported type`, TRACE_HINT);
  }

  private evalCall(e: Extract<Expr, { k: 'call' }>, env: Map<string, Val>, ctx: Ctx): Val {
    // (module).forward(args)
    if (e.fn.k === 'attr' && e.fn.name === 'forward') {
      const m = this.eval(e.fn.obj, env, ctx);
      if (typeof m === 'object' && m !== null && !Array.isArray(m) && m.t === 'module')
        return this.call(
          m,
          e.args.map((a) => this.eval(a, env, ctx)),
        );
    }
    // getattr(self, "0"): a child module whose name is not an identifier (nn.Sequential children).
    if (e.fn.k === 'name' && e.fn.id === 'getattr' && e.args.length === 2 && e.args[1]?.k === 'str')
      return this.attribute(this.eval(e.args[0] as Expr, env, ctx), e.args[1].v);
    const fname = dotted(e.fn);
    if (!fname) throw new StudioError('a call of an expression is not supported', TRACE_HINT);
    const args = e.args.map((a) => this.eval(a, env, ctx));
    const kw = new Map<string, Val>();
    for (const [k, v] of e.kwargs) kw.set(k, this.eval(v, env, ctx));
    return this.op(fname, args, kw, ctx);
  }

  private layerName(ctx: Ctx, op: string): string {
    ctx.count++;
    if (ctx.builtin && ctx.mod.path) return ctx.count === 1 ? ctx.mod.path : `${ctx.mod.path}_${op}`;
    return op;
  }

  /** The IR input of an op that works on channels-last spatial data. */
  private spatial(x: TensorVal, op: string): TensorVal {
    if (x.layout === 'cl') return x;
    if (x.layout === 'flat' || x.shape.length < 2 || x.shape.length > 3) {
      throw new StudioError(
        `${op} needs a [channels, width] or [channels, height, width] input, got ${fmt(x.shape)}`,
        SUPPORTED_TORCH_HINT,
      );
    }
    const cached = this.transposed.get(x.layer);
    if (cached) return cached;
    const rank = x.shape.length;
    const perm = channelsLastPerm(rank);
    const irShape = perm.map((p) => x.shape[p] as number);
    const base = this.inputLayers.has(x.layer)
      ? `transpose_input_for_${x.layer}`
      : `transpose_for_${x.layer}`;
    const name = this.emit({
      kind: 'Transpose',
      name: base,
      inputs: [x.layer],
      outputShape: irShape,
      source: { op: 'transpose', node: x.layer },
      perm,
      inserted: true,
    });
    const v: TensorVal = { t: 'tensor', layer: name, shape: x.shape, layout: 'cl' };
    this.transposed.set(x.layer, v);
    return v;
  }

  private irShape(v: TensorVal): number[] {
    if (v.layout === 'cl') return [...v.shape.slice(1), v.shape[0] as number];
    return [...v.shape];
  }

  private tensorArg(v: Val | undefined, op: string, i: number): TensorVal {
    if (isTensor(v)) {
      if (v.layer.startsWith('?input')) {
        throw new NeedInputShape(Number(v.layer.slice(6)), 0, null, null);
      }
      if (v.rnnSequence) {
        if (this.lastStepOnly.has(v.layer))
          throw new StudioError(
            'both the full output sequence and the last step of a recurrent layer are used',
            SUPPORTED_TORCH_HINT,
          );
        this.sequenceRead.add(v.layer);
      }
      return v;
    }
    throw new StudioError(`argument ${i + 1} of ${op} is not a computed tensor`, SUPPORTED_TORCH_HINT);
  }

  private param(v: Val | undefined, what: string): FloatTensor | null {
    if (v === null || v === undefined) return null;
    if (typeof v === 'object' && !Array.isArray(v) && v.t === 'param') {
      if (this.options.dry) return { shape: [...v.tensor.size], data: new Float32Array(0) };
      return readTensor(v.tensor, this.model.files, v.what);
    }
    throw new StudioError(`${what} is not a stored weight tensor`, SUPPORTED_TORCH_HINT);
  }

  private paramShape(v: Val | undefined): readonly number[] | null {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'param' ? v.tensor.size : null;
  }

  private elementwise(ctx: Ctx, op: string, x: TensorVal, layer: Record<string, unknown>): TensorVal {
    const name = this.emit({
      name: this.layerName(ctx, op),
      inputs: [x.layer],
      outputShape: this.irShape(x),
      source: { op: `torch.${op}`, node: ctx.mod.path || op },
      ...layer,
    } as unknown as Layer);
    return relabel(x, name);
  }

  private needShape(
    v: Val | undefined,
    rank: number,
    channels: number | null,
    features: number | null,
  ): void {
    if (isTensor(v) && v.layer.startsWith('?input'))
      throw new NeedInputShape(Number(v.layer.slice(6)), rank, channels, features);
  }

  private op(fname: string, args: Val[], kw: Map<string, Val>, ctx: Ctx): Val {
    const base = fname
      .replace(/^(torch\.nn\.functional\.|torch\.|ops\.prim\.|ops\.aten\.)/, '')
      .replace(/_$/, '');
    const num = (i: number, def?: number): number => {
      const v = args[i];
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === undefined && def !== undefined) return def;
      throw new StudioError(`argument ${i + 1} of ${fname} must be a number`, SUPPORTED_TORCH_HINT);
    };
    const list = (i: number, n: number): number[] => {
      const v = args[i];
      const items = typeof v === 'number' ? [v] : Array.isArray(v) ? v : null;
      if (!items || !items.every((x) => typeof x === 'number'))
        throw new StudioError(
          `argument ${i + 1} of ${fname} must be a list of integers`,
          SUPPORTED_TORCH_HINT,
        );
      const nums = items as number[];
      return nums.length === 1 && n > 1 ? Array<number>(n).fill(nums[0] as number) : nums;
    };
    const act = ACTIVATIONS[base];
    if (act) {
      const x = this.tensorArg(args[0], fname, 0);
      return this.elementwise(ctx, base, x, { kind: 'Activation', activation: act });
    }
    switch (base) {
      case 'size': {
        const d = num(1);
        if (d === 0) return { t: 'batch' };
        const x = this.tensorArg(args[0], fname, 0);
        return x.shape[d > 0 ? d - 1 : x.shape.length + d] ?? null;
      }
      case 'NumToTensor':
      case 'int':
      case 'Int':
      case 'contiguous':
      case 'dropout':
      case 'feature_dropout':
      case 'alpha_dropout':
        return args[0] ?? null;
      case 'leaky_relu':
        return this.elementwise(ctx, base, this.tensorArg(args[0], fname, 0), {
          kind: 'Activation',
          activation: 'leaky_relu',
          alpha: num(1, 0.01),
        });
      case 'elu': {
        if (num(2, 1) !== 1 || num(3, 1) !== 1)
          throw new StudioError('elu with scale ≠ 1 is not supported', SUPPORTED_TORCH_HINT);
        return this.elementwise(ctx, base, this.tensorArg(args[0], fname, 0), {
          kind: 'Activation',
          activation: 'elu',
          alpha: num(1, 1),
        });
      }
      case 'threshold': {
        if (num(2) !== 0)
          throw new StudioError(
            'Threshold with a replacement value ≠ 0 is not supported',
            SUPPORTED_TORCH_HINT,
          );
        return this.elementwise(ctx, base, this.tensorArg(args[0], fname, 0), {
          kind: 'Activation',
          activation: 'thresholded_relu',
          theta: num(1),
        });
      }
      case 'hardtanh': {
        const lo = num(1, -1);
        const hi = num(2, 1);
        const x = this.tensorArg(args[0], fname, 0);
        if (lo === 0)
          return this.elementwise(ctx, base, x, {
            kind: 'Activation',
            activation: hi === 6 ? 'relu6' : 'relu',
            maxValue: hi,
          });
        if (lo === -1 && hi === 1)
          return this.elementwise(ctx, base, x, { kind: 'Activation', activation: 'hard_tanh' });
        throw new StudioError(`hardtanh(${lo}, ${hi}) is not supported`, SUPPORTED_TORCH_HINT);
      }
      case 'prelu': {
        const x = this.tensorArg(args[0], fname, 0);
        const w = this.param(args[1], 'PReLU weight');
        const shape = this.irShape(x);
        const n = prod(shape);
        const alpha = new Float32Array(n);
        const nw = w ? prod(w.shape) : 0;
        const channels =
          x.layout === 'cl'
            ? (shape[shape.length - 1] as number)
            : x.shape.length > 1
              ? (x.shape[0] as number)
              : n;
        if (w && !this.options.dry && nw !== 1 && nw !== channels)
          throw new StudioError(`PReLU has ${nw} parameters for ${channels} channels`, SUPPORTED_TORCH_HINT);
        if (w && !this.options.dry) {
          const inner = x.layout === 'cl' ? 1 : n / channels;
          for (let i = 0; i < n; i++) {
            const c = x.layout === 'cl' ? i % channels : Math.floor(i / inner) % channels;
            alpha[i] = w.data[nw === 1 ? 0 : c] as number; // one shared alpha is broadcast (hls4ml-facts §11)
          }
        }
        return this.elementwise(ctx, base, x, { kind: 'PReLU', alpha: { shape, data: alpha } });
      }
      case 'softmax':
      case 'log_softmax': {
        if (base === 'log_softmax')
          throw new StudioError('log_softmax is not supported', SUPPORTED_TORCH_HINT);
        const x = this.tensorArg(args[0], fname, 0);
        const dim = num(1, -1);
        const rank = x.shape.length;
        const axis = dim < 0 ? dim + rank : dim - 1;
        const irAxis = x.layout === 'cl' ? channelsLastAxis(axis, rank) : axis;
        if (irAxis !== rank - 1)
          throw new StudioError(
            `softmax over dim ${dim} of a ${fmt(x.shape)} tensor is not supported; only the last IR axis is`,
            SUPPORTED_TORCH_HINT,
          );
        return this.elementwise(ctx, base, x, { kind: 'Softmax', axis: -1 });
      }
      case 'linear':
        return this.linear(args, ctx, fname);
      case 'addmm': // addmm(bias, x, weight.t()) is not printed by recent tracers; refuse clearly
        throw new StudioError('addmm is not supported; re-trace the model with a recent PyTorch', TRACE_HINT);
      case '_convolution':
      case 'conv1d':
      case 'conv2d':
        return this.conv(base, args, ctx, fname);
      case 'batch_norm':
        return this.batchNorm(args, ctx, fname);
      case 'max_pool1d':
      case 'max_pool2d':
      case 'avg_pool1d':
      case 'avg_pool2d':
        return this.pool(base, args, ctx, fname, list);
      case 'adaptive_avg_pool1d':
      case 'adaptive_avg_pool2d':
      case 'adaptive_max_pool1d':
      case 'adaptive_max_pool2d': {
        this.needShape(args[0], base.endsWith('1d') ? 2 : 3, null, null);
        const x = this.spatial(this.tensorArg(args[0], fname, 0), fname);
        const out = list(1, base.endsWith('1d') ? 1 : 2);
        if (!out.every((o) => o === 1))
          throw new StudioError('adaptive pooling is supported only to output size 1', SUPPORTED_TORCH_HINT);
        const shape = [x.shape[0] as number, ...out];
        const name = this.emit({
          kind: 'GlobalPooling',
          name: this.layerName(ctx, base),
          inputs: [x.layer],
          outputShape: [...out, x.shape[0] as number],
          source: { op: fname, node: ctx.mod.path || base },
          rank: out.length as 1 | 2,
          op: base.includes('max') ? 'max' : 'average',
          keepDims: true,
        });
        return { t: 'tensor', layer: name, shape, layout: 'cl' };
      }
      case 'flatten': {
        const x = this.tensorArg(args[0], fname, 0);
        const start = num(1, 0);
        const end = num(2, -1);
        if (start !== 1 || (end !== -1 && end !== x.shape.length))
          throw new StudioError(
            `flatten(start_dim=${start}, end_dim=${end}) is supported only from dim 1 to the end`,
            SUPPORTED_TORCH_HINT,
          );
        return this.flatten(x, ctx, base, fname);
      }
      case 'view':
      case 'reshape': {
        const x = this.tensorArg(args[0], fname, 0);
        const target = Array.isArray(args[1]) ? args[1] : args.slice(1);
        const dims = target.slice(1);
        const first = target[0];
        const batchFirst =
          first === -1 ||
          (typeof first === 'object' && first !== null && !Array.isArray(first) && first.t === 'batch');
        if (!batchFirst || !dims.every((d) => typeof d === 'number'))
          throw new StudioError(
            `${base} to ${JSON.stringify(target)} is not supported; keep the batch dimension first`,
            SUPPORTED_TORCH_HINT,
          );
        const shape = (dims as number[]).slice();
        const neg = shape.indexOf(-1);
        if (neg >= 0) shape[neg] = prod(x.shape) / -prod(shape);
        if (prod(shape) !== prod(x.shape))
          throw new StudioError(
            `${base} of ${fmt(x.shape)} to ${fmt(shape)} changes the element count`,
            TRACE_HINT,
          );
        if (shape.length === 1) return this.flatten(x, ctx, base, fname);
        if (x.layout !== 'plain')
          throw new StudioError(
            `${base} of a channels-first feature map to ${fmt(shape)} is not supported`,
            SUPPORTED_TORCH_HINT,
          );
        const name = this.emit({
          kind: 'Reshape',
          name: this.layerName(ctx, base),
          inputs: [x.layer],
          outputShape: shape,
          source: { op: fname, node: ctx.mod.path || base },
        });
        return { t: 'tensor', layer: name, shape, layout: 'plain' };
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'minimum':
      case 'maximum':
        return this.merge(base, args, kw, ctx, fname);
      case 'cat':
      case 'concat':
      case 'concatenate':
        return this.concat(base, args, ctx, fname);
      case 'zeros':
        return { t: 'zeros' };
      case 'device':
        return null;
      case 'lstm':
      case 'gru':
      case 'rnn_tanh':
      case 'rnn_relu':
        return this.recurrent(base, args, ctx, fname);
      case 'select':
        return this.select(args, fname);
      case 'squeeze': {
        const h = args[0];
        if (typeof h === 'object' && h !== null && !Array.isArray(h) && h.t === 'hidden' && num(1, 0) === 0)
          return this.lastStep(h.layer, h.units, h.cell, fname);
        throw new StudioError(`${fname} is supported only on a recurrent layer's h_n`, SUPPORTED_TORCH_HINT);
      }
    }
    throw new StudioError(`unsupported torch op '${quoteName(fname)}'`, SUPPORTED_TORCH_HINT, { op: fname });
  }

  /**
   * torch.lstm / gru / rnn_tanh / rnn_relu (input, hx, params, has_biases, num_layers, dropout, train,
   * bidirectional, batch_first) → one recurrent layer returning the whole sequence; a later select of the
   * last step (or use of h_n) makes it a last-step layer. Gates: torch LSTM i,f,g,o is Keras i,f,c,o;
   * torch GRU r,z,n becomes Keras z,r,h; both biases are kept and the GRU resets after the matmul.
   */
  private recurrent(base: string, args: Val[], ctx: Ctx, fname: string): Val {
    const params = Array.isArray(args[2]) ? args[2] : null;
    const hasBias = args[3] === true;
    if (!params || params.length !== (hasBias ? 4 : 2))
      throw new StudioError(
        `${fname} with ${Array.isArray(args[2]) ? args[2].length : 0} weight tensors is not supported; only one layer, one direction`,
        SUPPORTED_TORCH_HINT,
      );
    if (args[4] !== 1 || args[7] === true)
      throw new StudioError(
        `${fname}: only num_layers=1 and bidirectional=False are supported`,
        SUPPORTED_TORCH_HINT,
      );
    if (args[8] !== true)
      throw new StudioError(
        `${fname}: only batch_first=True is supported`,
        'Build the layer with batch_first=True.',
      );
    const hx = Array.isArray(args[1]) ? args[1] : [args[1]];
    if (!hx.every((h) => typeof h === 'object' && h !== null && !Array.isArray(h) && h.t === 'zeros'))
      throw new StudioError(
        `${fname}: an initial state other than zeros is not supported`,
        SUPPORTED_TORCH_HINT,
      );
    const wShape = this.paramShape(params[0]);
    const rShape = this.paramShape(params[1]);
    const gates = base === 'lstm' ? 4 : base === 'gru' ? 3 : 1;
    if (!wShape || !rShape || wShape.length !== 2 || rShape.length !== 2)
      throw new StudioError(`${fname} weights must be stored 2-D tensors`, SUPPORTED_TORCH_HINT);
    const units = rShape[1] as number;
    const nIn = wShape[1] as number;
    this.needShape(args[0], 2, null, null);
    const x = this.tensorArg(args[0], fname, 0);
    if (x.shape.length !== 2 || x.shape[1] !== nIn || x.layout !== 'plain')
      throw new StudioError(`${fname} expects a [time, ${nIn}] input, got ${fmt(x.shape)}`, SHAPE_HINT);
    const order = base === 'gru' ? [1, 0, 2] : Array.from({ length: gates }, (_, i) => i);
    const w = this.param(params[0], `${fname} weight_ih`) as FloatTensor;
    const r = this.param(params[1], `${fname} weight_hh`) as FloatTensor;
    const b = hasBias ? this.param(params[2], `${fname} bias_ih`) : null;
    const rb = hasBias ? this.param(params[3], `${fname} bias_hh`) : null;
    const dry = this.options.dry === true;
    const kind = base === 'lstm' ? 'LSTM' : base === 'gru' ? 'GRU' : 'SimpleRNN';
    const name = this.emit({
      kind,
      name: this.layerName(ctx, base),
      inputs: [x.layer],
      outputShape: [x.shape[0] as number, units],
      source: { op: fname, node: ctx.mod.path || base },
      units,
      returnSequences: true,
      activation: base === 'rnn_relu' ? 'relu' : 'tanh',
      recurrentActivation: 'sigmoid',
      resetAfter: base === 'gru',
      kernel: dry ? w : gateMajor(w, gates, units, order),
      recurrentKernel: dry ? r : gateMajor(r, gates, units, order),
      bias: b && !dry ? gateVector(b, units, order) : b,
      recurrentBias: rb && !dry ? gateVector(rb, units, order) : rb,
    });
    const seq: TensorVal = {
      t: 'tensor',
      layer: name,
      shape: [x.shape[0] as number, units],
      layout: 'plain',
      rnnSequence: true,
    };
    const h: HiddenVal = { t: 'hidden', layer: name, units, cell: false };
    return base === 'lstm' ? [seq, h, { ...h, cell: true }] : [seq, h];
  }

  /** The recurrent layer `layer` keeps only its last step: its output becomes [units]. */
  private lastStep(layer: string, units: number, cell: boolean, fname: string): TensorVal {
    if (cell)
      throw new StudioError(`${fname} of an LSTM's cell state c_n is not supported`, SUPPORTED_TORCH_HINT);
    if (this.sequenceRead.has(layer))
      throw new StudioError(
        'both the full output sequence and the last step of a recurrent layer are used',
        SUPPORTED_TORCH_HINT,
      );
    const i = this.layers.findIndex((l) => l.name === layer);
    const l = this.layers[i];
    if (l && (l.kind === 'LSTM' || l.kind === 'GRU' || l.kind === 'SimpleRNN') && l.returnSequences)
      this.layers[i] = { ...l, returnSequences: false, outputShape: [units] };
    this.lastStepOnly.add(layer);
    return { t: 'tensor', layer, shape: [units], layout: 'plain' };
  }

  /** torch.select: only the last time step of a recurrent output, or h_n[-1]. */
  private select(args: Val[], fname: string): Val {
    const v = args[0];
    const dim = args[1];
    const index = args[2];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.t === 'hidden') {
      if (dim === 0 && (index === -1 || index === 0)) return this.lastStep(v.layer, v.units, v.cell, fname);
    } else if (
      isTensor(v) &&
      v.rnnSequence &&
      dim === 1 &&
      (index === -1 || index === (v.shape[0] as number) - 1)
    ) {
      if (this.sequenceRead.has(v.layer))
        throw new StudioError(
          'both the full output sequence and the last step of a recurrent layer are used',
          SUPPORTED_TORCH_HINT,
        );
      return this.lastStep(v.layer, v.shape[1] as number, false, fname);
    }
    throw new StudioError(
      `${fname} is supported only for the last step of a recurrent layer's output`,
      SUPPORTED_TORCH_HINT,
    );
  }

  private flatten(x: TensorVal, ctx: Ctx, base: string, fname: string): TensorVal {
    const n = prod(x.shape);
    const name = this.emit({
      kind: 'Reshape',
      name: this.layerName(ctx, base),
      inputs: [x.layer],
      outputShape: [n],
      source: { op: fname, node: ctx.mod.path || base },
    });
    if (x.layout === 'cl') return { t: 'tensor', layer: name, shape: [n], layout: 'flat', from: x.shape };
    return { t: 'tensor', layer: name, shape: [n], layout: x.layout, ...(x.from ? { from: x.from } : {}) };
  }

  private linear(args: Val[], ctx: Ctx, fname: string): TensorVal {
    const wShape = this.paramShape(args[1]);
    if (!wShape || wShape.length !== 2)
      throw new StudioError('linear weight must be a 2-D stored tensor', SUPPORTED_TORCH_HINT);
    const [nOut, nIn] = wShape as [number, number];
    this.needShape(args[0], 1, null, nIn);
    const x = this.tensorArg(args[0], fname, 0);
    if (x.shape.length !== 1)
      throw new StudioError(
        `Linear on a ${fmt(x.shape)} input is not supported; Dense layers take flat inputs`,
        'Flatten the input before the linear layer.',
      );
    if (x.shape[0] !== nIn)
      throw new StudioError(
        `Linear expects ${nIn} input features, but its input has ${x.shape[0]}`,
        SHAPE_HINT,
      );
    const w = this.param(args[1], 'linear weight') as FloatTensor;
    const b = this.param(args[2], 'linear bias');
    const weight = this.options.dry ? w : inputMajor(w, nIn, nOut, x.layout === 'flat' ? x.from : undefined);
    const name = this.emit({
      kind: 'Dense',
      name: this.layerName(ctx, 'linear'),
      inputs: [x.layer],
      outputShape: [nOut],
      source: { op: fname, node: ctx.mod.path || 'linear' },
      nIn,
      nOut,
      weight,
      bias: b ? { shape: [nOut], data: b.data } : null,
    });
    return { t: 'tensor', layer: name, shape: [nOut], layout: 'plain' };
  }

  private conv(base: string, args: Val[], ctx: Ctx, fname: string): TensorVal {
    const wShape = this.paramShape(args[1]);
    if (!wShape || (wShape.length !== 3 && wShape.length !== 4))
      throw new StudioError('convolution weight must be a 3-D or 4-D stored tensor', SUPPORTED_TORCH_HINT);
    const rank = (wShape.length - 2) as 1 | 2;
    const [nFilt, nChanPerGroup] = wShape as [number, number];
    this.needShape(args[0], rank + 1, nChanPerGroup, null);
    const listArg = (i: number, def: number): number[] => {
      const v = args[i];
      if (v === undefined) return Array<number>(rank).fill(def);
      const items = typeof v === 'number' ? [v] : Array.isArray(v) ? v : null;
      if (!items || !items.every((n) => typeof n === 'number'))
        throw new StudioError(
          `convolution argument ${i + 1} must be integers (padding='same' is not supported)`,
          SUPPORTED_TORCH_HINT,
        );
      const nums = items as number[];
      return nums.length === 1 ? Array<number>(rank).fill(nums[0] as number) : nums;
    };
    const strides = listArg(3, 1);
    const padding = listArg(4, 0);
    const dilations = listArg(5, 1);
    let groups = 1;
    if (base === '_convolution') {
      if (args[6] === true)
        throw new StudioError('transposed convolution is not supported', SUPPORTED_TORCH_HINT);
      groups = typeof args[8] === 'number' ? args[8] : 1;
    } else groups = typeof args[6] === 'number' ? args[6] : 1;
    if (groups !== 1)
      throw new StudioError(`grouped convolution (groups=${groups}) is not supported`, SUPPORTED_TORCH_HINT);
    const x = this.spatial(this.tensorArg(args[0], fname, 0), fname);
    if (x.shape.length !== rank + 1 || x.shape[0] !== nChanPerGroup)
      throw new StudioError(
        `the convolution expects ${nChanPerGroup} input channels and rank ${rank + 1}, got input ${fmt(x.shape)}`,
        SHAPE_HINT,
      );
    const kernel = wShape.slice(2);
    const pads = padding.flatMap((p) => [p, p]);
    const outSpatial = kernel.map((k, i) => {
      const n = x.shape[i + 1] as number;
      return (
        Math.floor(
          (n + 2 * (padding[i] as number) - (dilations[i] as number) * (k - 1) - 1) / (strides[i] as number),
        ) + 1
      );
    });
    if (outSpatial.some((o) => o < 1))
      throw new StudioError(`the convolution output would be empty for input ${fmt(x.shape)}`, SHAPE_HINT);
    const w = this.param(args[1], 'convolution weight') as FloatTensor;
    const b = this.param(args[2], 'convolution bias');
    const weight = this.options.dry ? w : convWeightToChannelsLast(w.data, w.shape);
    const name = this.emit({
      kind: 'Conv',
      name: this.layerName(ctx, 'conv'),
      inputs: [x.layer],
      outputShape: [...outSpatial, nFilt],
      source: { op: fname, node: ctx.mod.path || 'conv' },
      rank,
      kernel,
      strides,
      dilations,
      pads,
      nChan: nChanPerGroup,
      nFilt,
      weight,
      bias: b ? { shape: [nFilt], data: b.data } : null,
    });
    return { t: 'tensor', layer: name, shape: [nFilt, ...outSpatial], layout: 'cl' };
  }

  private batchNorm(args: Val[], ctx: Ctx, fname: string): TensorVal {
    const shape = this.paramShape(args[3]) ?? this.paramShape(args[1]);
    const c = shape?.[0] ?? 0;
    this.needShape(args[0], 1, null, c);
    let x = this.tensorArg(args[0], fname, 0);
    if (x.shape.length > 1) x = this.spatial(x, fname);
    if (args[5] === true)
      throw new StudioError('batch_norm in training mode; call model.eval() before tracing', TRACE_HINT);
    const eps = typeof args[7] === 'number' ? args[7] : 1e-5;
    const mean = this.param(args[3], 'running_mean');
    const variance = this.param(args[4], 'running_var');
    if (!mean || !variance)
      throw new StudioError('batch_norm without running statistics is not supported', TRACE_HINT);
    const gamma = this.param(args[1], 'batch_norm weight')?.data ?? new Float32Array(c).fill(1);
    const beta = this.param(args[2], 'batch_norm bias')?.data ?? new Float32Array(c);
    const folded = this.options.dry
      ? { scale: new Float32Array(c), bias: new Float32Array(c) }
      : foldBatchNorm(gamma, beta, mean.data, variance.data, eps);
    return this.elementwise(ctx, 'batch_norm', x, {
      kind: 'BatchNormalization',
      scale: { shape: [c], data: folded.scale },
      bias: { shape: [c], data: folded.bias },
    });
  }

  private pool(
    base: string,
    args: Val[],
    ctx: Ctx,
    fname: string,
    list: (i: number, n: number) => number[],
  ): TensorVal {
    const rank = base.endsWith('1d') ? 1 : 2;
    this.needShape(args[0], rank + 1, null, null);
    const x = this.spatial(this.tensorArg(args[0], fname, 0), fname);
    const kernel = list(1, rank);
    const s = args[2];
    const strides = s === undefined || (Array.isArray(s) && s.length === 0) ? kernel : list(2, rank);
    const padding = args[3] === undefined ? Array<number>(rank).fill(0) : list(3, rank);
    const isMax = base.startsWith('max');
    const dilations = isMax && args[4] !== undefined ? list(4, rank) : Array<number>(rank).fill(1);
    const ceil = isMax ? args[5] === true : args[4] === true;
    const countPad = isMax ? false : args[5] !== false;
    if (dilations.some((d) => d !== 1))
      throw new StudioError('dilated pooling is not supported', SUPPORTED_TORCH_HINT);
    if (!isMax && args[6] !== undefined && args[6] !== null)
      throw new StudioError('avg_pool with divisor_override is not supported', SUPPORTED_TORCH_HINT);
    const out = kernel.map((k, i) => {
      const n = (x.shape[i + 1] as number) + 2 * (padding[i] as number) - k;
      const st = strides[i] as number;
      return (ceil ? Math.ceil(n / st) : Math.floor(n / st)) + 1;
    });
    if (
      ceil &&
      out.some(
        (o, i) => (o - 1) * (strides[i] as number) >= (x.shape[i + 1] as number) + (padding[i] as number),
      )
    )
      throw new StudioError(
        'pooling with ceil_mode=True that adds a partial window is not supported',
        SUPPORTED_TORCH_HINT,
      );
    if (out.some((o) => o < 1))
      throw new StudioError(`the pooling output would be empty for input ${fmt(x.shape)}`, SHAPE_HINT);
    const name = this.emit({
      kind: 'Pooling',
      name: this.layerName(ctx, base),
      inputs: [x.layer],
      outputShape: [...out, x.shape[0] as number],
      source: { op: fname, node: ctx.mod.path || base },
      op: isMax ? 'max' : 'average',
      countPad,
      rank: rank as 1 | 2,
      kernel,
      strides,
      dilations,
      pads: padding.flatMap((p) => [p, p]),
    });
    return { t: 'tensor', layer: name, shape: [x.shape[0] as number, ...out], layout: 'cl' };
  }

  /** Two tensors in the same layout (a plain feature map is moved channels-last when the other is). */
  private pair(a: TensorVal, b: TensorVal, fname: string): [TensorVal, TensorVal] {
    if (a.layout === b.layout && (a.layout !== 'flat' || fmt(a.from ?? []) === fmt(b.from ?? [])))
      return [a, b];
    if (a.layout === 'cl' && b.shape.length > 1) return [a, this.spatial(b, fname)];
    if (b.layout === 'cl' && a.shape.length > 1) return [this.spatial(a, fname), b];
    throw new StudioError(
      `${fname} of a flattened feature map and a plain tensor is not supported`,
      SUPPORTED_TORCH_HINT,
    );
  }

  private merge(base: string, args: Val[], kw: Map<string, Val>, ctx: Ctx, fname: string): TensorVal {
    if (!isTensor(args[0]) || !isTensor(args[1]))
      throw new StudioError(
        `${fname} with a constant operand is not supported; only tensor ${base} tensor is`,
        SUPPORTED_TORCH_HINT,
      );
    const alpha = args[2] ?? kw.get('alpha') ?? 1;
    if (alpha !== 1)
      throw new StudioError(`${fname} with alpha=${String(alpha)} is not supported`, SUPPORTED_TORCH_HINT);
    const [a, b] = this.pair(this.tensorArg(args[0], fname, 0), this.tensorArg(args[1], fname, 1), fname);
    if (fmt(a.shape) !== fmt(b.shape))
      throw new StudioError(
        `${fname} of shapes ${fmt(a.shape)} and ${fmt(b.shape)} (broadcasting) is not supported`,
        SUPPORTED_TORCH_HINT,
      );
    const name = this.emit({
      kind: 'Merge',
      name: this.layerName(ctx, base),
      inputs: [a.layer, b.layer],
      outputShape: this.irShape(a),
      source: { op: fname, node: ctx.mod.path || base },
      op: MERGES[base] as MergeOp,
    });
    return relabel(a, name);
  }

  private concat(base: string, args: Val[], ctx: Ctx, fname: string): TensorVal {
    const parts = Array.isArray(args[0]) ? args[0] : null;
    if (!parts || parts.length !== 2 || !parts.every(isTensor))
      throw new StudioError(`${fname} is supported for exactly two computed tensors`, SUPPORTED_TORCH_HINT);
    const [a, b] = this.pair(this.tensorArg(parts[0], fname, 0), this.tensorArg(parts[1], fname, 1), fname);
    const rank = a.shape.length;
    const dim = typeof args[1] === 'number' ? args[1] : 0;
    const axis = dim < 0 ? dim + rank : dim - 1;
    if (axis < 0 || axis >= rank || b.shape.length !== rank)
      throw new StudioError(
        `${fname} along dim ${dim} (the batch or out of range) is not supported`,
        SUPPORTED_TORCH_HINT,
      );
    if (a.layout === 'flat')
      throw new StudioError(`${fname} of flattened feature maps is not supported`, SUPPORTED_TORCH_HINT);
    const shape = a.shape.map((d, i) => (i === axis ? d + (b.shape[i] as number) : d));
    const irAxis = a.layout === 'cl' ? channelsLastAxis(axis, rank) : axis;
    const out: TensorVal = { t: 'tensor', layer: '', shape, layout: a.layout };
    const name = this.emit({
      kind: 'Concatenate',
      name: this.layerName(ctx, base),
      inputs: [a.layer, b.layer],
      outputShape: this.irShape(out),
      source: { op: fname, node: ctx.mod.path || base },
      axis: irAxis,
    });
    return { ...out, layer: name };
  }
}

interface Ctx {
  readonly mod: ModuleVal;
  readonly builtin: boolean;
  count: number;
  readonly top: boolean;
}

/** The same tensor layout produced by a new layer (no longer a recurrent layer's own output). */
function relabel(x: TensorVal, layer: string): TensorVal {
  return { t: 'tensor', layer, shape: x.shape, layout: x.layout, ...(x.from ? { from: x.from } : {}) };
}

function dotted(e: Expr): string | null {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') {
    const o = dotted(e.obj);
    return o === null ? null : `${o}.${e.name}`;
  }
  return null;
}

/**
 * torch Linear weight [nOut, nIn] → IR [nIn, nOut]. When the input is a channels-last flatten of a
 * channels-first map of torch shape `from`, the rows are reordered to read it (shared helper, as ONNX).
 */
function inputMajor(w: FloatTensor, nIn: number, nOut: number, from?: readonly number[]): FloatTensor {
  const t = transposeData(w.data, [nOut, nIn], [1, 0]);
  const data = from && from.length > 1 ? flattenedRowsToChannelsLast(t, from, nOut) : t;
  return { shape: [nIn, nOut], data };
}

/** Interpret the model once with known input shapes. */
export function interpret(model: ScriptModel, options: TorchConvertOptions): ModelGraph {
  const it = new Interpreter(model, options);
  const { inputs, outputs } = it.run();
  return {
    name: options.name,
    format: 'pytorch',
    layers: it.layers,
    inputs,
    outputs,
    metadata: { producer: 'torch.jit (TorchScript)' },
  };
}

const MAX_1D = 4096;
const MAX_2D = 512;

/**
 * Convert with the given input shapes, or infer them: a flat input takes the first Linear's in_features
 * (or a BatchNorm1d's channel count); a feature map takes the first conv's channels and the one spatial
 * size that makes every later layer fit (e.g. the Linear after a Flatten). Square images are assumed.
 */
export function convertTorchScript(script: ScriptModel, options: TorchConvertOptions): ModelGraph {
  const model: ScriptModel = { ...script, forwards: script.forwards ?? new Map() };
  const shapes: number[][] = (options.inputShapes ?? []).map((s) => [...s]);
  for (let guard = 0; guard < 8; guard++) {
    try {
      return interpret(model, { ...options, inputShapes: shapes });
    } catch (e) {
      if (!(e instanceof NeedInputShape)) throw e;
      shapes[e.input] = inferShape(model, options, shapes, e);
    }
  }
  throw new StudioError('the model has too many inputs to infer their shapes', TRACE_HINT);
}

function inferShape(
  model: ScriptModel,
  options: TorchConvertOptions,
  known: number[][],
  need: NeedInputShape,
): number[] {
  if (need.rank === 1 && need.features !== null) return [need.features];
  const ask = new StudioError(
    `the input shape of a ${need.rank === 0 ? '' : `rank-${need.rank} `}input cannot be read from a TorchScript file`,
    'TorchScript does not record input shapes; give the input shape when loading (channels first, without the batch dimension, e.g. [4, 16]).',
    { node: `input ${need.input}` },
  );
  if (need.rank < 2 || need.channels === null) throw ask;
  const max = need.rank === 2 ? MAX_1D : MAX_2D;
  const found: number[][] = [];
  let other: StudioError | null = null;
  for (let n = 1; n <= max && found.length < 2; n++) {
    const candidate = need.rank === 2 ? [need.channels, n] : [need.channels, n, n];
    const shapes = known.slice();
    shapes[need.input] = candidate;
    try {
      interpret(model, { ...options, inputShapes: shapes, dry: true });
      found.push(candidate);
    } catch (e) {
      if (e instanceof NeedInputShape) {
        found.push(candidate); // fits so far; another input still needs a shape
      } else if (!(e instanceof StudioError)) throw e;
      else if (e.hint !== SHAPE_HINT) other ??= e;
    }
  }
  if (found.length === 0 && other) throw other;
  if (found.length !== 1) throw ask;
  return found[0] as number[];
}

/** torch RNN weight [gates·units, n] → IR [n, gates·units] with the gate blocks in `order`. */
function gateMajor(w: FloatTensor, gates: number, units: number, order: readonly number[]): FloatTensor {
  const [rows, n] = w.shape as [number, number];
  const out = w.data instanceof Float64Array ? new Float64Array(rows * n) : new Float32Array(rows * n);
  for (let g = 0; g < gates; g++)
    for (let u = 0; u < units; u++) {
      const src = ((order[g] as number) * units + u) * n;
      for (let i = 0; i < n; i++) out[i * rows + g * units + u] = w.data[src + i] as number;
    }
  return { shape: [n, rows], data: out };
}

/** torch RNN bias [gates·units] with the gate blocks in `order`. */
function gateVector(b: FloatTensor, units: number, order: readonly number[]): FloatTensor {
  const out =
    b.data instanceof Float64Array ? new Float64Array(b.data.length) : new Float32Array(b.data.length);
  order.forEach((src, g) => {
    for (let u = 0; u < units; u++) out[g * units + u] = b.data[src * units + u] as number;
  });
  return { shape: [b.data.length], data: out };
}
