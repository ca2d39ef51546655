/**
 * Vivado emission of HGQ's UnaryLUT (nnet_unary_lut.h): config, call, and the table as a weight file in
 * table_t, printed like weights (F decimals, then the compiler's conversion into table_t).
 */
import { StudioError } from '../../errors';
import { checkUnaryLutInput } from '../../emulate/unaryLut';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeValueFile } from './weightFiles';

function lutLayer(p: PlannedLayer) {
  const layer = p.lowered.layer;
  if (layer.kind !== 'UnaryLUT') throw new Error('not a UnaryLUT layer');
  checkUnaryLutInput(layer, p.input!.type);
  return layer;
}

export function unaryLutConfig(p: PlannedLayer): string[] {
  const layer = lutLayer(p);
  return [
    `struct ${p.configName} : nnet::unary_lut_config {`,
    `    static const unsigned n_in = ${p.input!.size};`,
    `    static const unsigned table_size = ${layer.table.data.length};`,
    `    static const unsigned reuse_factor = ${p.lowered.reuseFactor};`,
    `    typedef ${p.typedefs['table_t']!.name} table_t;`,
    '};',
  ];
}

export function unaryLutCall(p: PlannedLayer): string {
  const input = p.input!;
  return `nnet::unary_lut<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName}, ${p.weightVar});`;
}

/** firmware/weights/w<N>.h and .txt: the table in table_t. */
export function writeUnaryLutTable(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const layer = lutLayer(p);
  writeValueFile(plan, files, {
    varName: p.weightVar!,
    typedef: p.typedefs['table_t']!,
    values: layer.table.data,
    title: `lookup table of layer ${p.index}`,
    note: `// layer ${p.index}: ${p.comment} (UnaryLUT), ${layer.table.data.length} entries indexed by the input's raw bits`,
    notFinite: (v, k) =>
      new StudioError(
        `table entry ${k} is ${v}, not a finite number`,
        'Export the proxy model again with HGQ.',
        {
          node: p.lowered.name,
          op: 'UnaryLUT',
        },
      ),
  });
}
