/**
 * Hostile names end to end: an ONNX file (crafted here) whose file, graph, node, tensor and initializer
 * names carry quotes, comment closers, newlines, #include, backslashes, shell and Tcl syntax, non-ASCII,
 * NUL, 10,000 characters and C++ keywords goes through loadModel → lower → generateProject → g++ and
 * `make csim`, and must simulate exactly like the same model with plain names. No name from the model
 * appears anywhere in the project's C++ outside comments, nor raw in its build scripts.
 */
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig } from '../../src/core/config/designConfig';
import { emulate } from '../../src/core/emulate/engine';
import { loadModel } from '../../src/core/frontends/index';
import { lower } from '../../src/core/passes/lower';
import { buildProject, runCsim } from '../backends/csim';
import { mlpOnnx } from './onnxWriter';

const library = loadHlsLibraryFromDisk();
const SIZES = [6, 8, 5, 4];

const PLAIN = {
  graph: 'g',
  input: 'x',
  layers: [1, 2, 3].map((i) => ({
    node: `fc${i}`,
    weight: `w${i}`,
    bias: `b${i}`,
    out: `h${i}`,
    act: `relu${i}`,
    actOut: `a${i}`,
  })),
  softmax: 'softmax',
  output: 'y',
};

const LONG = 'L'.repeat(10_000);
const HOSTILE = {
  graph: 'g"; */ #include <cstdlib>\n int main() { system("rm -rf ~"); } /*',
  input: 'in"put\n#include <evil.h>\\',
  layers: [
    {
      node: '*/ system("rm -rf ~"); /*',
      weight: 'w\\1\n#define float int',
      bias: "b'1' ??/",
      out: 'h1 */ #pragma once',
      act: 'class',
      actOut: 'a1\r\n#undef N_INPUT_1_1',
    },
    {
      node: LONG,
      weight: `${LONG}_w`,
      bias: 'template',
      out: 'namespace',
      act: 'ñandú 😀 int main() {}',
      actOut: '\u0000nul\u0007bell',
    },
    {
      node: 'main',
      weight: 'std::cout << "pwned";',
      bias: '// comment \\\nstill comment',
      out: '#include "../../../etc/passwd"',
      act: 'return',
      actOut: '$(shell rm -rf ~) `rm -rf ~`',
    },
  ],
  softmax: '[exec rm -rf ~] ${HOME} ; rm -rf ~',
  output: "y' OR 1=1; --\u2028\u2029",
};
const FILE = 'evil */ "model" #include.onnx';

/** Every name the model carries; the ones that are plain identifiers may legitimately appear in code. */
function names(n: typeof HOSTILE): string[] {
  return [n.graph, n.input, n.softmax, n.output, ...n.layers.flatMap((l) => Object.values(l)), FILE];
}

/** C++ with its comments removed (// to end of line, and /* … *\/), string literals kept. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

function rows(n: number, width: number): number[][] {
  let s = 12345;
  return Array.from({ length: n }, () =>
    Array.from({ length: width }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return Math.fround((s / 2 ** 32) * 6 - 3);
    }),
  );
}

async function pipeline(file: string, bytes: Uint8Array, inputs: number[][]) {
  const graph = await loadModel([{ name: file, bytes }]);
  const lowered = lower(graph, defaultConfig());
  const emulated = emulate(lowered, inputs);
  const files = generateProject(lowered, library, { inputs });
  return { graph, emulated, files };
}

describe('hostile names through a crafted ONNX file', () => {
  const inputs = rows(25, SIZES[0]!);

  it('load with the names intact and emulate exactly like plain names', async () => {
    const plain = await pipeline('plain.onnx', mlpOnnx(PLAIN, SIZES), inputs);
    const hostile = await pipeline(FILE, mlpOnnx(HOSTILE, SIZES), inputs);
    expect(hostile.graph.layers.map((l) => l.kind)).toEqual(plain.graph.layers.map((l) => l.kind));
    expect(hostile.graph.layers.map((l) => l.name)).toContain(LONG);
    expect(hostile.graph.layers.map((l) => l.name)).toContain('ñandú 😀 int main() {}');
    expect(hostile.emulated.outputs.map((o) => Array.from(o))).toEqual(
      plain.emulated.outputs.map((o) => Array.from(o)),
    );
  });

  it('write no model name into C++ outside comments, nor raw into scripts, Makefile or config', async () => {
    const { files } = await pipeline(FILE, mlpOnnx(HOSTILE, SIZES), inputs);
    const suspicious = names(HOSTILE).filter((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
    let checked = 0;
    for (const [path, text] of files) {
      if (/^firmware\/(nnet_utils|ap_types)\//.test(path)) continue; // our library, byte for byte
      const isCpp = /\.(h|cpp)$/.test(path);
      const body = isCpp ? stripComments(text) : text;
      for (const n of suspicious) {
        // README.md is documentation: names appear there, escaped by commentText (no raw newline or backtick).
        if (path === 'README.md') continue;
        expect(body.includes(n), `${path} contains the raw name ${JSON.stringify(n.slice(0, 60))}`).toBe(
          false,
        );
      }
      // Comments themselves can never be closed early or continued by a name.
      if (isCpp) {
        expect(text).not.toMatch(/\/\/[^\n]*\\\n/); // a // comment continued onto the next line
        expect(text).not.toContain('rm -rf ~"); }');
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // The C++ keywords used as names never become identifiers as they are.
    const top = stripComments(files.get('firmware/myproject.cpp')!);
    for (const kw of ['class', 'template', 'namespace', 'return'])
      expect(top).not.toMatch(new RegExp(`\\b${kw}\\b(?!_)`));
    // Long names are cut in comments.
    for (const text of files.values()) expect(text).not.toContain('L'.repeat(200));
  });

  it('compile without warnings and `make csim` matches the plain-named model bit for bit', async () => {
    const plain = await pipeline('plain.onnx', mlpOnnx(PLAIN, SIZES), inputs);
    const hostile = await pipeline(FILE, mlpOnnx(HOSTILE, SIZES), inputs);
    const built = await buildProject(hostile.files, 'robust_hostile_onnx');
    expect(built.compilerOutput).not.toMatch(/warning|error/i);
    const expected = await runCsim(plain.files, 'robust_plain_onnx', inputs);
    expect(await runCsim(hostile.files, 'robust_hostile_onnx', inputs)).toEqual(expected);
    // And both equal the emulator (one semantics): samples × outputs.
    const out = Array.from(hostile.emulated.outputs[0]!);
    const width = out.length / inputs.length;
    expect(expected).toEqual(inputs.map((_, s) => out.slice(s * width, (s + 1) * width)));
  }, 300_000);
});
