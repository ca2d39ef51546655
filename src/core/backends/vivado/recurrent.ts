/**
 * Vivado emission of SimpleRNN / LSTM / GRU (nnet_recurrent.h): config, call and the four weight arrays;
 * the config struct and the arrays of one cell serve each direction of a Bidirectional too.
 */
import { StudioError } from '../../errors';
import type { RecurrentLayer } from '../../ir/graph';
import type { Direction } from '../../emulate/bidirectional';
import { activationCode, checkRecurrent, gateCount } from '../../emulate/recurrent';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeValueFile } from './weightFiles';
import { member } from './text';

function recurrentLayer(p: PlannedLayer): RecurrentLayer {
  const layer = p.lowered.layer;
  if (layer.kind !== 'SimpleRNN' && layer.kind !== 'LSTM' && layer.kind !== 'GRU') {
    throw new Error('not a recurrent layer');
  }
  return layer;
}

/** Names of the arrays: kernel w<N>, recurrent kernel wr<N>, bias b<N>, recurrent bias br<N>. */
export function recurrentArrays(p: PlannedLayer): { w: string; wr: string; b: string; br: string } {
  return { w: `w${p.index}`, wr: `wr${p.index}`, b: `b${p.index}`, br: `br${p.index}` };
}

/** A typedef slot of a cell: `<dir>_<slot>` for a Bidirectional direction, `slot` for a plain layer. */
function cellSlot(dir: Direction | null, slot: string): string {
  return dir ? `${dir}_${slot}` : slot;
}

/**
 * The nnet::recurrent_config of `cell` over `steps` steps of `nIn` values: the layer's config struct, or
 * with `dir` the struct <config>_<dir> of one direction of a Bidirectional (typedefs from its slots).
 */
export function cellConfig(
  p: PlannedLayer,
  cell: RecurrentLayer,
  returnSequences: boolean,
  steps: number,
  nIn: number,
  dir: Direction | null,
): string[] {
  const t = p.typedefs;
  const own = (slot: string): string => t[cellSlot(dir, slot)]!.name;
  return [
    `struct ${p.configName}${dir ? `_${dir}` : ''} : nnet::recurrent_config {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_units', cell.units),
    member('unsigned', 'n_timesteps', steps),
    member('unsigned', 'n_gates', gateCount(cell)),
    member('bool', 'return_sequences', returnSequences ? 'true' : 'false'),
    member('bool', 'reset_after', cell.kind !== 'GRU' || cell.resetAfter ? 'true' : 'false'),
    member('int', 'activation', activationCode(cell, cell.activation)),
    member('int', 'recurrent_activation', activationCode(cell, cell.recurrentActivation)),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${own('weight_t')} weight_t;`,
    `    typedef ${own('bias_t')} bias_t;`,
    `    typedef ${own('recurrent_weight_t')} recurrent_weight_t;`,
    `    typedef ${own('recurrent_bias_t')} recurrent_bias_t;`,
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['table_t']!.name} table_t;`,
    '};',
  ];
}

export function recurrentConfig(p: PlannedLayer): string[] {
  const layer = recurrentLayer(p);
  const dims = p.input!.macros.map((m) => m.value);
  const { steps, nIn } = checkRecurrent(layer, dims);
  return cellConfig(p, layer, layer.returnSequences, steps, nIn, null);
}

export function recurrentCall(p: PlannedLayer): string {
  const input = p.input!;
  const a = recurrentArrays(p);
  return `nnet::recurrent<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName}, ${a.w}, ${a.wr}, ${a.b}, ${a.br});`;
}

export function writeValueArray(
  plan: VivadoPlan,
  p: PlannedLayer,
  varName: string,
  slot: string,
  values: number[],
  what: string,
  files: Map<string, string>,
): void {
  writeValueFile(plan, files, {
    varName,
    typedef: p.typedefs[slot]!,
    values,
    title: `${what} of layer ${p.index}`,
    note: `// layer ${p.index}: ${p.comment} (${p.lowered.kind}), ${values.length} values, input-major`,
    notFinite: (v) =>
      new StudioError(`${what} value ${v} is not finite`, 'Check the model file.', {
        node: p.lowered.name,
        op: p.lowered.kind,
      }),
  });
}

/**
 * The four arrays of `cell` named `a` (a missing bias as zeros), in the cell's typedef slots (see
 * cellConfig); a direction's arrays say which one they are in their banners.
 */
export function writeCellWeights(
  plan: VivadoPlan,
  p: PlannedLayer,
  cell: RecurrentLayer,
  a: { w: string; wr: string; b: string; br: string },
  dir: Direction | null,
  files: Map<string, string>,
): void {
  const zeros = new Array<number>(gateCount(cell) * cell.units).fill(0);
  const values = (t: { data: ArrayLike<number> } | null) => (t ? Array.from(t.data) : zeros);
  const array = (name: string, slot: string, data: { data: ArrayLike<number> } | null, what: string) =>
    writeValueArray(plan, p, name, cellSlot(dir, slot), values(data), dir ? `${dir} ${what}` : what, files);
  array(a.w, 'weight_t', cell.kernel, 'kernel');
  array(a.wr, 'recurrent_weight_t', cell.recurrentKernel, 'recurrent kernel');
  array(a.b, 'bias_t', cell.bias, 'bias');
  array(a.br, 'recurrent_bias_t', cell.recurrentBias, 'recurrent bias');
}

export function writeRecurrentWeights(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  writeCellWeights(plan, p, recurrentLayer(p), recurrentArrays(p), null, files);
}
