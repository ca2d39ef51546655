/**
 * A small, safe Python unpickler for the pickles torch writes (protocols 2–4): it never runs code.
 * Class references (GLOBAL) become `PyGlobal` values, calls (REDUCE / NEWOBJ) become `PyObject`s that
 * record the class and its arguments, and BUILD stores the state on the object. The few reducers torch
 * needs are recognised by the caller (see torchPickle.ts), which walks the resulting values.
 *
 * Why our own: the TorchScript data.pkl rebuilds every module as an instance of a `__torch__.*` class;
 * a generic unpickler would need each of those names registered up front. This one is ~250 lines and
 * handles exactly the opcodes torch's Python and C++ picklers emit.
 */
import { StudioError } from '../../errors';

export interface PyGlobal {
  readonly type: 'global';
  readonly module: string;
  readonly name: string;
}

/** An instance built by REDUCE or NEWOBJ: the class, the constructor arguments, then BUILD's state. */
export interface PyObject {
  readonly type: 'object';
  readonly cls: PyGlobal;
  readonly args: readonly PyValue[];
  state: PyValue;
  /** The reducer's or BUILD's items for dict-like classes (OrderedDict). */
  readonly items: Map<PyValue, PyValue>;
}

/** What the persistent_load hook returned for a persistent id (torch storages). */
export interface PyPersistent {
  readonly type: 'persistent';
  readonly id: PyValue;
}

export interface PyDict {
  readonly type: 'dict';
  readonly map: Map<PyValue, PyValue>;
}

export interface PyTuple {
  readonly type: 'tuple';
  readonly items: readonly PyValue[];
}

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | PyObject
  | PyPersistent;

const HINT_DAMAGED =
  'The file may be damaged or truncated; save it again with torch.jit.save (or torch.jit.trace(...).save).';

class Mark {}
const MARK = new Mark();
type StackItem = PyValue | Mark;

export const isTuple = (v: PyValue | undefined): v is PyTuple =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Uint8Array) &&
  v.type === 'tuple';
export const isDict = (v: PyValue | undefined): v is PyDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && v.type === 'dict';
export const isObject = (v: PyValue | undefined): v is PyObject =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Uint8Array) &&
  v.type === 'object';
export const isGlobal = (v: PyValue | undefined): v is PyGlobal =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof Uint8Array) &&
  v.type === 'global';

/** Items of a tuple or list. */
export function seq(v: PyValue | undefined): readonly PyValue[] | null {
  if (Array.isArray(v)) return v;
  if (isTuple(v)) return v.items;
  return null;
}

export interface UnpickleResult {
  readonly value: PyValue;
  /** Offset just past the STOP opcode (legacy torch files hold several pickles back to back). */
  readonly end: number;
}

const textDecoder = new TextDecoder('utf-8');

/** Unpickle one pickle starting at `start`. `what` names the part of the file, for errors. */
export function unpickle(bytes: Uint8Array, what: string, start = 0): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  let pos = start;

  const fail = (msg: string): never => {
    throw new StudioError(`${what}: ${msg} (at byte ${pos})`, HINT_DAMAGED);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail('the pickle ends early');
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++] as number;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) fail('a length is larger than the file');
    return Number(v);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const b = bytes.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a text opcode has no end of line');
    const s = textDecoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v instanceof Mark) return fail('the pickle stack is empty');
    return v as PyValue;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v instanceof Mark) return fail('the pickle stack is empty');
    return v as PyValue;
  };
  const popMark = (): PyValue[] => {
    const m = marks.pop();
    if (m === undefined) return fail('MARK missing');
    const items = stack.splice(m) as PyValue[];
    stack.pop(); // the mark itself
    return items;
  };
  const pushMark = (): void => {
    stack.push(MARK);
    marks.push(stack.length);
  };
  const signedLE = (b: Uint8Array): number | bigint => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
    if ((b[b.length - 1] as number) & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const setItems = (target: PyValue, kv: PyValue[]): void => {
    const map = isDict(target) ? target.map : isObject(target) ? target.items : null;
    if (!map) return fail('SETITEM(S) on something that is not a dict');
    for (let i = 0; i + 1 < kv.length; i += 2) map.set(kv[i] as PyValue, kv[i + 1] as PyValue);
  };
  const append = (target: PyValue, items: PyValue[]): void => {
    // One push per item: an APPENDS can carry more items than a call takes arguments.
    const list = Array.isArray(target) ? target : isObject(target) ? (target.args as PyValue[]) : null;
    if (!list) return fail('APPEND(S) on something that is not a list');
    for (const item of items) list.push(item);
  };
  const memoKey = (k: number): PyValue => {
    const v = memo.get(k);
    if (v === undefined) return fail(`memo entry ${k} is missing`);
    return v;
  };
  const newObject = (cls: PyValue, args: readonly PyValue[]): PyObject => {
    // Legacy torch.save pickles a module class as a persistent id ('module', <class>, file, source).
    const inner =
      typeof cls === 'object' && cls !== null && 'type' in cls && cls.type === 'persistent'
        ? seq(cls.id)?.[1]
        : cls;
    const g: PyGlobal = isGlobal(inner) ? inner : { type: 'global', module: '?', name: '?' };
    return { type: 'object', cls: g, args, state: null, items: new Map() };
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        pushMark();
        break;
      case 0x30: // POP
        if (stack.pop() instanceof Mark) marks.pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(signedLE(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(signedLE(take(u32())));
        break;
      case 0x49: {
        // INT (text): also encodes booleans as 00 / 01
        const s = line();
        if (s === '00') stack.push(false);
        else if (s === '01') stack.push(true);
        else stack.push(Number(s));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(Number(line().replace(/L$/, '')));
        break;
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(textDecoder.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(textDecoder.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(textDecoder.decode(take(u64())));
        break;
      case 0x54: // BINSTRING
        stack.push(textDecoder.decode(take(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(textDecoder.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ type: 'tuple', items: [] });
        break;
      case 0x85: // TUPLE1
        stack.push({ type: 'tuple', items: [pop()] });
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push({ type: 'tuple', items: [pop(), b] });
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push({ type: 'tuple', items: [pop(), b, c] });
        break;
      }
      case 0x74: // TUPLE
        stack.push({ type: 'tuple', items: popMark() });
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        append(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push({ type: 'dict', map: new Map() });
        break;
      case 0x64: {
        // DICT
        const d: PyDict = { type: 'dict', map: new Map() };
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push([]);
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(popMark());
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        const name = line();
        stack.push({ type: 'global', module, name });
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push({ type: 'global', module: module as string, name: name as string });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(newObject(fn, seq(args) ?? fail('REDUCE arguments are not a tuple')));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        stack.push(newObject(cls, seq(args) ?? fail('NEWOBJ arguments are not a tuple')));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        pop(); // kwargs
        const args = pop();
        const cls = pop();
        stack.push(newObject(cls, seq(args) ?? fail('NEWOBJ_EX arguments are not a tuple')));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = top();
        if (isObject(obj)) obj.state = state;
        else if (isDict(obj) && isDict(state)) for (const [k, v] of state.map) obj.map.set(k, v);
        break;
      }
      case 0x51: // BINPERSID
        stack.push({ type: 'persistent', id: pop() });
        break;
      case 0x50: // PERSID (text)
        stack.push({ type: 'persistent', id: line() });
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT (text)
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(memoKey(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoKey(u32()));
        break;
      case 0x67: // GET (text)
        stack.push(memoKey(Number(line())));
        break;
      default:
        fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}

/** The value of `key` in a Python dict (string keys). */
export function dictGet(d: PyValue | undefined, key: string): PyValue | undefined {
  if (isDict(d)) return d.map.get(key);
  if (isObject(d)) return d.items.get(key);
  return undefined;
}

/** "module.name" of a class. */
export const qualName = (g: PyGlobal): string => `${g.module}.${g.name}`;
