/** Typed access to a node's attributes, with a clear error when one has the wrong type. */
import { StudioError } from '../../errors';
import type { onnx } from './gen/onnx.js';
import { toInt } from './int64';

type AttributeProto = onnx.AttributeProto.$Properties;

const FLOAT = 1;
const INT = 2;
const STRING = 3;
const TENSOR = 4;
const FLOATS = 6;
const INTS = 7;
const STRINGS = 8;

export class Attributes {
  private readonly byName = new Map<string, AttributeProto>();

  constructor(node: onnx.NodeProto.$Properties) {
    for (const a of node.attribute ?? []) if (a.name) this.byName.set(a.name, a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    if (!a) return fallback;
    this.expect(a, name, FLOAT, 'a float');
    return a.f ?? 0;
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    if (!a) return fallback;
    this.expect(a, name, INT, 'an int');
    return toInt(a.i, `attribute '${name}'`);
  }

  ints(name: string): number[] | null {
    const a = this.byName.get(name);
    if (!a) return null;
    this.expect(a, name, INTS, 'a list of ints');
    return (a.ints ?? []).map((v) => toInt(v, `attribute '${name}'`));
  }

  floats(name: string): number[] | null {
    const a = this.byName.get(name);
    if (!a) return null;
    this.expect(a, name, FLOATS, 'a list of floats');
    return [...(a.floats ?? [])];
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    if (!a) return fallback;
    this.expect(a, name, STRING, 'a string');
    return a.s ? new TextDecoder().decode(a.s) : '';
  }

  strings(name: string): string[] | null {
    const a = this.byName.get(name);
    if (!a) return null;
    this.expect(a, name, STRINGS, 'a list of strings');
    return (a.strings ?? []).map((b) => new TextDecoder().decode(b));
  }

  tensor(name: string): onnx.TensorProto.$Properties | null {
    const a = this.byName.get(name);
    if (!a) return null;
    this.expect(a, name, TENSOR, 'a tensor');
    return a.t ?? null;
  }

  /** Names of the attributes present, for "unsupported attribute" messages. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  private expect(a: AttributeProto, name: string, type: number, what: string): void {
    // Very old files leave `type` unset; accept those and trust the field that is read.
    if (a.type && a.type !== type) {
      throw new StudioError(
        `attribute '${name}' should be ${what}`,
        'The file may be damaged; re-export it.',
      );
    }
  }
}
