/**
 * Vivado/Vitis emission of Bidirectional(LSTM|GRU), io_parallel only (nnet::bidirectional in
 * nnet_recurrent.h): one nnet::recurrent config per direction, the wrapper's config naming both, the call
 * and the eight weight arrays. io_stream is refused before this runs (stream.ts), as hls4ml's
 * validate_bidirectional_io_type does; merge modes other than concat by checkBidirectional.
 */
import { StudioError } from '../../errors';
import type { BidirectionalLayer, RecurrentLayer } from '../../ir/graph';
import { checkBidirectional, DIRECTIONS, type Direction } from '../../emulate/bidirectional';
import { activationCode, gateCount } from '../../emulate/recurrent';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeValueArray } from './recurrent';

function member(type: string, name: string, value: string | number): string {
  return `    static const ${type} ${name} = ${value};`;
}

function bidirectionalLayer(p: PlannedLayer): BidirectionalLayer {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Bidirectional') {
    throw new StudioError('not a Bidirectional layer', 'This is a bug in HLS Studio; please report it.', {
      node: p.lowered.name,
      op: p.lowered.kind,
    });
  }
  return layer;
}

const PREFIX: Readonly<Record<Direction, string>> = { forward: 'f', backward: 'b' };

/** Arrays per direction: kernel <d>w<N>, recurrent kernel <d>wr<N>, bias <d>b<N>, recurrent bias <d>br<N>. */
export function bidirectionalArrays(p: PlannedLayer, dir: Direction) {
  const d = PREFIX[dir];
  return { w: `${d}w${p.index}`, wr: `${d}wr${p.index}`, b: `${d}b${p.index}`, br: `${d}br${p.index}` };
}

/** Every weight array name of the layer, forward first. */
export function bidirectionalArrayNames(p: PlannedLayer): string[] {
  return DIRECTIONS.flatMap((dir) => Object.values(bidirectionalArrays(p, dir)));
}

function directionOf(layer: BidirectionalLayer, dir: Direction): RecurrentLayer {
  return dir === 'forward' ? layer.forward : layer.backward;
}

function directionConfig(p: PlannedLayer, dir: Direction, steps: number, nIn: number): string[] {
  const layer = bidirectionalLayer(p);
  const d = directionOf(layer, dir);
  const t = p.typedefs;
  return [
    `struct ${p.configName}_${dir} : nnet::recurrent_config {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_units', d.units),
    member('unsigned', 'n_timesteps', steps),
    member('unsigned', 'n_gates', gateCount(d)),
    member('bool', 'return_sequences', layer.returnSequences ? 'true' : 'false'),
    member('bool', 'reset_after', d.kind !== 'GRU' || d.resetAfter ? 'true' : 'false'),
    member('int', 'activation', activationCode(d, d.activation)),
    member('int', 'recurrent_activation', activationCode(d, d.recurrentActivation)),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t[`${dir}_weight_t`]!.name} weight_t;`,
    `    typedef ${t[`${dir}_bias_t`]!.name} bias_t;`,
    `    typedef ${t[`${dir}_recurrent_weight_t`]!.name} recurrent_weight_t;`,
    `    typedef ${t[`${dir}_recurrent_bias_t`]!.name} recurrent_bias_t;`,
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['table_t']!.name} table_t;`,
    '};',
  ];
}

export function bidirectionalConfig(p: PlannedLayer): string[] {
  const layer = bidirectionalLayer(p);
  const dims = p.input!.macros.map((m) => m.value);
  const { steps, nIn, fwdUnits, bwdUnits } = checkBidirectional(layer, dims);
  return [
    ...directionConfig(p, 'forward', steps, nIn),
    ...directionConfig(p, 'backward', steps, nIn),
    `struct ${p.configName} {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_timesteps', steps),
    member('unsigned', 'n_out', fwdUnits + bwdUnits),
    member('bool', 'return_sequences', layer.returnSequences ? 'true' : 'false'),
    `    typedef ${p.configName}_forward forward_config;`,
    `    typedef ${p.configName}_backward backward_config;`,
    '};',
  ];
}

export function bidirectionalCall(p: PlannedLayer): string {
  const input = p.input!;
  const arrays = bidirectionalArrayNames(p).join(', ');
  return `nnet::bidirectional<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName}, ${arrays});`;
}

export function writeBidirectionalWeights(
  plan: VivadoPlan,
  p: PlannedLayer,
  files: Map<string, string>,
): void {
  const layer = bidirectionalLayer(p);
  for (const dir of DIRECTIONS) {
    const d = directionOf(layer, dir);
    const a = bidirectionalArrays(p, dir);
    const zeros = new Array<number>(gateCount(d) * d.units).fill(0);
    const values = (t: { data: ArrayLike<number> } | null) => (t ? Array.from(t.data) : zeros);
    writeValueArray(plan, p, a.w, `${dir}_weight_t`, values(d.kernel), `${dir} kernel`, files);
    writeValueArray(
      plan,
      p,
      a.wr,
      `${dir}_recurrent_weight_t`,
      values(d.recurrentKernel),
      `${dir} recurrent kernel`,
      files,
    );
    writeValueArray(plan, p, a.b, `${dir}_bias_t`, values(d.bias), `${dir} bias`, files);
    writeValueArray(
      plan,
      p,
      a.br,
      `${dir}_recurrent_bias_t`,
      values(d.recurrentBias),
      `${dir} recurrent bias`,
      files,
    );
  }
}
