/** Vivado emission of Embedding (nnet_embed.h): config, call and the embeddings table as a weight file. */
import { StudioError } from '../../errors';
import type { PlannedLayer, VivadoPlan } from './plan';
import { writeValueFile } from './weightFiles';
import { member } from './text';

function embeddingLayer(p: PlannedLayer) {
  const layer = p.lowered.layer;
  if (layer.kind !== 'Embedding') throw new Error('not an embedding layer');
  const input = p.input!;
  if (input.type.integer > 31) {
    throw new StudioError(
      `the index input has ${input.type.integer} integer bits; the lookup reads it as a 32-bit int`,
      'Give the Embedding input a type with at most 31 integer bits (e.g. ap_uint<16>).',
      { node: p.lowered.name, op: 'Embedding' },
    );
  }
  if (layer.weight.data.length !== layer.vocab * layer.nOut || p.output.size !== input.size * layer.nOut) {
    throw new StudioError(
      `embedding table of ${layer.weight.data.length} values does not match vocab ${layer.vocab} × ${layer.nOut}`,
      'Check the model file.',
      { node: p.lowered.name, op: 'Embedding' },
    );
  }
  return layer;
}

export function embeddingConfig(p: PlannedLayer): string[] {
  const layer = embeddingLayer(p);
  return [
    `struct ${p.configName} : nnet::embed_config {`,
    member('unsigned', 'n_in', p.input!.size),
    member('unsigned', 'n_out', layer.nOut),
    member('unsigned', 'vocab_size', layer.vocab),
    member('unsigned', 'io_type', 'nnet::io_parallel'),
    member('unsigned', 'reuse_factor', p.lowered.reuseFactor),
    `    typedef ${p.typedefs['embeddings_t']!.name} embeddings_t;`,
    '};',
  ];
}

export function embeddingCall(p: PlannedLayer): string {
  const input = p.input!;
  return `nnet::embedding<${input.typeName}, ${p.output.typeName}, ${p.configName}>(${input.varName}, ${p.output.varName}, ${p.weightVar});`;
}

/** firmware/weights/w<N>.h and .txt: the [vocab × n_out] table in embeddings_t, printed like weights. */
export function writeEmbeddingTable(plan: VivadoPlan, p: PlannedLayer, files: Map<string, string>): void {
  const layer = embeddingLayer(p);
  writeValueFile(plan, files, {
    varName: p.weightVar!,
    typedef: p.typedefs['embeddings_t']!,
    values: layer.weight.data,
    title: `embeddings of layer ${p.index}`,
    note: `// layer ${p.index}: ${p.comment} (Embedding), [${layer.vocab} x ${layer.nOut}], row-major`,
    notFinite: (v) =>
      new StudioError(`embedding value ${v} is not finite`, 'Check the model file.', {
        node: p.lowered.name,
        op: 'Embedding',
      }),
  });
}
