/** Typed access to a node's attributes, with a clear error when one has the wrong type. */
import { StudioError } from '../../errors';
import type { onnx } from './gen/onnx.js';
import { toInt } from './int64';

type AttributeProto = onnx.AttributeProto.$Properties;

const FLOAT = 1;
const INT = 2;
const TENSOR = 4;

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
