/**
 * The Vitis backend: Vivado's project with Vitis' scripts (hls4ml-facts.md §4.1, §6.1): layout, the
 * 27% uncertainty default, build_opt.tcl + build_prj.tcl under tclsh with stubbed vendor commands,
 * includes, determinism, and `make csim` against hls4ml's outputs for the jet tagger.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadHlsLibraryFromDisk } from '../../src/cli/hlsLibrary';
import { generateProject } from '../../src/core/backends/index';
import type { ProjectFiles } from '../../src/core/backends/library';
import { generateVitisProject } from '../../src/core/backends/vitis';
import { generateVivadoProject } from '../../src/core/backends/vivado';
import { defaultConfig, withBackend, type DesignConfig } from '../../src/core/config/designConfig';
import type { ModelGraph } from '../../src/core/ir/graph';
import { lower } from '../../src/core/passes/lower';
import { zipProject } from '../../src/core/project/zip';
import { loadGoldenCase } from '../golden/goldenCase';
import { ROOT, makeCsim, runCsim, writeProjectTo } from './csim';
import * as G from './graphs';
import { runTclWithStubs, unresolvedIncludes } from './projectChecks';

const run = promisify(execFile);
const library = loadHlsLibraryFromDisk();

function project(g: ModelGraph, config: DesignConfig = defaultConfig('Vitis'), options = {}): ProjectFiles {
  return generateProject(lower(g, config), library, options);
}

const HLS_COMMANDS = [
  'open_project',
  'set_top',
  'add_files',
  'open_solution',
  'config_compile',
  'config_array_partition',
  'set_part',
  'create_clock',
  'set_clock_uncertainty',
  'csim_design',
  'csynth_design',
  'cosim_design',
  'export_design',
];

describe('Vitis backend: files', () => {
  it("is Vivado's project with build_opt.tcl and Vitis scripts; firmware and testbench are identical", () => {
    const lowered = lower(G.mlp(), defaultConfig('Vitis'));
    const vitis = generateVitisProject(lowered, library);
    const vivado = generateVivadoProject(lowered, library);
    const paths = [...vitis.keys()];
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual([...[...vivado.keys(), 'build_opt.tcl'].sort()]);
    for (const [path, text] of vivado) {
      if (path.startsWith('firmware/') || path.endsWith('.cpp') || path === 'build_lib.sh') {
        expect(vitis.get(path), path).toBe(text);
      }
    }
    expect(vitis.get('project.tcl')).toContain('set backend "vitis"\n');
    expect(vitis.get('project.tcl')).toContain('set clock_uncertainty 27%\n');
    expect(vitis.get('project.tcl')).toContain('set part "xcvu13p-flga2577-2-e"\n');
    expect(vitis.get('build_prj.tcl')).toContain('vitis-run --tcl build_prj.tcl --mode hls');
    expect(vitis.get('Makefile')).toContain('$(VITIS_RUN) --tcl build_prj.tcl --mode hls');
    const readme = vitis.get('README.md')!;
    expect(readme).toContain('for the Vitis backend');
    expect(readme).toContain('## With Vitis HLS (2022.2 and later)');
    expect(readme).toContain('make csim');
    expect(readme).not.toContain('vivado_hls');
  });

  it('defaults a cleared clock uncertainty to 27% and keeps a user value', () => {
    const cleared = project(G.mlp(), { ...defaultConfig('Vitis'), clockUncertainty: null });
    expect(cleared.get('project.tcl')).toContain('set clock_uncertainty 27%\n');
    const own = project(G.mlp(), { ...defaultConfig('Vitis'), clockUncertainty: '1.5' });
    expect(own.get('project.tcl')).toContain('set clock_uncertainty 1.5\n');
    // Switching from Vivado moves the untouched default along.
    const switched = project(G.mlp(), withBackend(defaultConfig('Vivado'), 'Vitis'));
    expect(switched.get('project.tcl')).toContain('set clock_uncertainty 27%\n');
  });

  it('every #include resolves inside the project', () => {
    const files = project(G.mlp());
    expect(unresolvedIncludes(files, ['firmware', 'firmware/ap_types', 'firmware/nnet_utils'])).toEqual([]);
    // The check itself fails on a missing header.
    const broken = new Map(files);
    broken.set('firmware/extra.h', '#include "nnet_utils/nnet_missing.h"\n');
    expect(unresolvedIncludes(broken, ['firmware', 'firmware/ap_types', 'firmware/nnet_utils'])).toEqual([
      'firmware/extra.h:1: #include "nnet_utils/nnet_missing.h"',
    ]);
  });

  it('gives byte-identical zips for the same input', async () => {
    const a = project(G.mlp(), defaultConfig('Vitis'), { inputs: G.rows(3, 10, 2, 1) });
    const b = project(G.mlp(), defaultConfig('Vitis'), { inputs: G.rows(3, 10, 2, 1) });
    const [za, zb] = [await zipProject(a, 'myproject'), await zipProject(b, 'myproject')];
    expect(Buffer.from(za).equals(Buffer.from(zb))).toBe(true);
  });
});

describe('Vitis backend: Tcl scripts under tclsh with stubbed vendor commands', () => {
  it('build_prj.tcl reads build_opt.tcl, then argv overrides, and runs the chosen steps', async () => {
    const files = project(G.mlp());
    const calls = await runTclWithStubs(files, 'build_prj.tcl', HLS_COMMANDS, 'vitis_default');
    const names = calls.filter((l) => l.startsWith('CALL ')).map((l) => l.split(' ')[1]);
    expect(names).toEqual([
      'open_project',
      'set_top',
      'add_files',
      'add_files',
      'add_files',
      'open_solution',
      'config_compile',
      'set_part',
      'create_clock',
      'set_clock_uncertainty',
      'csim_design',
      'csynth_design',
    ]);
    expect(calls).toContain('CALL set_part xcvu13p-flga2577-2-e');
    expect(calls).toContain('CALL set_clock_uncertainty 27% default');
    expect(calls).toContain('CALL open_solution solution1 -flow_target vivado');

    // build_opt.tcl drives the flow (vitis-run passes no arguments) ...
    const edited = new Map(files);
    edited.set(
      'build_opt.tcl',
      files
        .get('build_opt.tcl')!
        .replace(/csim +1/, 'csim       0')
        .replace(/cosim +0/, 'cosim      1'),
    );
    const viaOpt = await runTclWithStubs(edited, 'build_prj.tcl', HLS_COMMANDS, 'vitis_opt');
    expect(viaOpt.some((l) => l.startsWith('CALL csim_design'))).toBe(false);
    expect(viaOpt).toContain('CALL cosim_design -trace_level none');
    // ... and vitis_hls-style arguments override it.
    const viaArgs = await runTclWithStubs(files, 'build_prj.tcl', HLS_COMMANDS, 'vitis_args', [
      'reset=1 export=1 synth=0',
    ]);
    expect(viaArgs).toContain('CALL open_project -reset myproject_prj');
    expect(viaArgs).toContain('CALL export_design -format ip_catalog -version 1.0.0');
    expect(viaArgs.some((l) => l.startsWith('CALL csynth_design'))).toBe(false);
  });

  it('project.tcl and vivado_synth.tcl parse (vivado_synth stops without RTL)', async () => {
    const files = project(G.mlp());
    expect(await runTclWithStubs(files, 'project.tcl', [], 'vitis_project')).toEqual([]);
    await expect(runTclWithStubs(files, 'vivado_synth.tcl', [], 'vitis_vsynth')).rejects.toMatchObject({
      stdout: expect.stringMatching(/run C synthesis first/) as unknown,
    });
  });
});

describe('Vitis backend: C simulation with g++', () => {
  it("make csim reproduces hls4ml's outputs for the jet tagger, and make synth calls vitis-run", async () => {
    const golden = await loadGoldenCase('a_jet_mlp_latency');
    const config = withBackend({ ...golden.config, projectName: 'myproject' }, 'Vitis');
    const files = generateProject(lower(golden.graph, config), library, {
      inputs: golden.inputs,
    });
    expect(await runCsim(files, 'vitis_jet', golden.inputs)).toEqual(golden.expected);
    const { output, results } = await makeCsim(files, 'vitis_jet');
    expect(results).toEqual(golden.expected);
    expect(output).not.toMatch(/warning/i);
  }, 600_000);

  it('make synth / cosim / vsynth write build_opt.tcl (valid Tcl) and call vitis-run', async () => {
    const files = project(G.mlp());
    const dir = join(ROOT, 'tests/tmp/tcl', `vitis_make-${process.pid}-${Date.now()}`);
    writeProjectTo(files, dir);
    writeFileSync(
      join(dir, '__print_opt.tcl'),
      'source [file join [file dirname [info script]] build_opt.tcl]\nforeach k [lsort [array names opt]] { puts "$k=$opt($k)" }\n',
    );
    try {
      for (const [target, cosim, vsynth] of [
        ['synth', '0', '0'],
        ['cosim', '1', '0'],
        ['vsynth', '0', '1'],
      ] as const) {
        const r = await run('make', ['--no-print-directory', target, 'VITIS_RUN=echo RUN'], { cwd: dir });
        expect(r.stdout).toContain('RUN --tcl build_prj.tcl --mode hls');
        const opt = readFileSync(join(dir, 'build_opt.tcl'), 'utf8');
        const parsed = await run('tclsh', [join(dir, '__print_opt.tcl')], { cwd: dir });
        expect(parsed.stdout.trim().split('\n'), `${target}: ${opt}`).toEqual([
          `cosim=${cosim}`,
          'csim=0',
          'export=0',
          'fifo_opt=0',
          'reset=1',
          'synth=1',
          'validation=0',
          `vsynth=${vsynth}`,
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
