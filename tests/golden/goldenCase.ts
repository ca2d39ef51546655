/**
 * Loading a golden case (a copy of ../shared/reference/<case>): the model, the hls4ml config mapped onto
 * ONNX node names, the 200 input rows and hls4ml's C-simulation outputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromDict } from '../../src/core/config/hls4mlConfig';
import type { DesignConfig } from '../../src/core/config/designConfig';
import { loadModel } from '../../src/core/frontends/index';
import type { ModelGraph } from '../../src/core/ir/graph';

export const GOLDEN_DIR = join(import.meta.dirname, '.');

export interface GoldenCase {
  readonly name: string;
  readonly graph: ModelGraph;
  readonly config: DesignConfig;
  readonly inputs: number[][];
  readonly expected: number[][];
  readonly float: number[][];
  readonly raw: Record<string, unknown>;
}

interface NodeMapping {
  onnx_node: string;
  torch_fx_name: string;
}

export async function loadGoldenCase(name: string): Promise<GoldenCase> {
  const dir = join(GOLDEN_DIR, name);
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  const raw = JSON.parse(read('config.json')) as Record<string, unknown>;
  const mapping = (raw['layer_name_mapping'] as { nodes: NodeMapping[] }).nodes;
  const toOnnx = new Map(mapping.map((m) => [m.torch_fx_name, m.onnx_node]));
  // hls4ml's LayerName keys are torch module names; our ONNX layers carry the ONNX node names.
  const layerName: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((raw['LayerName'] as Record<string, unknown>) ?? {})) {
    layerName[toOnnx.get(k) ?? k] = v;
  }
  const config = configFromDict(
    {
      Backend: raw['backend'],
      IOType: raw['io_type'],
      HLSConfig: { Model: raw['Model'], LayerName: layerName },
    },
    `${name}/config.json`,
  );
  const bytes = new Uint8Array(readFileSync(join(dir, 'model.onnx')));
  const graph = await loadModel([{ name: `${name}/model.onnx`, bytes }]);
  return {
    name,
    graph,
    config,
    inputs: JSON.parse(read('input.json')) as number[][],
    expected: JSON.parse(read('hls4ml_output.json')) as number[][],
    float: JSON.parse(read('float_output.json')) as number[][],
    raw,
  };
}
