/**
 * Catapult firmware files. The layer calls, configs, weights and testbench are the Vivado writer's
 * (hls4ml's Catapult templates mirror its Vivado ones); what differs is rewritten here: ac types instead
 * of ap types, Catapult pragmas (`#pragma hls_design top`, `hls_pipeline_init_interval`) instead of
 * `#pragma HLS`, and the ac headers. Every rewrite is of a line the Vivado writer emits in a fixed
 * form; a line that does not match fails loudly rather than leaking an ap type into the project.
 */
import { StudioError } from '../../errors';
import { toAcType } from '../../fixed/format';
import { parsePrecisionOrThrow } from '../../fixed/parse';
import { denseProduct } from '../../passes/denseProduct';
import type { PlannedLayer, PlannedTypedef, VivadoPlan } from '../vivado/plan';
import { cppBanner, fileText, layerComment } from '../vivado/text';
import { isStream, packOf } from '../vivado/stream';
import { catapultChannelLine } from './stream';

function bug(message: string): StudioError {
  return new StudioError(message, 'This is a bug in HLS Studio; please report it with the model.', {
    op: 'Catapult',
  });
}

/** ap_fixed<…> / ap_uint<…> spelled as the ac type with the same value set and modes. */
function acSpelling(ap: string): string {
  return toAcType(parsePrecisionOrThrow(ap));
}

const AP_TYPE = /\bap_u?(?:fixed|int)<[^<>]*>/g;

/** Rewrites ap includes, ap types and Vivado pragmas in text the Vivado writer produced. */
export function toCatapultText(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const pragma = /^(\s*)#pragma HLS (\w+)/.exec(line);
    if (pragma) {
      const [, indent, what] = pragma;
      if (what === 'PIPELINE') out.push(`${indent}#pragma hls_pipeline_init_interval 1`);
      else if (what === 'UNROLL') out.push(`${indent}#pragma hls_unroll yes`);
      // partitioning, interfaces, dataflow and inlining are Catapult directives, not source pragmas
      continue;
    }
    if (line === '#include "ap_fixed.h"') out.push('#include "ac_fixed.h"');
    else if (line === '#include "ap_int.h"') out.push('#include "ac_int.h"');
    else {
      // io_stream: hls::stream → ac_channel (stream.ts)
      const channel = catapultChannelLine(line) ?? line;
      // only code is rewritten and checked: comments carry (escaped) model names
      const cut = channel.indexOf('//');
      const code = cut < 0 ? channel : channel.slice(0, cut);
      const rest = cut < 0 ? '' : channel.slice(cut);
      const rewritten = code.replace(AP_TYPE, acSpelling);
      if (/\bap_|\bAP_|\bhls::/.test(rewritten))
        throw bug(`an ap type or hls:: name is left in a Catapult file: ${rewritten.trim()}`);
      out.push(rewritten + rest);
    }
  }
  return out.join('\n');
}

/** A typedef in ac types; power-of-two weights get the sign/exponent struct of weight_exponential. */
function acTypedefLine(p: PlannedLayer, t: PlannedTypedef): string {
  if (t.slot === 'weight_t' && denseProduct(p.lowered.layer, t.type) === 'weight_exponential') {
    return `struct ${t.name} { ac_int<1,false> sign; ${toAcType(t.type)} weight; }; // power-of-two weight: sign (1: +), exponent`;
  }
  return `typedef ${toAcType(t.type)} ${t.name};`;
}

/** firmware/defines.h with ac types (the Vivado writer's layout). */
export function writeCatapultDefines(plan: VivadoPlan): string {
  const sizes: string[] = [];
  const types: string[] = [];
  const stream = isStream(plan);
  for (const p of plan.layers) {
    for (const m of p.output.macros) sizes.push(`#define ${m.name} ${m.value}`);
    types.push(layerComment(p.index, p.comment, p.lowered.kind));
    // io_stream: a tensor's type is its stream word (vivado/stream.ts)
    types.push(
      stream
        ? `typedef nnet::array<${toAcType(p.output.type)}, ${packOf(p.output).expr}> ${p.output.typeName};`
        : `typedef ${toAcType(p.output.type)} ${p.output.typeName};`,
    );
    for (const t of Object.values(p.typedefs)) types.push(acTypedefLine(p, t));
  }
  return fileText([
    ...cppBanner(plan.projectName, 'tensor sizes and fixed-point types'),
    '#ifndef NNET_PROJECT_DEFINES_H_',
    '#define NNET_PROJECT_DEFINES_H_',
    '',
    '#include "ac_fixed.h"',
    '#include "ac_int.h"',
    ...(stream ? ['#include "nnet_utils/nnet_types.h"'] : []),
    '',
    '#include <cstddef>',
    '#include <cstdio>',
    '',
    '// Tensor sizes',
    ...sizes,
    '',
    '// Types',
    ...types,
    '',
    '#endif',
  ]);
}

/** The top function with Catapult's top-level pragma just before its definition. */
export function toCatapultTop(plan: VivadoPlan, vivadoSource: string): string {
  const text = toCatapultText(vivadoSource);
  const signature = `void ${plan.projectName}(`;
  const lines = text.split('\n');
  const at = lines.indexOf(signature);
  if (at < 0) throw bug('the top function was not found in the generated source');
  lines.splice(at, 0, '#pragma hls_design top');
  return lines.join('\n');
}

/** firmware/layer_summary.txt (hls4ml's Catapult writer lists every layer with its types). */
export function writeLayerSummary(plan: VivadoPlan): string {
  const rows = plan.layers.map((p) => {
    const l = p.lowered;
    const extra = Object.values(p.typedefs).map((t) => `${t.slot}=${toAcType(t.type)}`);
    const strategy = l.kind === 'Dense' || l.kind === 'Conv' ? [`${l.strategy} RF=${l.reuseFactor}`] : [];
    return [
      `layer ${p.index}: ${p.comment} (${l.kind})`,
      `    output ${p.output.varName} [${l.outputShape.join('x') || '1'}] ${toAcType(p.output.type)}`,
      ...[...strategy, ...extra].map((e) => `    ${e}`),
    ].join('\n');
  });
  return fileText([`# ${plan.projectName}: layer summary. Generated by HLS Studio.`, '', ...rows]);
}

/**
 * The testbench with SCVerify's entry points (CCS_MAIN, CCS_DESIGN, CCS_RETURN from
 * nnet_utils/nnet_scverify.h), which are plain main(), call and return under g++.
 */
export function toCatapultTestbench(plan: VivadoPlan, vivadoTestbench: string): string {
  const p = plan.projectName;
  const lines = toCatapultText(vivadoTestbench).split('\n');
  const include = lines.indexOf(`#include "firmware/${p}.h"`);
  const main = lines.indexOf('int main() {');
  if (include < 0 || main < 0) throw bug('the testbench does not have the expected form');
  let called = false;
  const out = lines.map((line, i) => {
    if (i < main) return line;
    if (i === main) return 'CCS_MAIN(int argc, char **argv) {\n    (void)argc;\n    (void)argv;';
    const ret = /^(\s+)return (\d+);$/.exec(line);
    if (ret) return `${ret[1]!}CCS_RETURN(${ret[2]!});`;
    if (line.includes(`::${p}(`)) {
      called = true;
      return line.replace(`::${p}(`, `CCS_DESIGN(${p})(`);
    }
    return line;
  });
  if (!called) throw bug('the testbench does not call the top function');
  out.splice(include + 1, 0, '#include "firmware/nnet_utils/nnet_scverify.h"');
  return out.join('\n');
}
