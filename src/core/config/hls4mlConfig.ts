/**
 * Import and export of hls4ml's configuration (YAML or JSON): top-level Backend, IOType, ProjectName,
 * Part, ClockPeriod, ClockUncertainty and HLSConfig {Model, LayerType, LayerName}. A bare HLSConfig dict
 * (one that starts with Model) is accepted too. Unknown keys are kept, never dropped.
 */
import YAML from 'yaml';
import { StudioError } from '../errors';
import { parsePrecision } from '../fixed/parse';
import {
  BACKENDS,
  BACKEND_DEFAULTS,
  IO_TYPES,
  defaultConfig,
  type BackendName,
  type DesignConfig,
  type IOType,
  type LayerSettings,
  type Strategy,
} from './designConfig';
import type { SoftmaxImplementation } from '../ir/graph';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

const TOP_KEYS = ['Backend', 'IOType', 'ProjectName', 'Part', 'ClockPeriod', 'ClockUncertainty', 'HLSConfig'];
const HLS_KEYS = ['Model', 'LayerType', 'LayerName'];
const LAYER_KEYS = ['Precision', 'ReuseFactor', 'Strategy', 'TableSize', 'Implementation', 'Trace'];

function bad(file: string, key: string, message: string, hint: string): StudioError {
  return new StudioError(message, hint, { file, op: key });
}

/** Edit distance of two short strings (insert, delete, substitute, swap two neighbours). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64) return 99;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      let v = Math.min(
        d[i - 1]![j]! + 1,
        row[j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      row.push(v);
    }
    d.push(row);
  }
  return d[a.length]![b.length]!;
}

/**
 * Unknown keys are kept for hls4ml, but one that is a misspelling of a key we understand ('ReuseFactr',
 * 'reusefactor', 'Precison') would be silently ignored: refuse it, naming the key and the likely one.
 */
function checkNearMiss(file: string, path: string, key: string, known: readonly string[]): void {
  if (known.includes(key)) return;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d === 0 || (d <= 2 && k.length >= 6) || (d === 1 && k.length >= 4)) {
      throw bad(
        file,
        path,
        `unknown key '${key.slice(0, 80)}'; did you mean '${k}'?`,
        'Fix the spelling (keys are case-sensitive); other unknown keys are kept as they are, for hls4ml.',
      );
    }
  }
}

function checkPrecision(file: string, key: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw bad(
      file,
      key,
      `precision must be a string such as 'ap_fixed<16,6>', got ${JSON.stringify(value)}`,
      'Fix the value in the config file.',
    );
  }
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  const r = parsePrecision(value);
  if (!r.ok)
    throw bad(file, key, r.error, 'Use a type such as ap_fixed<16,6>, ap_fixed<8,3,AP_RND,AP_SAT> or auto.');
  return value.trim();
}

function parseStrategy(file: string, key: string, v: unknown): Strategy {
  const s = String(v).toLowerCase().replace(/[\s_]/g, '');
  if (s === 'latency') return 'Latency';
  if (s === 'resource') return 'Resource';
  if (s === 'resourceunrolled') return 'Resource Unrolled';
  throw bad(
    file,
    key,
    `unknown strategy ${JSON.stringify(v)}`,
    'Use Latency, Resource or Resource Unrolled.',
  );
}

function parsePositiveInt(file: string, key: string, v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 2 ** 31 - 1) {
    throw bad(
      file,
      key,
      `${what} must be a positive integer${typeof v === 'number' && v > 2 ** 31 - 1 ? ' below 2^31' : ''}, got ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`,
      'Fix the value in the config file.',
    );
  }
  return v;
}

function parseLayerSettings(file: string, path: string, d: unknown): LayerSettings {
  if (!isDict(d))
    throw bad(
      file,
      path,
      `expected a mapping, got ${JSON.stringify(d)}`,
      'Each layer entry is a mapping of settings.',
    );
  const out: { -readonly [K in keyof LayerSettings]: LayerSettings[K] } = {};
  const extra: Dict = {};
  for (const [k, v] of Object.entries(d)) {
    const key = `${path}.${k}`;
    switch (k) {
      case 'Precision':
        if (typeof v === 'string') out.precision = { default: checkPrecision(file, key, v) };
        else if (isDict(v)) {
          const p: Record<string, string> = {};
          for (const [slot, pv] of Object.entries(v)) p[slot] = checkPrecision(file, `${key}.${slot}`, pv);
          out.precision = p;
        } else
          throw bad(
            file,
            key,
            'Precision must be a string or a mapping of slot → precision',
            'Fix the config.',
          );
        break;
      case 'ReuseFactor':
        out.reuseFactor = parsePositiveInt(file, key, v, 'ReuseFactor');
        break;
      case 'Strategy':
        out.strategy = parseStrategy(file, key, v);
        break;
      case 'TableSize':
        out.tableSize = parsePositiveInt(file, key, v, 'TableSize');
        break;
      case 'Implementation': {
        const s = String(v).toLowerCase();
        if (!['stable', 'latency', 'legacy', 'argmax'].includes(s)) {
          throw bad(
            file,
            key,
            `unknown softmax implementation ${JSON.stringify(v)}`,
            'Use stable, latency, legacy or argmax.',
          );
        }
        out.implementation = s as SoftmaxImplementation;
        break;
      }
      case 'Trace':
        if (typeof v !== 'boolean')
          throw bad(file, key, `Trace must be true or false, got ${JSON.stringify(v)}`, 'Fix the value.');
        out.trace = v;
        break;
      default:
        checkNearMiss(file, key, k, LAYER_KEYS);
        extra[k] = v;
    }
  }
  if (Object.keys(extra).length) out.extra = extra;
  return out;
}

function parseLayerMap(file: string, path: string, d: unknown): Record<string, LayerSettings> {
  if (d === undefined || d === null) return {};
  if (!isDict(d)) throw bad(file, path, 'expected a mapping of names to settings', 'Fix the config.');
  const out: Record<string, LayerSettings> = {};
  for (const [name, s] of Object.entries(d)) out[name] = parseLayerSettings(file, `${path}.${name}`, s);
  return out;
}

/** Deeper than this is refused before parsing: hls4ml configs nest a handful of levels. */
const MAX_NESTING = 256;

/**
 * Whether brackets or indentation nest deeper than MAX_NESTING. The YAML parser recurses per level, and
 * a stack overflow inside it can end in a native out-of-memory abort instead of an exception, so depth
 * is checked on the raw text first (brackets inside strings count too; a real config has none).
 */
function nestedTooDeep(text: string): boolean {
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && (c === 32 || c === 45)) {
      // leading spaces and block-sequence dashes: one nesting level each, at most
      if (++indent > MAX_NESTING * 2) return true;
      continue;
    }
    lineStart = false;
    if (c === 91 || c === 123) {
      if (++depth > MAX_NESTING) return true;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return false;
}

/** Parse text (YAML is a superset of JSON) into a DesignConfig; errors name the file and the key. */
export function importHls4mlConfig(text: string, file = 'config'): DesignConfig {
  if (nestedTooDeep(text)) {
    throw new StudioError(
      `not valid YAML/JSON: nested more than ${MAX_NESTING} levels deep`,
      'An hls4ml config nests a few levels (HLSConfig → LayerName → layer → Precision); check the file.',
      { file },
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new StudioError(
      `not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}`,
      'Check the syntax of the config file.',
      { file },
    );
  }
  if (!isDict(doc))
    throw new StudioError(
      'the config must be a mapping at the top level',
      'See hls4ml_config.yml for the layout.',
      { file },
    );
  return configFromDict(doc, file);
}

export function configFromDict(doc: Dict, file = 'config'): DesignConfig {
  const hls: Dict = isDict(doc['HLSConfig']) ? doc['HLSConfig'] : isDict(doc['Model']) ? doc : {};
  const bareHls = hls === doc;
  let backend: BackendName = 'Vivado';
  if (doc['Backend'] !== undefined) {
    const b = BACKENDS.find((x) => x.toLowerCase() === String(doc['Backend']).toLowerCase());
    if (!b)
      throw bad(
        file,
        'Backend',
        `unknown backend ${JSON.stringify(doc['Backend'])}`,
        `Use one of ${BACKENDS.join(', ')}.`,
      );
    backend = b;
  }
  const base = defaultConfig(backend);
  let ioType: IOType = base.ioType;
  if (doc['IOType'] !== undefined) {
    const io = IO_TYPES.find((x) => x === String(doc['IOType']).toLowerCase());
    if (!io)
      throw bad(
        file,
        'IOType',
        `unknown IOType ${JSON.stringify(doc['IOType'])}`,
        'Use io_parallel or io_stream.',
      );
    ioType = io;
  }
  const modelSettings =
    hls['Model'] !== undefined ? parseLayerSettings(file, 'HLSConfig.Model', hls['Model']) : {};
  const precision = { ...base.model.precision, ...(modelSettings.precision ?? {}) };
  const clock = doc['ClockPeriod'];
  if (clock !== undefined && (typeof clock !== 'number' || !(clock > 0) || !Number.isFinite(clock))) {
    throw bad(
      file,
      'ClockPeriod',
      `ClockPeriod must be a positive number of ns, got ${typeof clock === 'number' ? String(clock) : JSON.stringify(clock)}`,
      'Fix the value.',
    );
  }
  const extra: Dict = {};
  if (!bareHls) {
    for (const [k, v] of Object.entries(doc)) {
      if (TOP_KEYS.includes(k)) continue;
      checkNearMiss(file, k, k, TOP_KEYS);
      extra[k] = v;
    }
    for (const [k, v] of Object.entries(hls)) {
      if (HLS_KEYS.includes(k)) continue;
      checkNearMiss(file, `HLSConfig.${k}`, k, HLS_KEYS);
      extra[`HLSConfig.${k}`] = v;
    }
  } else {
    for (const [k, v] of Object.entries(doc)) {
      if (HLS_KEYS.includes(k)) continue;
      checkNearMiss(file, k, k, HLS_KEYS);
      extra[k] = v;
    }
  }
  return {
    backend,
    projectName: typeof doc['ProjectName'] === 'string' ? doc['ProjectName'] : base.projectName,
    part: typeof doc['Part'] === 'string' ? doc['Part'] : BACKEND_DEFAULTS[backend].part,
    clockPeriod: typeof clock === 'number' ? clock : base.clockPeriod,
    clockUncertainty:
      doc['ClockUncertainty'] !== undefined
        ? String(doc['ClockUncertainty'])
        : BACKEND_DEFAULTS[backend].clockUncertainty,
    ioType,
    model: {
      ...modelSettings,
      precision: precision as DesignConfig['model']['precision'],
      reuseFactor: modelSettings.reuseFactor ?? 1,
      strategy: modelSettings.strategy ?? 'Latency',
    },
    layerType: parseLayerMap(file, 'HLSConfig.LayerType', hls['LayerType']),
    layerName: parseLayerMap(file, 'HLSConfig.LayerName', hls['LayerName']),
    extra,
  };
}

function settingsToDict(s: LayerSettings): Dict {
  const d: Dict = {};
  if (s.precision) {
    const keys = Object.keys(s.precision);
    d['Precision'] = keys.length === 1 && keys[0] === 'default' ? s.precision['default'] : { ...s.precision };
  }
  if (s.reuseFactor !== undefined) d['ReuseFactor'] = s.reuseFactor;
  if (s.strategy !== undefined) d['Strategy'] = s.strategy;
  if (s.tableSize !== undefined) d['TableSize'] = s.tableSize;
  if (s.implementation !== undefined) d['Implementation'] = s.implementation;
  if (s.trace !== undefined) d['Trace'] = s.trace;
  for (const [k, v] of Object.entries(s.extra ?? {})) d[k] = v;
  return d;
}

/** The hls4ml-style dict (what hls4ml_config.yml holds). */
export function exportHls4mlDict(c: DesignConfig): Dict {
  const hls: Dict = { Model: settingsToDict(c.model) };
  if (Object.keys(c.layerType).length) {
    hls['LayerType'] = Object.fromEntries(
      Object.entries(c.layerType).map(([k, v]) => [k, settingsToDict(v)]),
    );
  }
  if (Object.keys(c.layerName).length) {
    hls['LayerName'] = Object.fromEntries(
      Object.entries(c.layerName).map(([k, v]) => [k, settingsToDict(v)]),
    );
  }
  const top: Dict = {
    Backend: c.backend,
    ProjectName: c.projectName,
    Part: c.part,
    ClockPeriod: c.clockPeriod,
    IOType: c.ioType,
    HLSConfig: hls,
  };
  if (c.clockUncertainty !== null) top['ClockUncertainty'] = c.clockUncertainty;
  for (const [k, v] of Object.entries(c.extra)) {
    if (k.startsWith('HLSConfig.')) hls[k.slice('HLSConfig.'.length)] = v;
    else top[k] = v;
  }
  return top;
}

export function exportHls4mlYaml(c: DesignConfig): string {
  return YAML.stringify(exportHls4mlDict(c), { lineWidth: 0 });
}

// Exported for tests and the UI (layer setting keys understood today).
export const UNDERSTOOD_LAYER_KEYS: readonly string[] = LAYER_KEYS;
