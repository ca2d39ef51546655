/**
 * The vertical slice, end to end in Debian's chromium against the built app (vite preview):
 * open the jet tagger, edit a precision (rejecting an invalid one in place), emulate 1,000 rows,
 * download the Vivado project and check what is inside. No request may leave 127.0.0.1:4173.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { watch } from './watch';
import JSZip from 'jszip';

const MODEL = fileURLToPath(new URL('../public/examples/jet_tagger.onnx', import.meta.url));
test.use({ viewport: { width: 1440, height: 900 } });

const LAYERS = [
  '/fc1/Gemm',
  '/relu1/Relu',
  '/fc2/Gemm',
  '/relu2/Relu',
  '/fc3/Gemm',
  '/relu3/Relu',
  '/fc4/Gemm',
  '/softmax/Softmax',
];

test('open the jet tagger, edit a precision, emulate, download the Vivado project', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await expect(page.getByText('Your model never leaves this machine')).toBeVisible();

  // Open the model through the (hidden) file input.
  await page.getByLabel('Open model').setInputFiles(MODEL);
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(LAYERS.length + 1);
  for (const name of LAYERS) {
    await expect(page.locator(`.layer-node[data-layer="${name}"]`)).toHaveCount(1);
  }
  // The one node that is not a model layer is the input.
  await expect(page.locator('.layer-node.kind-input')).toHaveCount(1);
  // The result precision shows on the nodes once the worker has lowered the graph.
  await expect(page.locator('.layer-node[data-layer="/fc1/Gemm"] .layer-node-type')).toContainText(
    'fixed<16,6>',
  );

  // Inspect fc2: an invalid precision is rejected in place with the reason; a valid one is applied.
  await page.locator('.layer-node[data-layer="/fc2/Gemm"]').click();
  const inspector = page.locator('section.inspector');
  await expect(inspector.getByRole('heading', { name: 'Precision' })).toBeVisible();
  const result = inspector.getByLabel('result precision', { exact: true });
  await result.fill('ap_fixed<4,9,FOO>');
  await result.press('Enter');
  await expect(inspector.getByRole('alert')).toContainText("unknown rounding mode 'FOO'");
  // Nothing changed: the node still shows the default type.
  await expect(page.locator('.layer-node[data-layer="/fc2/Gemm"] .layer-node-type')).toContainText(
    'fixed<16,6>',
  );
  await result.fill('ap_fixed<12,5>');
  await result.press('Enter');
  await expect(inspector.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.layer-node[data-layer="/fc2/Gemm"] .layer-node-type')).toContainText(
    'fixed<12,5>',
  );
  await expect(inspector.getByText('LayerName./fc2/Gemm.Precision.result')).toBeVisible();
  // Reuse factor lists only valid values, with the multipliers each implies (64 × 32 = 2048 at RF 1).
  await expect(inspector.getByLabel('Reuse factor')).toContainText('2,048 multipliers');
  await expect(inspector.getByLabel('Strategy')).toHaveValue('Latency');

  // Emulate 1,000 seeded rows against the float reference.
  await expect(page.getByLabel('Seed')).toHaveValue('1');
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  const output = page.getByRole('article', { name: /Output/ });
  await expect(output.getByRole('img', { name: /fixed-point output against float output/ })).toBeVisible();
  await expect(output.getByRole('img', { name: /histogram of fixed minus float/ })).toBeVisible();
  // Both plots are uPlot charts with drawn data: a canvas each, and non-empty histogram bins.
  await expect(output.locator('.uplot canvas')).toHaveCount(2);
  await expect(output.locator('figcaption[data-bins]')).not.toHaveAttribute('data-bins', '0');
  await expect(output.getByText('same argmax')).toBeVisible();
  const overflowRows = page.getByRole('table', { name: 'Overflows per layer' }).locator('tbody tr');
  await expect(overflowRows).toHaveCount(LAYERS.length + 1);
  await expect(overflowRows.filter({ hasText: '/fc2/Gemm' }).locator('td.num').first()).toHaveText(
    /^\d[\d,]*$/,
  );

  // For people: what the loaded and emulated studio looks like.
  await page.screenshot({ path: join(test.info().project.outputDir, 'studio-emulated.png') });

  // Editing a precision re-runs the emulation by itself.
  const before = await page.locator('.emu-status').textContent();
  await result.fill('ap_fixed<10,4>');
  await result.press('Enter');
  await expect(page.locator('.layer-node[data-layer="/fc2/Gemm"] .layer-node-type')).toContainText(
    'fixed<10,4>',
  );
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  expect(before).toBeTruthy();

  // Undo and redo move through config edits.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.layer-node[data-layer="/fc2/Gemm"] .layer-node-type')).toContainText(
    'fixed<12,5>',
  );
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.locator('.layer-node[data-layer="/fc2/Gemm"] .layer-node-type')).toContainText(
    'fixed<10,4>',
  );

  // Download the project and look inside.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download project' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('myproject.zip');
  const zipPath = await download.path();
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const find = (suffix: string): string => {
    const hit = names.find((n) => n === suffix || n.endsWith(`/${suffix}`));
    expect(hit, `${suffix} in the zip (has ${names.length} files)`).toBeTruthy();
    return hit!;
  };
  for (const f of [
    'firmware/myproject.cpp',
    'firmware/parameters.h',
    'firmware/defines.h',
    'firmware/weights/w2.h',
    'firmware/nnet_utils/nnet_dense.h',
    'firmware/ap_types/ap_fixed.h',
    'myproject_test.cpp',
    'build_prj.tcl',
    'project.tcl',
    'hls4ml_config.yml',
    'Makefile',
  ]) {
    find(f);
  }
  const defines = await zip.file(find('firmware/defines.h'))!.async('string');
  const parameters = await zip.file(find('firmware/parameters.h'))!.async('string');
  // fc2 is hls4ml layer 4: its result type is layer4_t.
  expect(`${defines}\n${parameters}`).toMatch(/ap_fixed<10,4>\s+layer4_t/);
  const yml = await zip.file(find('hls4ml_config.yml'))!.async('string');
  expect(yml).toContain('/fc2/Gemm');

  // Every other backend's zip: e2e/backends.spec.ts.
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('drop a model on the window; a file that is not a model shows the error and keeps the model', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'jet_tagger.onnx'));
    const target = document.querySelector('.canvas-pane')!;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, readFileSync(MODEL).toString('base64'));
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length + 1);
  await expect(page.locator('.topbar')).toContainText('jet_tagger');
  await page.getByLabel('Open model').setInputFiles({
    name: 'notes.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is not an onnx model'),
  });
  await expect(page.getByRole('alert')).toContainText('notes.onnx');
  await expect(page.getByRole('alert')).toContainText('error:');
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length + 1);
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('load the example, emulate rows from a dropped-in JSON file', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length + 1);
  const rows = Array.from({ length: 12 }, (_, i) =>
    Array.from({ length: 16 }, (_, k) => ((i * 16 + k) % 7) - 3),
  );
  await page.getByLabel('Input rows file').setInputFiles({
    name: 'rows.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(rows)),
  });
  await expect(page.getByTestId('emulation-samples')).toHaveText('12 samples', { timeout: 60_000 });
  await expect(page.locator('.emu-summary')).toContainText('rows.json');
  // A file with the wrong row length is refused with the reason.
  await page.getByLabel('Input rows file').setInputFiles({
    name: 'short.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('1,2,3\n4,5,6\n'),
  });
  await expect(page.locator('.emulation').getByRole('alert')).toContainText('row 1 has 3 values');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
