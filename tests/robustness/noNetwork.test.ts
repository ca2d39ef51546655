/**
 * No network on the node side: loading, lowering, emulating, generating and zipping a project (and
 * importing/exporting a config) with fetch, XMLHttpRequest, WebSocket, sockets, http(s) and DNS all
 * replaced by throwing stubs; none may be called. (The browser-side check lives in the e2e suite.)
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import { defaultConfig } from '../../src/core/config/designConfig';
import { exportHls4mlYaml, importHls4mlConfig } from '../../src/core/config/hls4mlConfig';
import { emulate } from '../../src/core/emulate/engine';
import { StudioError } from '../../src/core/errors';
import { loadModel } from '../../src/core/frontends/index';
import { elementCount } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { unzipProject, zipProject } from '../../src/core/project/zip';
import { seedCorpus } from '../fuzz/corpus';

const calls: string[] = [];
const restore: (() => void)[] = [];

function stub(obj: object, key: string, what: string): void {
  const o = obj as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(o, key);
  const old = o[key];
  o[key] = function blocked(): never {
    calls.push(what);
    throw new Error(`network use is not allowed: ${what}`);
  };
  restore.push(() => {
    if (had) o[key] = old;
    else delete o[key];
  });
}

beforeAll(() => {
  stub(globalThis, 'fetch', 'fetch');
  stub(globalThis, 'XMLHttpRequest', 'XMLHttpRequest');
  stub(globalThis, 'WebSocket', 'WebSocket');
  stub(globalThis, 'EventSource', 'EventSource');
  stub(net.Socket.prototype, 'connect', 'net.Socket.connect');
  stub(net, 'connect', 'net.connect');
  stub(net, 'createConnection', 'net.createConnection');
  for (const [mod, name] of [
    [http, 'http'],
    [https, 'https'],
  ] as const) {
    stub(mod, 'request', `${name}.request`);
    stub(mod, 'get', `${name}.get`);
  }
  stub(dns, 'lookup', 'dns.lookup');
  stub(dns, 'resolve', 'dns.resolve');
  syncBuiltinESMExports();
});

afterAll(() => {
  for (const r of restore.reverse()) r();
  syncBuiltinESMExports();
});

describe('no network', () => {
  it('the stubs are in place', () => {
    expect(() => fetch('https://example.com')).toThrow(/network use is not allowed/);
    expect(calls).toEqual(['fetch']);
    calls.length = 0;
  });

  it('load → lower → emulate → generate → zip → unzip, and config import/export, make no request', async () => {
    const library = loadHlsLibraryFromDisk();
    const { files } = seedCorpus();
    let generated = 0;
    for (const f of files) {
      let graph;
      try {
        graph = await loadModel([{ name: f.path.split('/').pop()!, bytes: f.bytes }]);
      } catch {
        continue; // refusals (and their kinds) are the fuzzer's business; here only requests count
      }
      const config = importHls4mlConfig(exportHls4mlYaml(defaultConfig()), 'config.yml');
      try {
        const lowered = lower(graph, config);
        const width = graph.inputs
          .map((n) => graph.layers.find((l) => l.name === n))
          .reduce((w, l) => w + (l ? elementCount(l.outputShape) : 0), 0);
        emulate(lowered, [new Array<number>(width).fill(0.25)]);
        const project = generateProject(lowered, library, {});
        if (generated < 2) {
          const zip = await zipProject(project, lowered.config.projectName);
          expect((await unzipProject(zip)).size).toBe(project.size);
        }
        generated++;
      } catch (e) {
        expect(e, f.path).toBeInstanceOf(StudioError); // a layer kind or setting not supported yet
      }
    }
    expect(generated).toBeGreaterThan(0);
    expect(calls).toEqual([]);
  }, 120_000);
});
