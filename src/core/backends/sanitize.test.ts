import { describe, expect, it } from 'vitest';
import { commentText, cppIdentifier, uniqueIdentifiers } from './sanitize';

describe('the one sanitizer', () => {
  it('derives valid identifiers from hostile names', () => {
    expect(cppIdentifier('/fc1/Gemm')).toBe('fc1_Gemm');
    expect(cppIdentifier('int')).toBe('int_');
    expect(cppIdentifier('1st layer')).toBe('l_1st_layer');
    expect(cppIdentifier('"; system("rm -rf /"); //')).toBe('system_rm_rf');
    expect(cppIdentifier('#include <x>\n')).toBe('include_x');
    expect(cppIdentifier('ñandú')).toBe('nandu');
    expect(cppIdentifier('層')).toBe('layer');
    expect(cppIdentifier('a'.repeat(10000)).length).toBeLessThanOrEqual(48);
    for (const id of ['fc1_Gemm', 'int_', 'l_1st_layer']) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  });
  it('makes them unique', () => {
    expect(uniqueIdentifiers(['a b', 'a_b', 'a-b', 'x'], ['x'])).toEqual(['a_b', 'a_b_2', 'a_b_3', 'x_2']);
  });
  it('comment text cannot close a comment, start a line or smuggle bytes', () => {
    const c = commentText('*/ #include "evil.h"\n/* \\ 層');
    expect(c).not.toContain('*/');
    expect(c).not.toContain('/*');
    expect(c).not.toContain('\n');
    expect(c).toBe('*\\/ #include "evil.h"\\u{a}/\\* \\u{5c} \\u{5c64}');
  });
});
