/**
 * hls-studio: the command line over the same core as the studio.
 *   inspect <model> [--config <file>] [--backend <name>] [--io-type <t>] [--json]
 *   convert <model> [--config <file>] [--backend vivado] [--io-type io_parallel] [--input <rows.json>] -o <project.zip>
 *   emulate <model> [--config <file>] [--backend <name>] --input <rows.json> -o <outputs.json> [--float | --trace]
 * Bad input exits with 2 and one line: error: <file>: node '<name>' (<op>): <what is wrong>. <what to do>
 */
import { IrFloatReference } from '../core/float/irReference';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  BACKENDS,
  IO_TYPES,
  defaultConfig,
  withBackend,
  type DesignConfig,
} from '../core/config/designConfig';
import { importHls4mlConfig } from '../core/config/hls4mlConfig';
import { StudioError, formatErrorLine } from '../core/errors';
import { loadModel, sniffFormat } from '../core/frontends/index';
import { checkFileSize } from '../core/limits';
import type { ModelGraph } from '../core/ir/graph';
import { lower } from '../core/passes/lower';
import { emulate } from '../core/emulate/engine';
import { flag, parseArgs, type ParsedArgs } from './args';
import { inspectJson, inspectText } from './inspect';

const USAGE = `usage:
  hls-studio inspect <model> [--config <file>] [--backend <name>] [--io-type <type>] [--json]
  hls-studio convert <model> [--config <file>] [--backend vivado|vitis|quartus|catapult|oneapi] [--io-type io_parallel] [--input <rows.json>] -o <project.zip>
  hls-studio emulate <model> [--config <file>] [--backend <name>] --input <rows.json> -o <outputs.json> [--float | --trace]

<model> is an ONNX or QONNX file, a Keras model (.h5, .keras, or a .json architecture, which pairs with a
sibling <name>_weights.h5 or <name>.h5, or with --weights <file>), a TorchScript .pt archive
(--input-shape 4,16 gives a conv model's batch-free input shape when it cannot be inferred) or a
torch.export .pt2 archive.
Rows are a JSON list of lists, one sample per row, flattened in the model's input layout.`;

const COMMON = ['--config', '--backend', '--io-type', '--weights', '--input-shape'];

function readBytes(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    size = 0; // readFileSync below reports the error
  }
  checkFileSize(size, path); // before reading: a 2 GB file is refused, not loaded into memory
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new StudioError(
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'Check the path.',
      {
        file: path,
      },
    );
  }
}

function readRows(path: string): number[][] {
  const text = new TextDecoder().decode(readBytes(path));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StudioError(
      `not valid JSON: ${(e as Error).message}`,
      'Give a JSON list of lists of numbers.',
      {
        file: path,
      },
    );
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    throw new StudioError('expected a non-empty JSON list of rows', 'Give a JSON list of lists of numbers.', {
      file: path,
    });
  }
  return doc.map((row, i) => {
    if (!Array.isArray(row) || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new StudioError(
        `row ${i} is not a list of finite numbers`,
        'Give a JSON list of lists of numbers.',
        {
          file: path,
        },
      );
    }
    return row as number[];
  });
}

/** A Keras .json architecture pairs with --weights, else a sibling <name>_weights.h5 or <name>.h5. */
function kerasWeightsFor(path: string, bytes: Uint8Array, args: ParsedArgs): string | undefined {
  const given = flag(args, '--weights');
  if (given !== undefined || sniffFormat(bytes) !== 'json') return given;
  const stem = basename(path).replace(/\.[^.]*$/, '');
  return [`${stem}_weights.h5`, `${stem}.h5`].map((n) => join(dirname(path), n)).find((p) => existsSync(p));
}

async function loadGraph(path: string, args: ParsedArgs): Promise<ModelGraph> {
  const bytes = readBytes(path);
  const weights = kerasWeightsFor(path, bytes, args);
  const files = [{ name: basename(path), bytes }];
  if (weights !== undefined) files.push({ name: basename(weights), bytes: readBytes(weights) });
  try {
    return await loadModel(files, { inputShapes: inputShapes(args) });
  } catch (e) {
    if (e instanceof StudioError) throw e.at({ file: path });
    throw e;
  }
}

/** --input-shape 4,16 (one model input) or 4,16;8 (several): batch-free, in the file's own layout. */
function inputShapes(args: ParsedArgs): number[][] | undefined {
  const text = flag(args, '--input-shape');
  if (text === undefined) return undefined;
  return text.split(';').map((part) => {
    const dims = part.split(/[,x×]/).map((d) => Number(d.trim()));
    if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new StudioError(
        `--input-shape '${text}' is not a list of positive integers`,
        'Write e.g. --input-shape 4,16.',
        {
          op: '--input-shape',
        },
      );
    }
    return dims;
  });
}

function loadConfig(args: ParsedArgs): DesignConfig {
  const path = flag(args, '--config');
  let config = path ? importHls4mlConfig(new TextDecoder().decode(readBytes(path)), path) : defaultConfig();
  const backend = flag(args, '--backend');
  if (backend !== undefined) {
    const b = BACKENDS.find((x) => x.toLowerCase() === backend.toLowerCase());
    if (!b)
      throw new StudioError(`unknown backend '${backend}'`, `Use one of ${BACKENDS.join(', ')}.`, {
        op: '--backend',
      });
    config = withBackend(config, b);
  }
  const io = flag(args, '--io-type');
  if (io !== undefined) {
    const t = IO_TYPES.find((x) => x === io.toLowerCase());
    if (!t)
      throw new StudioError(`unknown io type '${io}'`, 'Use io_parallel or io_stream.', { op: '--io-type' });
    config = { ...config, ioType: t };
  }
  return config;
}

function requireModel(args: ParsedArgs): string {
  const model = args.positional[0];
  if (!model) throw new StudioError('no model file given', USAGE.split('\n')[1]!.trim(), {});
  return model;
}

function requireFlag(args: ParsedArgs, name: string, what: string): string {
  const v = flag(args, name);
  if (v === undefined) throw new StudioError(`${name} is required`, `Give ${name} <${what}>.`, { op: name });
  return v;
}

async function inspect(argv: string[]): Promise<void> {
  const args = parseArgs(argv, COMMON, ['--json']);
  const modelPath = requireModel(args);
  const graph = await loadGraph(modelPath, args);
  const lowered = lower(graph, loadConfig(args), modelPath);
  process.stdout.write(
    args.flags.has('--json') ? `${JSON.stringify(inspectJson(lowered), null, 2)}\n` : inspectText(lowered),
  );
}

async function convert(argv: string[]): Promise<void> {
  const args = parseArgs(argv, [...COMMON, '--input', '-o', '--output'], []);
  const modelPath = requireModel(args);
  const out = flag(args, '-o') ?? requireFlag(args, '--output', 'project.zip');
  const graph = await loadGraph(modelPath, args);
  const lowered = lower(graph, loadConfig(args), modelPath);
  const inputPath = flag(args, '--input');
  let inputs: number[][] | undefined;
  let predictions: number[][] | undefined;
  if (inputPath) {
    inputs = readRows(inputPath);
    const r = emulate(lowered, inputs);
    predictions = rowsOf(r.outputs, r.samples);
  }
  // Loaded on demand: inspect and emulate need neither the backends nor the template library.
  const { generateProject } = await import('../core/backends/index');
  const { zipProject } = await import('../core/project/zip');
  const { loadHlsLibraryFromDisk } = await import('./hlsLibrary');
  const files = generateProject(lowered, loadHlsLibraryFromDisk(), { inputs, predictions });
  const zip = await zipProject(files, lowered.config.projectName);
  writeFileSync(out, zip);
  process.stdout.write(
    `wrote ${out}: ${files.size} files, ${zip.length} bytes (${lowered.config.backend}, ${lowered.config.ioType})\n`,
  );
}

/** Samples × outputs: each row is every output of one sample, concatenated in output order. */
function rowsOf(outputs: readonly ArrayLike<number>[], samples: number): number[][] {
  const rows: number[][] = [];
  for (let s = 0; s < samples; s++) {
    const row: number[] = [];
    for (const o of outputs) {
      const n = o.length / samples;
      for (let k = 0; k < n; k++) row.push(o[s * n + k]!);
    }
    rows.push(row);
  }
  return rows;
}

async function emulateCmd(argv: string[]): Promise<void> {
  const args = parseArgs(argv, [...COMMON, '--input', '-o', '--output'], ['--float', '--trace']);
  const modelPath = requireModel(args);
  const inputPath = requireFlag(args, '--input', 'rows.json');
  const out = flag(args, '-o') ?? requireFlag(args, '--output', 'outputs.json');
  if (args.flags.has('--float') && args.flags.has('--trace')) {
    throw new StudioError('--trace is for the fixed-point emulation', 'Drop --float to trace every layer.', {
      op: '--trace',
    });
  }
  const graph = await loadGraph(modelPath, args);
  const rows = readRows(inputPath);
  let doc: unknown;
  let count: number;
  if (args.flags.has('--float')) {
    // ONNX: onnxruntime on the original file; other formats, and ONNX files it cannot run (QONNX's custom
    // quantizer ops), get the float reference of the IR.
    const go = () => Promise.resolve(true);
    let outs: Float64Array[] | null = null;
    if (graph.format === 'onnx') {
      const { FloatReference } = await import('../core/float/onnxReference');
      const ref = new FloatReference(readBytes(modelPath), modelPath);
      outs = await ref.run(rows, go).catch(() => null);
      await ref.release();
    }
    outs ??= await new IrFloatReference(graph).run(rows, go);
    doc = rowsOf(outs!, rows.length);
    count = rows.length;
  } else {
    const lowered = lower(graph, loadConfig(args), modelPath);
    const trace = args.flags.has('--trace');
    const r = emulate(lowered, rows, { trace });
    const outputs = rowsOf(r.outputs, r.samples);
    count = outputs.length;
    // With --trace: {"outputs": rows, "trace": {layer: rows}}, each layer's output per sample (hls4ml's Trace).
    doc = trace
      ? {
          outputs,
          trace: Object.fromEntries(
            Object.entries(r.traces ?? {}).map(([name, v]) => [name, rowsOf([v], r.samples)]),
          ),
        }
      : outputs;
  }
  writeFileSync(out, `${JSON.stringify(doc)}\n`);
  process.stdout.write(
    `wrote ${out}: ${count} rows${args.flags.has('--trace') ? ' with per-layer traces' : ''}\n`,
  );
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'inspect':
        await inspect(rest);
        return 0;
      case 'convert':
        await convert(rest);
        return 0;
      case 'emulate':
        await emulateCmd(rest);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return cmd === undefined ? 2 : 0;
      default:
        throw new StudioError(
          `unknown command '${cmd}'`,
          'Use inspect, convert or emulate (see --help).',
          {},
        );
    }
  } catch (e) {
    if (e instanceof StudioError) {
      process.stderr.write(`${e.oneLine()}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `${formatErrorLine(`internal error: ${message}`, 'This is a bug in HLS Studio; please report it with the model', {})}\n`,
    );
    return 1;
  }
}
