import { describe, expect, it } from 'vitest';
import { fastLayeredLayout } from './fastLayout';

const opts = { width: 100, height: 50, layerGap: 10, nodeGap: 20 };

describe('fastLayeredLayout', () => {
  it('stacks a chain in one column, one layer per node', () => {
    const pos = fastLayeredLayout(
      [
        { name: 'a', inputs: [] },
        { name: 'b', inputs: ['a'] },
        { name: 'c', inputs: ['b'] },
      ],
      opts,
    );
    expect([...pos.values()]).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 60 },
      { x: 0, y: 120 },
    ]);
  });

  it('puts a node below its deepest input and spreads siblings without overlap', () => {
    // a → b, a → c, b → d, c → d, a → d: d sits on layer 2 (longest path), b and c side by side.
    const pos = fastLayeredLayout(
      [
        { name: 'a', inputs: [] },
        { name: 'b', inputs: ['a'] },
        { name: 'c', inputs: ['a'] },
        { name: 'd', inputs: ['b', 'c', 'a'] },
      ],
      opts,
    );
    expect(pos.get('a')).toEqual({ x: 60, y: 0 });
    expect(pos.get('b')).toEqual({ x: 0, y: 60 });
    expect(pos.get('c')).toEqual({ x: 120, y: 60 });
    expect(pos.get('d')?.y).toBe(120);
  });
});
