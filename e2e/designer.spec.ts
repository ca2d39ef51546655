/**
 * The studio a designer lives in (issue 7): per-layer trace histogram, graph overlays, the code view,
 * hls4ml YAML import, autosave + reload, the project file, worker crash recovery, keyboard and
 * multi-select. Built app in Debian's chromium; no request may leave 127.0.0.1:4173.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { watch } from './watch';

const MODEL = fileURLToPath(new URL('../public/examples/jet_tagger.onnx', import.meta.url));
const NODES = 9;
test.use({ viewport: { width: 1440, height: 900 } });

const node = (page: Page, name: string) => page.locator(`.layer-node[data-layer="${name}"]`);

async function openExample(page: Page, url = '/'): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(NODES);
  await expect(node(page, '/fc1/Gemm').locator('.layer-node-type')).toContainText('fixed<16,6>');
}

async function setResultPrecision(page: Page, layer: string, text: string): Promise<void> {
  await node(page, layer).click();
  const field = page.locator('section.inspector').getByLabel('result precision', { exact: true });
  await field.fill(text);
  await field.press('Enter');
  await expect(node(page, layer).locator('.layer-node-type')).toContainText(text.replace(/^ap_/, ''));
}

test('inspector shows the layer trace against its type range (uPlot), updated after an edit', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  await node(page, '/fc2/Gemm').click();
  const inspector = page.locator('section.inspector');
  await expect(inspector.getByText('Run an emulation to see')).toBeVisible();
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  const hist = inspector.getByRole('img', {
    name: 'Output histogram of /fc2/Gemm against the range of ap_fixed<16,6>',
  });
  await expect(hist).toBeVisible();
  await expect(hist.locator('.uplot canvas')).toHaveCount(1);
  await expect(hist.locator('figcaption')).toContainText('range of ap_fixed<16,6>');
  await hist.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(test.info().project.outputDir, 'inspector-trace.png') });

  // A narrower type: the trace is re-emulated and binned against the new range.
  const field = inspector.getByLabel('result precision', { exact: true });
  await field.fill('ap_fixed<8,3>');
  await field.press('Enter');
  await expect(
    inspector.getByRole('img', { name: 'Output histogram of /fc2/Gemm against the range of ap_fixed<8,3>' }),
  ).toBeVisible({ timeout: 60_000 });
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('overlay legend colours nodes by bit width, multipliers and overflows; an edit updates it', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  const legend = page.getByRole('group', { name: 'Colour nodes by' });
  const bg = (name: string) => node(page, name).evaluate((el) => getComputedStyle(el).backgroundColor);
  const plain = await bg('/fc2/Gemm');

  await legend.getByLabel('Bit width').check();
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', '16');
  // Every layer is 16 bits wide: one colour for all.
  expect(await bg('/fc2/Gemm')).toBe(await bg('/fc1/Gemm'));
  expect(await bg('/fc2/Gemm')).not.toBe(plain);

  await setResultPrecision(page, '/fc2/Gemm', 'ap_fixed<10,4>');
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', '10');
  await expect(page.getByTestId('overlay-scale')).toContainText('10');
  await expect.poll(async () => (await bg('/fc2/Gemm')) !== (await bg('/fc1/Gemm'))).toBe(true);
  await page.screenshot({ path: join(test.info().project.outputDir, 'overlay-bits.png') });

  // Multipliers: fc2 is 64 × 32 at reuse factor 1; a larger reuse factor lowers it.
  await legend.getByLabel('Multipliers').check();
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', '2048');
  await page.locator('section.inspector').getByLabel('Reuse factor').selectOption('4');
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', '512');
  await expect(node(page, '/relu1/Relu')).not.toHaveAttribute('data-overlay-value');

  // Overflows: nothing until an emulation ran, then a count per layer.
  await legend.getByLabel('Overflows').check();
  await expect(legend).toContainText('Run an emulation');
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', /^\d+$/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('code view: Monaco shows the generated project, regenerated after an edit', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  await page.getByRole('tab', { name: 'Code' }).click();
  const tree = page.getByRole('navigation', { name: 'Project files' });
  await expect(tree.locator('[data-path="firmware/myproject.cpp"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('code-path')).toHaveText('firmware/myproject.cpp');
  const lines = page.locator('.code-editor .monaco-editor .view-lines');
  await expect(lines).toContainText('nnet::dense<layer3_t, layer4_t, config4>', { timeout: 30_000 });
  // Highlighted as C++: keywords get their own token class.
  await expect(page.locator('.code-editor .monaco-editor .mtk1').first()).toBeAttached();
  for (const f of ['firmware/defines.h', 'firmware/parameters.h', 'build_prj.tcl', 'hls4ml_config.yml']) {
    await expect(tree.locator(`[data-path="${f}"]`)).toHaveCount(1);
  }
  await page.screenshot({ path: join(test.info().project.outputDir, 'code-view.png') });

  // Edit fc2's precision: the files regenerate; defines.h (revealed at layer4_t) has the new type.
  await setResultPrecision(page, '/fc2/Gemm', 'ap_fixed<10,4>');
  await tree.locator('[data-path="firmware/defines.h"]').click();
  await expect(page.getByTestId('code-path')).toHaveText('firmware/defines.h');
  await expect(lines).toContainText('ap_fixed<10,4> layer4_t', { timeout: 30_000 });
  // The YAML config is highlighted as YAML and carries the edit too.
  await tree.locator('[data-path="hls4ml_config.yml"]').click();
  await expect(lines).toContainText('/fc2/Gemm');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('import an hls4ml YAML config; a malformed one shows the error and keeps the config', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  const yaml = [
    'Backend: Vivado',
    'ProjectName: tagger',
    'IOType: io_parallel',
    'HLSConfig:',
    '  Model:',
    '    Precision: ap_fixed<16,6>',
    '    ReuseFactor: 1',
    '    Strategy: Latency',
    '  LayerName:',
    '    /fc2/Gemm:',
    '      Precision:',
    '        result: ap_fixed<14,5>',
  ].join('\n');
  await page.getByLabel('Import hls4ml config').setInputFiles({
    name: 'tagger.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(yaml),
  });
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<14,5>');
  await expect(page.getByLabel('Project name')).toHaveValue('tagger');

  await page.getByLabel('Import hls4ml config').setInputFiles({
    name: 'broken.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('HLSConfig:\n  Model: [unclosed\n    Precision: {'),
  });
  const err = page.getByTestId('config-import-error');
  await expect(err).toContainText('broken.yml');
  await expect(err).toContainText('error:');
  await err.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(test.info().project.outputDir, 'config-import-error.png') });
  // The last good config stays.
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<14,5>');
  await expect(page.getByLabel('Project name')).toHaveValue('tagger');
  // The import is one undoable edit.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<16,6>');
  await expect(page.getByLabel('Project name')).toHaveValue('myproject');

  // Export writes YAML that names the project.
  await page.getByRole('button', { name: 'Redo' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export hls4ml config' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain('tagger');
  expect(text).toContain('ap_fixed<14,5>');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('a reload restores the work from IndexedDB; the project file saves and opens again', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  await setResultPrecision(page, '/fc2/Gemm', 'ap_fixed<12,5>');
  await page.getByRole('group', { name: 'Colour nodes by' }).getByLabel('Bit width').check();
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  await expect(page.getByTestId('autosave-status')).toContainText('Autosaved');
  // Let the last autosave (after the overlay change) land.
  await page.waitForTimeout(800);

  await page.reload();
  await expect(page.locator('.react-flow__node')).toHaveCount(NODES);
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<12,5>');
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay', 'bits');
  // The selected layer is selected again, and the emulation that was on runs again.
  await expect(page.locator('section.inspector .layer-title')).toHaveText('/fc2/Gemm');
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });

  // Save the project file, then open it into a fresh page (no autosave there).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save project' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('myproject.hlsstudio.json');
  const saved = readFileSync(await download.path(), 'utf8');
  const doc = JSON.parse(saved) as { format: string; version: number };
  expect(doc.format).toBe('hls-studio-project');
  expect(doc.version).toBe(1);

  const fresh = await page
    .context()
    .browser()!
    .newPage({ viewport: { width: 1440, height: 900 } });
  const seen2 = watch(fresh, baseURL);
  await fresh.goto('/');
  await expect(fresh.getByText('No model loaded')).toBeVisible();
  await fresh.getByLabel('Open project').setInputFiles({
    name: 'myproject.hlsstudio.json',
    mimeType: 'application/json',
    buffer: Buffer.from(saved),
  });
  await expect(fresh.locator('.react-flow__node')).toHaveCount(NODES);
  await expect(node(fresh, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<12,5>');
  // An old (version 0) file migrates; a file from the future is refused with the reason.
  const v0 = JSON.stringify({
    modelName: 'jet_tagger.onnx',
    modelBase64: readFileSync(MODEL).toString('base64'),
    config: (JSON.parse(saved) as { config: unknown }).config,
  });
  await fresh.getByLabel('Open project').setInputFiles({
    name: 'old.hlsstudio.json',
    mimeType: 'application/json',
    buffer: Buffer.from(v0),
  });
  await expect(fresh.locator('.banner-info')).toContainText('old.hlsstudio.json');
  await fresh.getByLabel('Open project').setInputFiles({
    name: 'future.hlsstudio.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...doc, version: 99 })),
  });
  await expect(fresh.locator('.banner-error')).toContainText('newer HLS Studio');
  await expect(fresh.locator('.react-flow__node')).toHaveCount(NODES);
  await fresh.close();
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
  expect(seen2.errors).toEqual([]);
  expect(seen2.foreign).toEqual([]);
});

test('the worker crashes: the banner says so, it restarts, the model and the edits are intact', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page, '/?test-hooks');
  await setResultPrecision(page, '/fc2/Gemm', 'ap_fixed<12,5>');
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });

  await page.evaluate(() => {
    (window as unknown as { __studioTest: { crashWorker: (how: string) => void } }).__studioTest.crashWorker(
      'throw',
    );
  });
  await expect(page.locator('.banner')).toContainText('test hook: the studio worker crashed on purpose');
  await expect(page.locator('.banner-info')).toContainText('your edits are intact', { timeout: 30_000 });
  await page.screenshot({ path: join(test.info().project.outputDir, 'worker-restarted.png') });
  await expect(page.locator('.react-flow__node')).toHaveCount(NODES);
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<12,5>');
  // History survived too, and the new worker answers: undo re-lowers through it.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<16,6>');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<12,5>');
  // Emulation runs again on the restarted worker.
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.locator('.emu-status')).toContainText('auto', { timeout: 60_000 });
  // The crash itself surfaces as a page error in the worker, not in the page.
  expect(seen.errors.filter((e) => !e.includes('crashed on purpose'))).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('a hung worker (no answer to the heartbeat) is restarted too', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await openExample(page, '/?test-hooks&unresponsive-ms=3000');
  await setResultPrecision(page, '/fc2/Gemm', 'ap_fixed<12,5>');
  await page.evaluate(() => {
    (window as unknown as { __studioTest: { crashWorker: (how: string) => void } }).__studioTest.crashWorker(
      'hang',
    );
  });
  await expect(page.locator('.banner-info')).toContainText('stopped answering', { timeout: 30_000 });
  await expect(page.locator('.banner-info')).toContainText('your edits are intact');
  await expect(node(page, '/fc2/Gemm').locator('.layer-node-type')).toContainText('fixed<12,5>');
  await setResultPrecision(page, '/fc3/Gemm', 'ap_fixed<11,5>');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('keyboard reaches graph nodes; multi-select sets a precision on many layers at once', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  // Every node is focusable, with an accessible name; Enter selects it.
  const fc3 = page.getByRole('group', { name: 'Dense layer /fc3/Gemm' });
  await fc3.focus();
  await expect(fc3).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('section.inspector .layer-title')).toHaveText('/fc3/Gemm');
  await page.keyboard.press('Tab');
  await expect(page.locator('.react-flow__node:focus')).toHaveCount(1);

  // Accessible names of the main controls (issue 7).
  for (const name of ['Undo', 'Redo', 'Emulate', 'Download project', 'Load example'])
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(1);
  for (const label of ['Open model', 'Backend', 'IO type', 'Reuse factor', 'Strategy'])
    await expect(page.getByLabel(label, { exact: true }).first()).toBeAttached();
  await expect(page.getByLabel('result precision', { exact: true })).toBeAttached();

  // Find a layer by name: it becomes the selected layer.
  await page.getByLabel('Find layer').fill('relu3');
  await page.getByLabel('Find layer').press('Enter');
  await expect(page.locator('section.inspector .layer-title')).toHaveText('/relu3/Relu');
  await expect(node(page, '/relu3/Relu')).toHaveClass(/is-selected/);
  await page.getByRole('button', { name: 'fit view' }).click();

  // Shift-click three Dense layers and set one precision on all of them (one undoable edit).
  await node(page, '/fc1/Gemm').click();
  await node(page, '/fc2/Gemm').click({ modifiers: ['Shift'] });
  await node(page, '/fc4/Gemm').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('multi-count')).toHaveText('3 layers selected');
  await page.screenshot({ path: join(test.info().project.outputDir, 'multi-select.png') });
  const field = page.locator('section.inspector').getByLabel('result precision', { exact: true });
  await field.fill('ap_fixed<18,8>');
  await field.press('Enter');
  for (const n of ['/fc1/Gemm', '/fc2/Gemm', '/fc4/Gemm'])
    await expect(node(page, n).locator('.layer-node-type')).toContainText('fixed<18,8>');
  await expect(node(page, '/fc3/Gemm').locator('.layer-node-type')).toContainText('fixed<16,6>');
  await page.locator('section.inspector').getByLabel('Strategy').selectOption('Resource');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  for (const n of ['/fc1/Gemm', '/fc2/Gemm', '/fc4/Gemm'])
    await expect(node(page, n).locator('.layer-node-type')).toContainText('fixed<16,6>');

  // Per-type defaults (LayerType): every Dense layer without its own setting follows.
  await node(page, '/fc3/Gemm').click();
  await setResultPrecision(page, '/fc3/Gemm', 'ap_fixed<12,4>');
  await page.locator('section.inspector .type-defaults summary').click();
  const typeField = page.locator('section.inspector').getByLabel('Dense result precision');
  await typeField.fill('ap_fixed<20,8>');
  await typeField.press('Enter');
  for (const n of ['/fc1/Gemm', '/fc2/Gemm', '/fc4/Gemm'])
    await expect(node(page, n).locator('.layer-node-type')).toContainText('fixed<20,8>');
  await expect(node(page, '/fc3/Gemm').locator('.layer-node-type')).toContainText('fixed<12,4>');
  await expect(node(page, '/relu1/Relu').locator('.layer-node-type')).not.toContainText('fixed<20,8>');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('expanding a pass outlines the layers its report names; closing it clears them', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  const pass = page.locator('.pass-list details').filter({ hasText: 'resolve_config' });
  await pass.locator('summary').click();
  await expect(page.locator('.layer-node.is-highlighted')).toHaveCount(NODES);
  await pass.locator('summary').click();
  await expect(page.locator('.layer-node.is-highlighted')).toHaveCount(0);
  expect(seen.errors).toEqual([]);
});
