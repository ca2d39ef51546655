/**
 * firmware/weights/<var>.h and its .txt twin, as the Vivado writer prints every array of constants (Dense
 * and convolution weights, batch-norm scales, thresholds, tables, recurrent kernels, PReLU alphas): a
 * banner, comment lines, the include guard and the C array in its typedef.
 */
import type { StudioError } from '../../errors';
import { fractionalBits } from '../../fixed/types';
import type { PlannedLayer, PlannedTypedef, VivadoPlan } from './plan';
import { cppBanner, fileText } from './text';
import { weightText } from './writeWeights';

const VALUES_PER_LINE = 8;

/** As a C++ literal: integers get '.0' so that huge values are double literals, not overflowing ints. */
export function cppLiteral(text: string): string {
  return text.includes('.') ? text : `${text}.0`;
}

/** The initialiser lines of an array: eight values a line, comma-separated. */
export function valueLines(literals: readonly string[]): string[] {
  const lines: string[] = [];
  for (let k = 0; k < literals.length; k += VALUES_PER_LINE) {
    const more = k + VALUES_PER_LINE < literals.length ? ',' : '';
    lines.push(`    ${literals.slice(k, k + VALUES_PER_LINE).join(', ')}${more}`);
  }
  return lines;
}

/** The comment line saying how many decimals the values are printed with. */
export function decimalsNote(typedef: PlannedTypedef): string {
  return `// values printed with ${Math.max(0, fractionalBits(typedef.type))} decimals (fractional bits of ${typedef.name})`;
}

export interface WeightFile {
  readonly varName: string;
  readonly typeName: string;
  /** What the banner says the file holds, e.g. 'weights of layer 3'. */
  readonly title: string;
  /** Comment lines between the banner and the include guard. */
  readonly notes: readonly string[];
  /** The array's initialiser lines and its length. */
  readonly body: readonly string[];
  readonly count: number;
  /** The values of the .txt twin, comma-separated there. */
  readonly txt: readonly string[];
}

export function setWeightFile(plan: VivadoPlan, files: Map<string, string>, f: WeightFile): void {
  const guard = `NNET_WEIGHTS_${f.varName.toUpperCase()}_H_`;
  files.set(
    `firmware/weights/${f.varName}.h`,
    fileText([
      ...cppBanner(plan.projectName, f.title),
      ...f.notes,
      `#ifndef ${guard}`,
      `#define ${guard}`,
      '',
      `${f.typeName} ${f.varName}[${f.count}] = {`,
      ...f.body,
      '};',
      '',
      '#endif',
    ]),
  );
  files.set(`firmware/weights/${f.varName}.txt`, `${f.txt.join(',')}\n`);
}

export interface ValueFile {
  readonly varName: string;
  readonly typedef: PlannedTypedef;
  readonly values: ArrayLike<number>;
  readonly title: string;
  /** The line describing the layer and the array, below the banner. */
  readonly note: string;
  /** The error for value `k` when it is not a finite number. */
  readonly notFinite: (v: number, k: number) => StudioError;
}

/**
 * An array printed like weights (the typedef's fractional bits, integers with '.0'), eight values a line;
 * the .txt twin holds the same literals.
 */
export function writeValueFile(plan: VivadoPlan, files: Map<string, string>, f: ValueFile): void {
  const texts = Array.from(f.values, (v, k) => {
    if (!Number.isFinite(v)) throw f.notFinite(v, k);
    return cppLiteral(weightText(v, f.typedef.type));
  });
  setWeightFile(plan, files, {
    varName: f.varName,
    typeName: f.typedef.name,
    title: f.title,
    notes: [f.note, decimalsNote(f.typedef)],
    body: valueLines(texts),
    count: texts.length,
    txt: texts,
  });
}

/**
 * Array `varName` of layer p in the typedef of `slot`, every value on one line (batch-norm scale and bias,
 * depthwise and separable parts, thresholds); `texts` are the printed values, which the .txt twin holds.
 */
export function writeSlotArray(
  plan: VivadoPlan,
  p: PlannedLayer,
  files: Map<string, string>,
  varName: string,
  slot: string,
  texts: readonly string[],
): void {
  setWeightFile(plan, files, {
    varName,
    typeName: p.typedefs[slot]!.name,
    title: `${slot.slice(0, -2)} array of layer ${p.index}`,
    notes: [`// layer ${p.index}: ${p.comment} (${p.lowered.kind})`],
    body: [`    ${texts.map(cppLiteral).join(', ')}`],
    count: texts.length,
    txt: texts,
  });
}
