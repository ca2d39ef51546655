/**
 * A minimal ONNX (protobuf) writer for crafting test models in the test itself: ModelProto with opset,
 * graph, nodes (with int/float attributes), float32 initializers and float32 inputs/outputs. Field
 * numbers are onnx.proto's. Only what the robustness tests need; dims may be any size (even 10^12).
 */

class Writer {
  private readonly parts: number[] = [];

  varint(v: number): this {
    // Negative int64 as two's complement in ten bytes, exactly (BigInt).
    let n = BigInt(Math.floor(v));
    if (n < 0n) n += 1n << 64n;
    while (n >= 0x80n) {
      this.parts.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.parts.push(Number(n));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  uint(field: number, v: number): this {
    return this.tag(field, 0).varint(v);
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }

  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.tag(field, 5);
    for (const x of b) this.parts.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly ints?: Readonly<Record<string, number>>;
  readonly floats?: Readonly<Record<string, number>>;
  /** INTS attributes such as kernel_shape or pads. */
  readonly intLists?: Readonly<Record<string, readonly number[]>>;
  readonly strings?: Readonly<Record<string, string>>;
  /** Operator domain, e.g. 'qonnx.custom_op.general'; default ai.onnx. */
  readonly domain?: string;
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  /** float32 values; omitted = no data at all (for declared-size tests). */
  readonly data?: ArrayLike<number>;
}

export interface OnnxValue {
  readonly name: string;
  readonly dims: readonly number[];
}

export interface OnnxModel {
  readonly graphName?: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers?: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly opset?: number;
  readonly producer?: string;
  /** Further operator sets, e.g. { 'qonnx.custom_op.general': 1 }. */
  readonly domains?: Readonly<Record<string, number>>;
}

function valueInfo(v: OnnxValue): Writer {
  const shape = new Writer();
  for (const d of v.dims) shape.message(1, new Writer().uint(1, d));
  const tensor = new Writer().uint(1, 1).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensor));
}

function tensor(t: OnnxInitializer): Writer {
  const w = new Writer();
  for (const d of t.dims) w.uint(1, d);
  w.uint(2, 1).string(8, t.name);
  if (t.data) {
    const raw = new Uint8Array(t.data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < t.data.length; i++) view.setFloat32(i * 4, t.data[i]!, true);
    w.bytes(9, raw);
  }
  return w;
}

function node(n: OnnxNode): Writer {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.op);
  for (const [k, v] of Object.entries(n.ints ?? {}))
    w.message(5, new Writer().string(1, k).uint(3, v).uint(20, 2));
  for (const [k, v] of Object.entries(n.floats ?? {}))
    w.message(5, new Writer().string(1, k).float(2, v).uint(20, 1));
  for (const [k, v] of Object.entries(n.strings ?? {}))
    w.message(5, new Writer().string(1, k).string(4, v).uint(20, 3));
  if (n.domain !== undefined) w.string(7, n.domain);
  for (const [k, v] of Object.entries(n.intLists ?? {})) {
    const a = new Writer().string(1, k);
    for (const x of v) a.uint(8, x);
    w.message(5, a.uint(20, 7));
  }
  return w;
}

export function writeOnnx(m: OnnxModel): Uint8Array {
  const g = new Writer();
  for (const n of m.nodes) g.message(1, node(n));
  g.string(2, m.graphName ?? 'graph');
  for (const t of m.initializers ?? []) g.message(5, tensor(t));
  for (const v of m.inputs) g.message(11, valueInfo(v));
  for (const v of m.outputs) g.message(12, valueInfo(v));
  const model = new Writer()
    .uint(1, 8)
    .string(2, m.producer ?? 'hls-studio-tests')
    .message(7, g)
    .message(8, new Writer().string(1, '').uint(2, m.opset ?? 13));
  for (const [domain, version] of Object.entries(m.domains ?? {}))
    model.message(8, new Writer().string(1, domain).uint(2, version));
  return model.finish();
}

/** Deterministic weights in [-0.5, 0.5). */
export function weights(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.fround(s / 2 ** 32 - 0.5);
  }
  return out;
}

/** An MLP as ONNX: Gemm(transB=1) + activation per layer, then Softmax; every name chosen by the caller. */
export function mlpOnnx(
  names: {
    readonly graph: string;
    readonly input: string;
    readonly layers: readonly {
      readonly node: string;
      readonly weight: string;
      readonly bias: string;
      readonly out: string;
      readonly act: string;
      readonly actOut: string;
    }[];
    readonly softmax: string;
    readonly output: string;
  },
  sizes: readonly number[],
): Uint8Array {
  const nodes: OnnxNode[] = [];
  const inits: OnnxInitializer[] = [];
  let prev = names.input;
  names.layers.forEach((l, i) => {
    const nIn = sizes[i]!;
    const nOut = sizes[i + 1]!;
    inits.push({ name: l.weight, dims: [nOut, nIn], data: weights(nIn * nOut, 11 + i) });
    inits.push({ name: l.bias, dims: [nOut], data: weights(nOut, 101 + i) });
    nodes.push({
      op: 'Gemm',
      name: l.node,
      inputs: [prev, l.weight, l.bias],
      outputs: [l.out],
      ints: { transB: 1 },
    });
    nodes.push({ op: 'Relu', name: l.act, inputs: [l.out], outputs: [l.actOut] });
    prev = l.actOut;
  });
  nodes.push({
    op: 'Softmax',
    name: names.softmax,
    inputs: [prev],
    outputs: [names.output],
    ints: { axis: -1 },
  });
  return writeOnnx({
    graphName: names.graph,
    nodes,
    initializers: inits,
    inputs: [{ name: names.input, dims: [1, sizes[0]!] }],
    outputs: [{ name: names.output, dims: [1, sizes[sizes.length - 1]!] }],
  });
}
