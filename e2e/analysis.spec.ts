/**
 * Issue 7's analysis views on the built app: the error-against-float overlay (per-layer float values
 * from the worker's ONNX reference), weight statistics in the inspector, and collapsing long chains.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watch } from './watch';

test.use({ viewport: { width: 1440, height: 900 } });

const node = (page: Page, name: string) => page.locator(`.layer-node[data-layer="${name}"]`);
const LAYERS = [
  'x',
  '/fc1/Gemm',
  '/relu1/Relu',
  '/fc2/Gemm',
  '/relu2/Relu',
  '/fc3/Gemm',
  '/relu3/Relu',
  '/fc4/Gemm',
  '/softmax/Softmax',
];

async function openExample(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length);
  await expect(node(page, '/fc1/Gemm').locator('.layer-node-type')).toContainText('fixed<16,6>');
}

async function overlayValues(page: Page): Promise<number[]> {
  const out: number[] = [];
  for (const name of LAYERS) out.push(Number(await node(page, name).getAttribute('data-overlay-value')));
  return out;
}

test('colours every layer by its error against float; a narrower type raises that layer’s error', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  const legend = page.getByRole('group', { name: 'Colour nodes by' });
  await legend.getByLabel('Error vs float').check();
  await expect(legend).toContainText('Run an emulation to colour by error against float.');
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  await expect(node(page, '/fc2/Gemm')).toHaveAttribute('data-overlay-value', /^0\.0\d+$/);
  const before = await overlayValues(page);
  // Every layer has a float counterpart, the input included (its quantization error to ap_fixed<16,6>,
  // at most half an LSB of 2^-10 on average).
  for (const v of before) expect(v).toBeGreaterThan(0);
  expect(before[0]).toBeLessThan(2 ** -11);
  await expect(page.getByTestId('overlay-scale')).toContainText('mean |fixed − float|');
  const colour = (name: string) => node(page, name).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await colour('x')).not.toBe(await colour('/fc2/Gemm'));

  // The inspector shows the same error next to the layer's emulation facts.
  await node(page, '/fc2/Gemm').click();
  await expect(page.getByTestId('float-error')).toHaveText(/^0\.0\d+ \/ 0\.\d+$/);

  // Three fractional bits on fc2: its error grows, and the layers before it keep theirs.
  const field = page.locator('section.inspector').getByLabel('result precision', { exact: true });
  await field.fill('ap_fixed<9,6>');
  await field.press('Enter');
  await expect
    .poll(async () => Number(await node(page, '/fc2/Gemm').getAttribute('data-overlay-value')), {
      timeout: 60_000,
    })
    .toBeGreaterThan(before[3]! * 2);
  const after = await overlayValues(page);
  expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
  await page.screenshot({ path: join(test.info().project.outputDir, 'error-overlay.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('error vs float on a channels-first CNN and on a QONNX model', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.getByLabel('Example model').selectOption('mnist_cnn.onnx');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(10);
  await page.getByRole('group', { name: 'Colour nodes by' }).getByLabel('Error vs float').check();
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 90_000 });
  // The conv outputs come from onnxruntime channels-first and are compared in the emulator's
  // channels-last order: a wrong order would make these errors as large as the values themselves.
  for (const name of ['Convolution28', 'ReLU32', 'Pooling66']) {
    await expect(node(page, name)).toHaveAttribute('data-overlay-value', /^0\.0\d+(e-\d+)?$|^\d\.\d+e-\d+$/);
    expect(Number(await node(page, name).getAttribute('data-overlay-value'))).toBeLessThan(2 ** -4);
  }
  await expect(node(page, 'Times212')).toHaveAttribute('data-overlay-value', /\d/);

  await page.getByLabel('Example model').selectOption('jet_tagger_qonnx.onnx');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(node(page, 'quant_relu1')).toBeVisible();
  await page
    .getByRole('button', { name: /^(Emulate|Run again|Run emulation)$/ })
    .first()
    .click();
  await expect(node(page, 'fc1')).toHaveAttribute('data-overlay-value', /\d/, { timeout: 90_000 });
  for (const name of ['x', 'fc1', 'relu1', 'quant_relu1', 'fc4', 'softmax'])
    expect(Number(await node(page, name).getAttribute('data-overlay-value'))).toBeGreaterThan(0);
  await page.screenshot({ path: join(test.info().project.outputDir, 'error-overlay-qonnx.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('inspector shows weight statistics with a histogram against the weight type’s range', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  await node(page, '/fc4/Gemm').click();
  const inspector = page.locator('section.inspector');
  const weights = inspector.getByRole('region', { name: 'Weight statistics' });
  await expect(weights).toBeVisible();
  const w = weights.locator('[data-tensor="weight"]');
  await expect(w.getByRole('heading')).toContainText('weight 32 × 5 · ap_fixed<16,6>');
  const facts = w.getByRole('definition');
  await expect(facts.first()).toHaveText('160');
  await expect(w).toContainText('Zeros (sparsity)');
  const plot = w.getByRole('img', {
    name: 'Histogram of /fc4/Gemm weight against the range of ap_fixed<16,6>',
  });
  await expect(plot.locator('.uplot canvas')).toHaveCount(1);
  await expect(plot.locator('figcaption')).toContainText('range of ap_fixed<16,6> (2^-10 … 2^6)');
  await expect(weights.locator('[data-tensor="bias"]')).toContainText('bias 5');

  // Two fractional bits: small weights round to zero, which the statistics count.
  const zeroAfter = () => w.getByText('Zero after quantization').locator('xpath=following-sibling::dd[1]');
  const zerosAt16 = await zeroAfter().textContent();
  const field = inspector.getByLabel('weight precision', { exact: true });
  await field.fill('ap_fixed<4,2>');
  await field.press('Enter');
  await expect(w.getByRole('heading')).toContainText('ap_fixed<4,2>');
  await expect(zeroAfter()).not.toHaveText(zerosAt16 ?? '');
  await expect(zeroAfter()).toHaveClass(/warn/);

  // Layers without weights have no such section.
  await node(page, '/relu2/Relu').click();
  await expect(inspector.getByRole('region', { name: 'Weight statistics' })).toHaveCount(0);
  await page.screenshot({ path: join(test.info().project.outputDir, 'weight-stats.png') });
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('collapses the long chain into one node, expands it again, and finds a layer inside it', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await openExample(page);
  const toggle = page.getByRole('button', { name: 'Collapse chains' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  // Input and output stay; fc1 … fc4 (seven layers) become one group node.
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  const chain = page.locator('.chain-node[data-chain="chain:/fc1/Gemm"]');
  await expect(chain).toContainText('7 layers');
  await expect(chain).toContainText('Dense ×4, Activation ×3');
  await expect(page.getByTestId('chain-count')).toHaveText('(1 of 1)');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.screenshot({ path: join(test.info().project.outputDir, 'collapsed.png') });

  // Keyboard: the expand button is reachable and named.
  const expand = page.getByRole('button', { name: 'Expand chain of 7 layers from /fc1/Gemm to /fc4/Gemm' });
  await expand.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length);
  await expect(page.getByTestId('chain-count')).toHaveText('(0 of 1)');

  // Collapse again (off, on), then find a layer hidden in the chain: the chain opens and it is selected.
  await toggle.click();
  await toggle.click();
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByLabel('Find layer').fill('/relu2/Relu');
  await page.getByLabel('Find layer').press('Enter');
  await expect(page.locator('.react-flow__node')).toHaveCount(LAYERS.length);
  await expect(page.locator('section.inspector .layer-title')).toHaveText('/relu2/Relu');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
