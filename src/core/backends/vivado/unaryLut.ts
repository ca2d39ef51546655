/**
 * Vivado emission of HGQ's UnaryLUT (nnet_unary_lut.h): config, call, and the table as a weight file in
 * table_t, printed like weights (F decimals, then the compiler's conversion into table_t).
 */
import { StudioError } from '../../errors';
import { fractionalBits } from '../../fixed/types';
import { checkUnaryLutInput } from '../../emulate/unaryLut';
import type { PlannedLayer, VivadoPlan } from './plan';
import { cppBanner, fileText } from './text';
import { weightText } from './writeWeights';

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
  const typedef = p.typedefs['table_t']!;
  const texts = Array.from(layer.table.data, (v, k) => {
    if (!Number.isFinite(v)) {
      throw new StudioError(
        `table entry ${k} is ${v}, not a finite number`,
        'Export the proxy model again with HGQ.',
        {
          node: p.lowered.name,
          op: 'UnaryLUT',
        },
      );
    }
    const t = weightText(v, typedef.type);
    return t.includes('.') ? t : `${t}.0`;
  });
  const varName = p.weightVar!;
  const guard = `NNET_WEIGHTS_${varName.toUpperCase()}_H_`;
  const body: string[] = [];
  for (let k = 0; k < texts.length; k += 8) {
    body.push(`    ${texts.slice(k, k + 8).join(', ')}${k + 8 < texts.length ? ',' : ''}`);
  }
  files.set(
    `firmware/weights/${varName}.h`,
    fileText([
      ...cppBanner(plan.projectName, `lookup table of layer ${p.index}`),
      `// layer ${p.index}: ${p.comment} (UnaryLUT), ${texts.length} entries indexed by the input's raw bits`,
      `// values printed with ${Math.max(0, fractionalBits(typedef.type))} decimals (fractional bits of ${typedef.name})`,
      `#ifndef ${guard}`,
      `#define ${guard}`,
      '',
      `${typedef.name} ${varName}[${texts.length}] = {`,
      ...body,
      '};',
      '',
      '#endif',
    ]),
  );
  files.set(`firmware/weights/${varName}.txt`, `${texts.join(',')}\n`);
}
