/**
 * Parse every precision spelling hls4ml accepts (hls4ml-facts.md §4.4) into a FixedType:
 *   ap_fixed<W,I,Q,O,N>  ap_ufixed<…>  ap_int<W>  ap_uint<W>
 *   ac_fixed<W,I,S,Q,O>  ac_int<W,S>
 *   fixed<…>  ufixed<…>  int<W>  uint<W>
 * Mode names may carry an AP_ or AC_ prefix or none. 'auto' is handled by the config layer.
 */
import {
  MAX_WIDTH,
  OVERFLOW_MODES,
  ROUNDING_MODES,
  makeFixed,
  makeInt,
  type FixedType,
  type OverflowMode,
  type RoundingMode,
} from './types';

export type ParseResult = { ok: true; type: FixedType } | { ok: false; error: string };

const INT_RE = /^[+-]?\d+$/;

function parseIntArg(s: string, what: string): number | string {
  if (!INT_RE.test(s)) return `${what} must be an integer, got '${s}'`;
  return Number(s);
}

type Parsed<T> = { value: T } | { error: string };

function parseRounding(tok: string): Parsed<RoundingMode> {
  const bare = tok.replace(/^(AP_|AC_)/i, '').toUpperCase();
  return (ROUNDING_MODES as readonly string[]).includes(bare)
    ? { value: bare as RoundingMode }
    : { error: `unknown rounding mode '${tok}' (expected one of ${ROUNDING_MODES.join(', ')})` };
}

function parseOverflow(tok: string): Parsed<OverflowMode> {
  const bare = tok.replace(/^(AP_|AC_)/i, '').toUpperCase();
  return (OVERFLOW_MODES as readonly string[]).includes(bare)
    ? { value: bare as OverflowMode }
    : { error: `unknown overflow mode '${tok}' (expected one of ${OVERFLOW_MODES.join(', ')})` };
}

function parseBool(tok: string): boolean | string {
  const t = tok.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return `signedness must be true or false, got '${tok}'`;
}

function checkWidth(w: number): string | null {
  if (w < 1) return `width must be at least 1, got ${w}`;
  if (w > MAX_WIDTH) return `width ${w} is larger than the supported maximum of ${MAX_WIDTH} bits`;
  return null;
}

const fail = (error: string): ParseResult => ({ ok: false, error });

export function parsePrecision(text: string): ParseResult {
  const s = text.trim().replace(/\s+/g, '');
  const m = /^([A-Za-z_]+)<(.*)>$/.exec(s);
  if (!m) return fail(`'${text}' is not a precision: expected e.g. ap_fixed<16,6> or fixed<8,3,RND,SAT>`);
  const head = m[1]!.toLowerCase();
  const args = m[2] === '' ? [] : m[2]!.split(',');

  let family: 'ap' | 'ac' | 'plain';
  let base: string;
  if (head.startsWith('ap_')) [family, base] = ['ap', head.slice(3)];
  else if (head.startsWith('ac_')) [family, base] = ['ac', head.slice(3)];
  else [family, base] = ['plain', head];

  if (family === 'ac') {
    if (base === 'fixed') return parseAcFixed(args, text);
    if (base === 'int') return parseAcInt(args, text);
    return fail(`unknown type '${m[1]}' in '${text}' (ac types are ac_fixed and ac_int)`);
  }
  if (base === 'fixed' || base === 'ufixed') return parseApFixed(args, base === 'fixed', text);
  if (base === 'int' || base === 'uint') {
    if (args.length !== 1) return fail(`'${text}': ${base}<W> takes exactly one argument`);
    const w = parseIntArg(args[0]!, 'width');
    if (typeof w === 'string') return fail(`'${text}': ${w}`);
    const we = checkWidth(w);
    if (we) return fail(`'${text}': ${we}`);
    return { ok: true, type: makeInt(w, base === 'int') };
  }
  return fail(
    `unknown type '${m[1]}' in '${text}' (expected ap_fixed, ap_ufixed, ap_int, ap_uint, ac_fixed, ac_int)`,
  );
}

function parseApFixed(args: string[], signed: boolean, text: string): ParseResult {
  if (args.length < 2 || args.length > 5) {
    return fail(`'${text}': expected <W,I[,Q[,O[,N]]]> (2 to 5 arguments), got ${args.length}`);
  }
  const w = parseIntArg(args[0]!, 'width W');
  if (typeof w === 'string') return fail(`'${text}': ${w}`);
  const we = checkWidth(w);
  if (we) return fail(`'${text}': ${we}`);
  const i = parseIntArg(args[1]!, 'integer bits I');
  if (typeof i === 'string') return fail(`'${text}': ${i}`);
  if (Math.abs(i) > MAX_WIDTH * 4) return fail(`'${text}': integer bits ${i} are out of range`);
  let q: RoundingMode = 'TRN';
  let o: OverflowMode = 'WRAP';
  let n = 0;
  if (args.length > 2) {
    const r = parseRounding(args[2]!);
    if ('error' in r) return fail(`'${text}': ${r.error}`);
    q = r.value;
    if (q === 'RND_CONV_ODD') return fail(`'${text}': RND_CONV_ODD exists only in ac_fixed`);
  }
  if (args.length > 3) {
    const r = parseOverflow(args[3]!);
    if ('error' in r) return fail(`'${text}': ${r.error}`);
    o = r.value;
  }
  if (args.length > 4) {
    const r = parseIntArg(args[4]!, 'saturation bits N');
    if (typeof r === 'string') return fail(`'${text}': ${r}`);
    if (r < 0 || r > w) return fail(`'${text}': saturation bits N must be between 0 and W, got ${r}`);
    n = r;
  }
  if (o === 'WRAP_SM' && !signed) return fail(`'${text}': WRAP_SM is only defined for signed types`);
  return { ok: true, type: makeFixed(w, i, signed, q, o, n) };
}

function parseAcFixed(args: string[], text: string): ParseResult {
  if (args.length < 2 || args.length > 5) {
    return fail(`'${text}': expected ac_fixed<W,I[,S[,Q[,O]]]> (2 to 5 arguments), got ${args.length}`);
  }
  const w = parseIntArg(args[0]!, 'width W');
  if (typeof w === 'string') return fail(`'${text}': ${w}`);
  const we = checkWidth(w);
  if (we) return fail(`'${text}': ${we}`);
  const i = parseIntArg(args[1]!, 'integer bits I');
  if (typeof i === 'string') return fail(`'${text}': ${i}`);
  if (Math.abs(i) > MAX_WIDTH * 4) return fail(`'${text}': integer bits ${i} are out of range`);
  let signed = true;
  let q: RoundingMode = 'TRN';
  let o: OverflowMode = 'WRAP';
  if (args.length > 2) {
    const b = parseBool(args[2]!);
    if (typeof b === 'string') return fail(`'${text}': ${b}`);
    signed = b;
  }
  if (args.length > 3) {
    const r = parseRounding(args[3]!);
    if ('error' in r) return fail(`'${text}': ${r.error}`);
    q = r.value;
  }
  if (args.length > 4) {
    const r = parseOverflow(args[4]!);
    if ('error' in r) return fail(`'${text}': ${r.error}`);
    o = r.value;
    if (o === 'WRAP_SM') return fail(`'${text}': WRAP_SM exists only in ap_fixed`);
  }
  return { ok: true, type: makeFixed(w, i, signed, q, o, 0) };
}

function parseAcInt(args: string[], text: string): ParseResult {
  if (args.length < 1 || args.length > 2) return fail(`'${text}': expected ac_int<W[,S]>`);
  const w = parseIntArg(args[0]!, 'width W');
  if (typeof w === 'string') return fail(`'${text}': ${w}`);
  const we = checkWidth(w);
  if (we) return fail(`'${text}': ${we}`);
  let signed = true;
  if (args.length > 1) {
    const b = parseBool(args[1]!);
    if (typeof b === 'string') return fail(`'${text}': ${b}`);
    signed = b;
  }
  return { ok: true, type: makeInt(w, signed) };
}

/** Parse or throw an Error with the reason; for callers that wrap it with a location. */
export function parsePrecisionOrThrow(text: string): FixedType {
  const r = parsePrecision(text);
  if (!r.ok) throw new Error(r.error);
  return r.type;
}
