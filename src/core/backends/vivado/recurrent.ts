/** Vivado emission of SimpleRNN / LSTM / GRU (nnet_recurrent.h): config, call and the four weight arrays. */
import { StudioError } from '../../errors';
import { fractionalBits } from '../../fixed/types';
import type { RecurrentLayer } from '../../ir/graph';
import { activationCode, checkRecurrent, gateCount } from '../../emulate/recurrent';
import type { PlannedLayer, VivadoPlan } from './plan';
import { cppBanner, fileText } from './text';
import { weightText } from './writeWeights';

function member(type: string, name: string, value: string | number): string {
  return `    static const ${type} ${name} = ${value};`;
}

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

export function recurrentConfig(p: PlannedLayer): string[] {
  const layer = recurrentLayer(p);
  const dims = p.input!.macros.map((m) => m.value);
  const { steps, nIn } = checkRecurrent(layer, dims);
  const t = p.typedefs;
  return [
    `struct ${p.configName} : nnet::recurrent_config {`,
    member('unsigned', 'n_in', nIn),
    member('unsigned', 'n_units', layer.units),
    member('unsigned', 'n_timesteps', steps),
    member('unsigned', 'n_gates', gateCount(layer)),
    member('bool', 'return_sequences', layer.returnSequences ? 'true' : 'false'),
    member('bool', 'reset_after', layer.kind !== 'GRU' || layer.resetAfter ? 'true' : 'false'),
    member('int', 'activation', activationCode(layer, layer.activation)),
    member('int', 'recurrent_activation', activationCode(layer, layer.recurrentActivation)),
    member('unsigned', 'table_size', p.lowered.tableSize),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${t['weight_t']!.name} weight_t;`,
    `    typedef ${t['bias_t']!.name} bias_t;`,
    `    typedef ${t['recurrent_weight_t']!.name} recurrent_weight_t;`,
    `    typedef ${t['recurrent_bias_t']!.name} recurrent_bias_t;`,
    `    typedef ${t['accum_t']!.name} accum_t;`,
    `    typedef ${t['table_t']!.name} table_t;`,
    '};',
  ];
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
  const typedef = p.typedefs[slot]!;
  const texts = values.map((v) => {
    if (!Number.isFinite(v)) {
      throw new StudioError(`${what} value ${v} is not finite`, 'Check the model file.', {
        node: p.lowered.name,
        op: p.lowered.kind,
      });
    }
    const s = weightText(v, typedef.type);
    return s.includes('.') ? s : `${s}.0`;
  });
  const guard = `NNET_WEIGHTS_${varName.toUpperCase()}_H_`;
  const body: string[] = [];
  for (let k = 0; k < texts.length; k += 8) {
    body.push(`    ${texts.slice(k, k + 8).join(', ')}${k + 8 < texts.length ? ',' : ''}`);
  }
  files.set(
    `firmware/weights/${varName}.h`,
    fileText([
      ...cppBanner(plan.projectName, `${what} of layer ${p.index}`),
      `// layer ${p.index}: ${p.comment} (${p.lowered.kind}), ${values.length} values, input-major`,
      `// values printed with ${Math.max(0, fractionalBits(typedef.type))} decimals (fractional bits of ${typedef.name})`,
      `#ifndef ${guard}`,
      `#define ${guard}`,
      '',
      `${typedef.name} ${varName}[${values.length}] = {`,
      ...body,
      '};',
      '',
      '#endif',
    ]),
  );
  files.set(`firmware/weights/${varName}.txt`, `${texts.join(',')}\n`);
}

export function writeRecurrentWeights(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const layer = recurrentLayer(p);
  const a = recurrentArrays(p);
  const g = gateCount(layer) * layer.units;
  const zeros = new Array<number>(g).fill(0);
  writeValueArray(plan, p, a.w, 'weight_t', Array.from(layer.kernel.data), 'kernel', files);
  writeValueArray(
    plan,
    p,
    a.wr,
    'recurrent_weight_t',
    Array.from(layer.recurrentKernel.data),
    'recurrent kernel',
    files,
  );
  writeValueArray(plan, p, a.b, 'bias_t', layer.bias ? Array.from(layer.bias.data) : zeros, 'bias', files);
  writeValueArray(
    plan,
    p,
    a.br,
    'recurrent_bias_t',
    layer.recurrentBias ? Array.from(layer.recurrentBias.data) : zeros,
    'recurrent bias',
    files,
  );
}
