/**
 * A small argument parser for the CLI: positional arguments and --flags with values. Unknown flags are
 * errors, so a typo never silently changes what gets generated.
 */
import { StudioError } from '../core/errors';

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
  booleans: readonly string[],
): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-') && a !== '-') {
      const [name, inline] = a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
      if (booleans.includes(name)) flags.set(name, true);
      else if (valued.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined)
          throw new StudioError(`${name} needs a value`, `Write ${name} <value>.`, { op: name });
        flags.set(name, v);
      } else {
        throw new StudioError(
          `unknown option ${a}`,
          `Options here are ${[...valued, ...booleans].join(', ')}.`,
          { op: a },
        );
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
