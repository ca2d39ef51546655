/**
 * lower(graph, config): run the backend's flow and freeze the result into a LoweredGraph.
 */
import { BACKEND_DEFAULTS, type DesignConfig } from '../config/designConfig';
import { StudioError } from '../errors';
import { uniqueIdentifiers } from '../backends/sanitize';
import type { ModelGraph } from '../ir/graph';
import { ReportBuilder, type DraftGraph, type LayerDraft } from './draft';
import { flowFor } from './flows';
import type { LoweredGraph, LoweredLayer, PassReport } from './lowered';
import type { FixedType } from '../fixed/types';

export function lower(graph: ModelGraph, config: DesignConfig, file = graph.name): LoweredGraph {
  const ids = uniqueIdentifiers(graph.layers.map((l) => l.name));
  // hls4ml numbers the model's own layers in order from 1, and layers it inserts after all of them.
  const own = graph.layers.filter((l) => !l.inserted).length;
  let nextOwn = 1;
  let nextInserted = own + 1;
  const layers: LayerDraft[] = graph.layers.map((layer, i) => ({
    layer,
    index: layer.inserted ? nextInserted++ : nextOwn++,
    cppName: ids[i]!,
    types: {},
    typeOrigins: {},
    reuseFactor: 1,
    strategy: 'latency',
    tableSize: 1024,
    softmax: null,
    trace: false,
    fifoDepth: null,
  }));
  const draft: DraftGraph = {
    graph,
    config,
    family: BACKEND_DEFAULTS[config.backend].family,
    layers,
    inputs: [...graph.inputs],
    outputs: [...graph.outputs],
    file,
  };
  const reports: PassReport[] = [];
  for (const pass of flowFor(config.backend)) {
    const rb = new ReportBuilder();
    pass.run(draft, rb);
    reports.push(rb.build(pass));
  }
  const frozen: LoweredLayer[] = draft.layers.map((d) => {
    const types: Record<string, FixedType> = {};
    for (const [k, v] of Object.entries(d.types)) {
      if (v === 'auto') {
        throw new StudioError(`${k} is still 'auto' after the passes`, 'Set an explicit precision for it.', {
          file,
          node: d.layer.name,
          op: d.layer.kind,
        });
      }
      types[k] = v;
    }
    return {
      layer: d.layer,
      name: d.layer.name,
      kind: d.layer.kind,
      // hls4ml keeps each layer's original number when passes remove others (fc1 2, relu1 4 after bn1 3 goes).
      index: d.index,
      cppName: d.cppName,
      inputs: d.layer.inputs,
      outputShape: d.layer.outputShape,
      types,
      typeOrigins: { ...d.typeOrigins },
      reuseFactor: d.reuseFactor,
      strategy: d.strategy,
      tableSize: d.tableSize,
      softmax: d.softmax,
      trace: d.trace,
      fifoDepth: d.fifoDepth,
    };
  });
  return {
    graph,
    config,
    family: draft.family,
    layers: frozen,
    inputs: draft.inputs,
    outputs: draft.outputs,
    reports,
  };
}
