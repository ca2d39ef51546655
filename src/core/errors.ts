/**
 * Errors are values with a location and a hint. Every stage that can fail on user input throws (or
 * returns) a StudioError, never a bare string, so the CLI and the studio can print one clear line:
 *   error: <file>: node '<name>' (<op>): <what is wrong>. <what to do>
 */
export interface ErrorLocation {
  /** The user's file (model, config or input rows). */
  file?: string;
  /** Node or layer name as written in the model. */
  node?: string;
  /** The op / layer class / config key involved. */
  op?: string;
}

export class StudioError extends Error {
  readonly location: ErrorLocation;
  /** What the user can do about it; one sentence. */
  readonly hint: string;

  constructor(message: string, hint: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'StudioError';
    this.location = location;
    this.hint = hint;
  }

  /** A copy with more location filled in (outer stages know the file name, inner ones the node). */
  at(location: ErrorLocation): StudioError {
    return new StudioError(this.message, this.hint, { ...location, ...this.location });
  }

  /** The one-line form used by the CLI and the studio's error banner. */
  oneLine(): string {
    return formatErrorLine(this.message, this.hint, this.location);
  }
}

/** Keep control characters and overlong names out of messages that echo model content. */
export function quoteName(name: string): string {
  let clean = '';
  for (const ch of name) clean += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}

export function formatErrorLine(message: string, hint: string, loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(quoteName(loc.file));
  if (loc.node !== undefined)
    parts.push(`node '${quoteName(loc.node)}'${loc.op ? ` (${quoteName(loc.op)})` : ''}`);
  else if (loc.op !== undefined) parts.push(`(${quoteName(loc.op)})`);
  // One line, always: control characters (and Unicode line breaks) echoed from a file become spaces.
  const flat = (s: string): string => {
    let out = '';
    for (const ch of s) out += ch < ' ' || ch === '\u007f' || ch === '\u2028' || ch === '\u2029' ? ' ' : ch;
    return out;
  };
  const msg = flat(message).replace(/[.\s]+$/, '');
  const text = hint ? `${msg}. ${flat(hint).replace(/\s+$/, '')}` : `${msg}.`;
  return `error: ${parts.length ? parts.join(': ') + ': ' : ''}${text}`;
}

/** Wrap anything thrown by a library into a StudioError at a location. */
export function asStudioError(e: unknown, location: ErrorLocation, hint: string): StudioError {
  if (e instanceof StudioError) return e.at(location);
  const message = e instanceof Error ? e.message : String(e);
  return new StudioError(message, hint, location);
}
