/**
 * The engine picks the Quartus / oneAPI table kernels for sigmoid and tanh when the lowered graph is for
 * those backends, and the Vivado-style kernels otherwise (Vivado, Vitis, and Catapult on ac types).
 */
import { describe, expect, it } from 'vitest';
import * as G from '../../../tests/backends/graphs';
import { defaultConfig, type BackendName } from '../config/designConfig';
import { lower } from '../passes/lower';
import { emulate } from './engine';
import { prepareActivation } from './activations';
import { prepareCatapultPwl } from './catapultPwl';
import { prepareQuartusActivation } from './quartusActivations';
import { prepareQuartusSoftmax } from './quartusSoftmax';
import { allocate } from './tensor';

function run(backend: BackendName, fn: 'sigmoid' | 'tanh', rows: number[][]) {
  const g = G.graph('act', [G.input('x', 4), G.activation('act', 'x', 4, fn)], ['act']);
  const lowered = lower(g, defaultConfig(backend));
  const act = lowered.layers.find((l) => l.name === 'act')!;
  const x = lowered.layers.find((l) => l.name === 'x')!;
  const result = emulate(lowered, rows);
  return { lowered, act, x, raws: Array.from(result.outputRaws[0] as Float64Array) };
}

describe('engine dispatch of the Quartus table activations', () => {
  const rows = [
    [-3.5, -0.01, 0.2, 7.9],
    [-9, 3.99, -1.5, 0.6],
  ];
  for (const fn of ['sigmoid', 'tanh'] as const) {
    it(`${fn}: Quartus and oneAPI use the symmetric tables, the others do not`, () => {
      const expectKernel = (backend: BackendName, intel: boolean): number[] => {
        const { act, x, raws } = run(backend, fn, rows);
        const input = allocate(x.types['result_t']!, 4, rows.length);
        const direct = emulate(lower(G.graph('id', [G.input('x', 4)], ['x']), defaultConfig(backend)), rows);
        (input.raws as Float64Array).set(direct.outputRaws[0] as Float64Array);
        const t = act.types;
        const k = intel
          ? prepareQuartusActivation(fn, x.types['result_t']!, t['result_t']!, t['table_t']!, act.tableSize, {
              count: 0,
            })!
          : prepareActivation(
              fn,
              x.types['result_t']!,
              t['result_t']!,
              t['table_t']!,
              act.tableSize,
              backend === 'Catapult' ? 'ac' : 'ap',
              { count: 0 },
            );
        expect(raws, backend).toEqual(Array.from(k(input).raws as Float64Array));
        return raws;
      };
      const quartus = expectKernel('Quartus', true);
      expect(expectKernel('oneAPI', true)).toEqual(quartus);
      const vivado = expectKernel('Vivado', false);
      // Catapult: piecewise linear (catapultPwl.ts), no table
      const cat = run('Catapult', fn, rows);
      const cin = allocate(cat.x.types['result_t']!, 4, rows.length);
      const id = lower(G.graph('id', [G.input('x', 4)], ['x']), defaultConfig('Catapult'));
      (cin.raws as Float64Array).set(emulate(id, rows).outputRaws[0] as Float64Array);
      const pwl = prepareCatapultPwl(fn, cat.x.types['result_t']!, cat.act.types['result_t']!, { count: 0 });
      expect(cat.raws).toEqual(Array.from(pwl(cin).raws as Float64Array));
      expect(vivado).not.toEqual(quartus);
    });
  }
});

describe('engine dispatch of the Quartus stable softmax', () => {
  it('Quartus and oneAPI run prepareQuartusSoftmax; Vivado does not', () => {
    const rows = [
      [0.5, -1.25, 3, 0.125, -7],
      [2, 2, 2, 2, 2],
      [-3.5, 6.25, 1, 0, 0.0625],
    ];
    const g = G.graph('sm', [G.input('x', 5), G.softmax('softmax', 'x', 5)], ['softmax']);
    const outputs = (backend: BackendName): number[] => {
      const lowered = lower(g, defaultConfig(backend));
      const raws = Array.from(emulate(lowered, rows).outputRaws[0] as Float64Array);
      const sm = lowered.layers.find((l) => l.name === 'softmax')!;
      const x = lowered.layers.find((l) => l.name === 'x')!;
      if (backend === 'Quartus' || backend === 'oneAPI') {
        const direct = emulate(lower(G.graph('id', [G.input('x', 5)], ['x']), defaultConfig(backend)), rows);
        const input = allocate(x.types['result_t']!, 5, rows.length);
        (input.raws as Float64Array).set(direct.outputRaws[0] as Float64Array);
        const k = prepareQuartusSoftmax(
          'softmax',
          x.types['result_t']!,
          5,
          {
            result: sm.types['result_t']!,
            expTable: sm.types['exp_table_t']!,
            invTable: sm.types['inv_table_t']!,
          },
          sm.tableSize,
          { count: 0 },
        );
        expect(raws, backend).toEqual(Array.from(k(input).raws as Float64Array));
      }
      return raws;
    };
    const quartus = outputs('Quartus');
    expect(outputs('oneAPI')).toEqual(quartus);
    expect(outputs('Vivado')).not.toEqual(quartus);
  });
});
