/**
 * fix_softmax_table_size and the softmax type rules (fixed-point.md §6.8.4, hls4ml-facts.md §5.5):
 * - the table size is lowered to 2^min(W_input, W_inv_table) when smaller (unless set explicitly);
 * - stable: inp_norm_t = ufixed<W−s, I−s> (TRN, WRAP) of the input type and the exp table has at most
 *   2^(W−s) entries.
 */
import { StudioError } from '../errors';
import { makeFixed } from '../fixed/types';
import { draftByName, type DraftGraph, type Pass, type ReportBuilder } from './draft';

export const fixSoftmaxTableSize: Pass = {
  name: 'fix_softmax_table_size',
  description:
    'Clamp softmax table sizes to what the input and inverse-table types can index; derive inp_norm_t.',
  run(g: DraftGraph, report: ReportBuilder): void {
    for (const d of g.layers) {
      if (d.layer.kind !== 'Softmax' || !d.softmax) continue;
      const src = draftByName(g, d.layer.inputs[0] ?? '');
      const x = src?.types['result_t'];
      const inv = d.types['inv_table_t'];
      if (!x || x === 'auto' || !inv || inv === 'auto') {
        throw new StudioError(
          'softmax input type is unresolved',
          'Give the previous layer a result precision.',
          {
            file: g.file,
            node: d.layer.name,
            op: 'Softmax',
          },
        );
      }
      if (!Number.isInteger(Math.log2(d.tableSize))) {
        throw new StudioError(
          `softmax table size ${d.tableSize} is not a power of two`,
          'Softmax tables are indexed by the top bits of a value: use 256, 512, 1024, …',
          { file: g.file, node: d.layer.name, op: 'Softmax' },
        );
      }
      let size = d.tableSize;
      // Quartus and oneAPI index below the sign bit, so their tables get one bit less (fixed-point.md §7.2).
      const oneLess = g.config.backend === 'Quartus' || g.config.backend === 'oneAPI' ? 1 : 0;
      const cap = 2 ** (Math.min(x.width, inv.width) - oneLess);
      const explicit = g.config.layerName[d.layer.name]?.tableSize !== undefined;
      if (!explicit && cap < size) {
        const rule = oneLess
          ? '2^(min(input width, inv_table width) − 1)'
          : '2^min(input width, inv_table width)';
        report.change(d.layer.name, `table size ${size} → ${cap} (${rule})`);
        size = cap;
      }
      let expSize = size;
      if (d.softmax.implementation === 'stable') {
        const s = x.signed ? 1 : 0;
        d.types['inp_norm_t'] = makeFixed(x.width - s, x.integer - s, false);
        d.typeOrigins['inp_norm_t'] = 'stable softmax: ufixed<Wx−s, Ix−s> of the input type';
        expSize = Math.min(size, 2 ** (x.width - s));
      }
      d.softmax = { ...d.softmax, expTableSize: expSize, invTableSize: size };
      d.tableSize = size;
    }
  },
};
