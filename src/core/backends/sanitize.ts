/**
 * The one sanitizer for anything from a model that reaches generated C++. Identifiers are derived, never
 * copied; comments get an escaped, length-limited form that can never close the comment or start a
 * preprocessor line.
 */

const CPP_KEYWORDS = new Set(
  (
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class ' +
    'compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype ' +
    'default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline ' +
    'int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public ' +
    'register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch ' +
    'template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile ' +
    'wchar_t while xor xor_eq main std nnet hls'
  ).split(' '),
);

/** A valid, non-reserved C++ identifier derived from `name` (not yet unique). */
export function cppIdentifier(name: string, maxLength = 48): string {
  let s = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // drop combining accents so 'ñ' becomes 'n'
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') s = 'layer';
  if (/^[0-9]/.test(s)) s = `l_${s}`;
  // Names with double underscores or a leading underscore + capital are reserved in C++.
  if (s.length > maxLength) s = s.slice(0, maxLength).replace(/_+$/, '');
  if (CPP_KEYWORDS.has(s)) s = `${s}_`;
  return s;
}

/** Derive unique identifiers for a list of names, in order; duplicates get _2, _3, … */
export function uniqueIdentifiers(names: readonly string[], reserved: Iterable<string> = []): string[] {
  const used = new Set<string>(reserved);
  return names.map((n) => {
    const base = cppIdentifier(n);
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
    used.add(id);
    return id;
  });
}

/** Text safe inside a C++ line comment or block comment: printable ASCII, no comment delimiters. */
export function commentText(name: string, maxLength = 80): string {
  let s = '';
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c < 0x7f && ch !== '\\') s += ch;
    else s += `\\u{${c.toString(16)}}`;
    if (s.length > maxLength) {
      s = `${s.slice(0, maxLength)}...`;
      break;
    }
  }
  return s.replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*').replace(/\?\?/g, '?\\?');
}
