import { describe, expect, it } from 'vitest';
import { collapsedLayout, findChains } from './chains';

const L = (name: string, ...inputs: string[]) => ({ name, inputs });

describe('chains', () => {
  // x → a → b → c → d → e → (f, g) → h; y is the output.
  const layers = [
    L('x'),
    L('a', 'x'),
    L('b', 'a'),
    L('c', 'b'),
    L('d', 'c'),
    L('e', 'd'),
    L('f', 'e'),
    L('g', 'e'),
    L('h', 'f', 'g'),
    L('i', 'h'),
    L('y', 'i'),
  ];

  it('finds the runs of single-input, single-reader layers, leaving inputs and outputs out', () => {
    expect(findChains(layers, ['x'], ['y'])).toEqual([{ id: 'chain:a', layers: ['a', 'b', 'c', 'd', 'e'] }]);
    // h → i is a run of two; with a lower minimum it is a chain too (f and g are runs of one).
    expect(findChains(layers, ['x'], ['y'], 2).map((c) => c.layers)).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['h', 'i'],
    ]);
  });

  it('lays out a collapsed chain as one node wired like the chain', async () => {
    const chains = findChains(layers, ['x'], ['y']);
    const pos = await collapsedLayout(layers, chains, new Set(['chain:a']));
    expect([...pos.keys()]).toEqual(['x', 'chain:a', 'f', 'g', 'h', 'i', 'y']);
    expect(pos.get('chain:a')!.y).toBeGreaterThan(pos.get('x')!.y);
    expect(pos.get('f')!.y).toBeGreaterThan(pos.get('chain:a')!.y);
    const open = await collapsedLayout(layers, chains, new Set());
    expect(open.size).toBe(layers.length);
  });
});
