/**
 * The Backend selector switches all five backends, and "Download project" gives each one's project:
 * its own layout, build script and types, with the g++ Makefile beside it. Built app in Debian's
 * chromium; no request may leave 127.0.0.1:4173.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { watch } from './watch';

test.use({ viewport: { width: 1440, height: 900 } });

/** Backend → files its zip must hold, and a text one of them must contain. */
const BACKENDS: [string, string[], [string, string]][] = [
  [
    'Vivado',
    [
      'firmware/myproject.cpp',
      'firmware/ap_types/ap_fixed.h',
      'build_prj.tcl',
      'vivado_synth.tcl',
      'Makefile',
    ],
    ['firmware/defines.h', 'ap_fixed<16,6>'],
  ],
  ['Vitis', ['firmware/myproject.cpp', 'build_prj.tcl', 'build_opt.tcl', 'Makefile'], ['project.tcl', '27%']],
  [
    'Quartus',
    [
      'firmware/myproject.cpp',
      'firmware/ac_types/ac_fixed.h',
      'firmware/nnet_utils/nnet_dense.h',
      'Makefile',
    ],
    ['Makefile', 'myproject-fpga'],
  ],
  [
    'Catapult',
    [
      'firmware/myproject.cpp',
      'firmware/layer_summary.txt',
      'firmware/nnet_utils/ac_math_pwl.h',
      'build_prj.tcl',
    ],
    ['firmware/defines.h', 'ac_fixed<16,6,true> layer2_t'],
  ],
  [
    'oneAPI',
    [
      'src/firmware/myproject.cpp',
      'src/firmware/ac_types/ac_fixed.h',
      'src/exception_handler.hpp',
      'CMakeLists.txt',
    ],
    ['CMakeLists.txt', 'set(FPGA_DEVICE "Agilex7" CACHE STRING'],
  ],
];

async function download(page: Page): Promise<JSZip> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download project' }).click(),
  ]);
  expect(d.suggestedFilename()).toBe('myproject.zip');
  return JSZip.loadAsync(readFileSync(await d.path()));
}

test('each of the five backends downloads its own project', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.layer-node[data-layer="/fc1/Gemm"]')).toBeVisible();
  for (const [backend, files, [file, text]] of BACKENDS) {
    await page.getByLabel('Backend').selectOption(backend);
    const zip = await download(page);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const find = (suffix: string): string => {
      const hit = names.find((n) => n === suffix || n.endsWith(`/${suffix}`));
      expect(hit, `${backend}: ${suffix} in the zip (has ${names.length} files)`).toBeTruthy();
      return hit!;
    };
    for (const f of [...files, 'README.md', 'hls4ml_config.yml']) find(f);
    expect(await zip.file(find(file))!.async('string'), `${backend}: ${file}`).toContain(text);
    await expect(page.locator('.banner-error')).toHaveCount(0);
  }
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
