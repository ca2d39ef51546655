/**
 * The subset of TorchScript's printed Python (code/__torch__/*.py) that traced modules use: one class per
 * module type, a `forward` made of assignments and one return, expressions made of names, attribute
 * access, calls with positional and keyword arguments, lists, tuples and literals.
 */
import { StudioError } from '../../errors';

export type Expr =
  | { readonly k: 'name'; readonly id: string }
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'const'; readonly v: boolean | null }
  | { readonly k: 'attr'; readonly obj: Expr; readonly name: string }
  | {
      readonly k: 'call';
      readonly fn: Expr;
      readonly args: readonly Expr[];
      readonly kwargs: ReadonlyMap<string, Expr>;
    }
  | { readonly k: 'list'; readonly items: readonly Expr[] }
  | { readonly k: 'tuple'; readonly items: readonly Expr[] }
  | { readonly k: 'neg'; readonly e: Expr };

export type Stmt =
  | { readonly k: 'assign'; readonly targets: readonly string[]; readonly value: Expr; readonly line: string }
  | { readonly k: 'return'; readonly value: Expr; readonly line: string };

export interface ForwardDef {
  readonly params: readonly string[];
  readonly body: readonly Stmt[];
}

const HINT =
  "HLS Studio reads traced TorchScript; save the model with torch.jit.trace(model.eval(), example_input).save('model.pt').";

type Tok = { t: 'name' | 'num' | 'str' | 'op'; v: string };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ t: 'name', v: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        s += src[j] ?? '';
        j++;
      }
      toks.push({ t: 'str', v: s });
      i = j + 1;
    } else if ('()[],=.:-'.includes(c)) {
      toks.push({ t: 'op', v: c });
      i++;
    } else {
      throw new StudioError(`cannot read '${c}' in the TorchScript line: ${src.trim()}`, HINT);
    }
  }
  return toks;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly line: string,
  ) {}

  fail(): never {
    throw new StudioError(`cannot parse the TorchScript line: ${this.line.trim()}`, HINT);
  }
  peek(v?: string): boolean {
    const t = this.toks[this.i];
    return !!t && (v === undefined || (t.t === 'op' && t.v === v));
  }
  eat(v: string): void {
    if (!this.peek(v)) this.fail();
    this.i++;
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }

  expr(): Expr {
    const t = this.toks[this.i++];
    if (!t) return this.fail();
    let e: Expr;
    if (t.t === 'num') e = { k: 'num', v: Number(t.v) };
    else if (t.t === 'str') e = { k: 'str', v: t.v };
    else if (t.t === 'name') {
      if (t.v === 'True' || t.v === 'False') e = { k: 'const', v: t.v === 'True' };
      else if (t.v === 'None') e = { k: 'const', v: null };
      else e = { k: 'name', id: t.v };
    } else if (t.v === '-') {
      return { k: 'neg', e: this.expr() };
    } else if (t.v === '[') {
      e = { k: 'list', items: this.items(']') };
    } else if (t.v === '(') {
      const items = this.items(')', true);
      e = items.tuple ? { k: 'tuple', items: items.list } : (items.list[0] ?? this.fail());
    } else return this.fail();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const n = this.toks[this.i++];
        if (!n || n.t !== 'name') this.fail();
        e = { k: 'attr', obj: e, name: (n as Tok).v };
      } else if (this.peek('(')) {
        this.i++;
        const args: Expr[] = [];
        const kwargs = new Map<string, Expr>();
        while (!this.peek(')')) {
          const t0 = this.toks[this.i];
          const t1 = this.toks[this.i + 1];
          if (t0?.t === 'name' && t1?.t === 'op' && t1.v === '=') {
            this.i += 2;
            kwargs.set(t0.v, this.expr());
          } else args.push(this.expr());
          if (!this.peek(')')) this.eat(',');
        }
        this.eat(')');
        e = { k: 'call', fn: e, args, kwargs };
      } else return e;
    }
  }

  /** Comma-separated expressions up to `close`; a tuple when a comma was seen (or it is empty). */
  items(close: string): Expr[];
  items(close: string, tuple: true): { list: Expr[]; tuple: boolean };
  items(close: string, tuple?: true): Expr[] | { list: Expr[]; tuple: boolean } {
    const list: Expr[] = [];
    let comma = false;
    while (!this.peek(close)) {
      list.push(this.expr());
      if (!this.peek(close)) {
        this.eat(',');
        comma = true;
      }
    }
    this.eat(close);
    return tuple ? { list, tuple: comma || list.length === 0 } : list;
  }
}

export function parseExpr(src: string): Expr {
  const p = new Parser(tokenize(src), src);
  const e = p.expr();
  if (!p.done()) p.fail();
  return e;
}

function parseStmt(line: string): Stmt {
  const text = line.trim();
  if (text.startsWith('return ')) return { k: 'return', value: parseExpr(text.slice(7)), line };
  const m = /^([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*(?::\s*[^=]+)?=(?!=)\s*(.*)$/.exec(
    text,
  );
  if (!m)
    throw new StudioError(
      `the TorchScript statement '${text}' is not supported (only assignments and a return are)`,
      'Control flow is not supported: trace the model (torch.jit.trace) instead of scripting it.',
    );
  const targets = (m[1] as string).split(',').map((s) => s.trim());
  return { k: 'assign', targets, value: parseExpr(m[2] as string), line };
}

/**
 * The forward method of `className` in a TorchScript source file. The signature may span several lines;
 * the body is the following lines indented deeper than `def`.
 */
export function findForward(source: string, className: string, file: string): ForwardDef | null {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^class ${className}\\s*\\(`).test(l));
  if (start < 0) return null;
  let i = start + 1;
  while (i < lines.length && !/^\s+def forward\(/.test(lines[i] as string)) {
    if (/^class /.test(lines[i] as string)) return null;
    i++;
  }
  if (i >= lines.length) return null;
  const defIndent = /^(\s*)/.exec(lines[i] as string)?.[1]?.length ?? 0;
  let sig = '';
  while (i < lines.length) {
    sig += (lines[i] as string).trim() + ' ';
    i++;
    if (/\)\s*(->[^:]*)?:\s*$/.test(sig.trim())) break;
  }
  const open = sig.indexOf('(');
  const close = sig.lastIndexOf(')');
  const params = sig
    .slice(open + 1, close)
    .split(',')
    .map((p) => (p.split(':')[0] ?? '').trim())
    .filter((p) => p.length > 0);
  const body: Stmt[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.trim() === '') continue;
    const indent = /^(\s*)/.exec(l)?.[1]?.length ?? 0;
    if (indent <= defIndent) break;
    try {
      body.push(parseStmt(l));
    } catch (e) {
      if (e instanceof StudioError) throw e.at({ file, op: `${className}.forward` });
      throw e;
    }
  }
  return { params, body };
}
