/**
 * Vivado/Vitis emission of Bidirectional(LSTM|GRU), io_parallel only (nnet::bidirectional in
 * nnet_recurrent.h): one nnet::recurrent config per direction, the wrapper's config naming both, the call
 * and the eight weight arrays. io_stream is refused before this runs (stream.ts), as hls4ml's
 * validate_bidirectional_io_type does; merge modes other than concat by checkBidirectional.
 */
import { StudioError } from '../../errors';
import type { BidirectionalLayer, RecurrentLayer } from '../../ir/graph';
import { checkBidirectional, DIRECTIONS, type Direction } from '../../emulate/bidirectional';
import type { PlannedLayer, VivadoPlan } from './plan';
import { cellConfig, writeCellWeights } from './recurrent';
import { member } from './text';

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

export function bidirectionalConfig(p: PlannedLayer): string[] {
  const layer = bidirectionalLayer(p);
  const dims = p.input!.macros.map((m) => m.value);
  const { steps, nIn, fwdUnits, bwdUnits } = checkBidirectional(layer, dims);
  return [
    ...DIRECTIONS.flatMap((dir) =>
      cellConfig(p, directionOf(layer, dir), layer.returnSequences, steps, nIn, dir),
    ),
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
    writeCellWeights(plan, p, directionOf(layer, dir), bidirectionalArrays(p, dir), dir, files);
  }
}
