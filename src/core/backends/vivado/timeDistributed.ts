/**
 * TimeDistributed in the Vivado writer (hls4ml's time_distributed template, our nnet_time_distributed.h):
 * a loop over the first axis that copies one time step of the input into a local array, runs the wrapped
 * layer on it with a config written for one step, and copies the step's output into the layer's output.
 * The copies change no value; the wrapped layer's call and config are the ordinary ones.
 */
import { StudioError } from '../../errors';
import type { LoweredLayer } from '../../passes/lowered';
import type { PlannedLayer, PlannedTensor } from './plan';

/** The tensor of one step: every axis but the first; sizes as literals (no macros in defines.h). */
function stepTensor(t: PlannedTensor, varName: string): PlannedTensor {
  const macros = t.macros.slice(1).map((m) => ({ name: String(m.value), value: m.value }));
  const size = macros.reduce((a, m) => a * m.value, 1);
  return { ...t, varName, macros, sizeExpr: String(size), size };
}

/** `planned` is the wrapped layer planned on the whole tensors; `gl` the TimeDistributed lowered layer. */
export function timeStepPlan(planned: PlannedLayer, gl: LoweredLayer): PlannedLayer {
  if (gl.layer.kind !== 'TimeDistributed' || !planned.input) throw new Error('not a TimeDistributed layer');
  const steps = gl.layer.timeSteps;
  const input = planned.input;
  if (input.macros[0]?.value !== steps || planned.output.macros[0]?.value !== steps) {
    throw new StudioError(
      `the input and output of a TimeDistributed layer must both have ${steps} time steps first`,
      'This is a bug in HLS Studio; please report it with the model.',
      { node: gl.name, op: gl.layer.source.op },
    );
  }
  const step: PlannedLayer = {
    ...planned,
    input: stepTensor(input, `${planned.output.varName}_step_in`),
    output: stepTensor(planned.output, `${planned.output.varName}_step`),
  };
  return { ...planned, timeDistributed: { steps, step } };
}

/** The loop around `innerCall` (the wrapped layer's call on the step arrays). */
export function timeDistributedCall(p: PlannedLayer, innerCall: string): string {
  const td = p.timeDistributed!;
  const output = td.step.output;
  const input = td.step.input!;
  const whole = p.input!;
  return [
    `for (unsigned ts = 0; ts < ${td.steps}; ts++) {`,
    `        ${input.typeName} ${input.varName}[${input.sizeExpr}];`,
    `        #pragma HLS ARRAY_PARTITION variable=${input.varName} complete dim=0`,
    `        ${output.typeName} ${output.varName}[${output.sizeExpr}];`,
    `        #pragma HLS ARRAY_PARTITION variable=${output.varName} complete dim=0`,
    `        nnet::read_time_step<${input.typeName}, ${td.steps}, ${input.size}>(ts, ${whole.varName}, ${input.varName});`,
    `        ${innerCall}`,
    `        nnet::write_time_step<${output.typeName}, ${td.steps}, ${output.size}>(ts, ${output.varName}, ${p.output.varName});`,
    '    }',
  ].join('\n');
}
