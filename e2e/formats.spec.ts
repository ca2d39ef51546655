/**
 * Every format a user brings, dropped into the built studio: a Keras .json with its _weights.h5 (given
 * together), a QONNX file whose quantizers become precisions shown in the inspector, and a TorchScript
 * archive with a channels-first conv input.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { watch } from './watch';

test.use({ viewport: { width: 1440, height: 900 } });

const file = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const node = (page: import('@playwright/test').Page, name: string) =>
  page.locator(`.layer-node[data-layer="${name}"]`);

test('a Keras .json and its _weights.h5 dropped together open as one model and emulate', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page
    .getByLabel('Open model')
    .setInputFiles([file('tests/fixtures/keras/mlp.json'), file('tests/fixtures/keras/mlp_weights.h5')]);
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  for (const name of ['in', 'fc1', 'fc1_relu', 'bn', 'lrelu', 'out', 'out_softmax'])
    await expect(node(page, name)).toHaveCount(1);
  await page.getByRole('button', { name: 'Emulate' }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 30_000 });
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test("a QONNX file: the quantizers' precisions are the layers' precisions", async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.getByLabel('Open model').setInputFiles(file('tests/fixtures/onnx/qonnx_quant.onnx'));
  await expect(node(page, 'fc')).toHaveCount(1);
  await node(page, 'fc').click();
  const inspector = page.locator('.inspector');
  await expect(inspector).toContainText('ap_fixed<4,3,AP_RND_CONV,AP_SAT_SYM>');
  await expect(inspector).toContainText('quantizer.Precision.weight');
  await node(page, 'quant_in').click();
  await expect(inspector).toContainText('ap_fixed<8,6,AP_RND_CONV,AP_SAT>');
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('a TorchScript archive: torch module names, channels-last transpose after the input', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page
    .getByLabel('Open model')
    .setInputFiles(file('tests/golden/d_conv1d_relu_flatten_dense/model.pt'));
  await expect(page.locator('.react-flow__node')).toHaveCount(8, { timeout: 30_000 });
  for (const name of ['x', 'transpose_input_for_x', 'conv1', 'relu1', 'conv2', 'relu2', 'flatten', 'fc'])
    await expect(node(page, name)).toHaveCount(1);
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

test('a model with two inputs emulates: each row holds both inputs, compared with float', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  await page.getByLabel('Open model').setInputFiles(file('tests/fixtures/onnx/two_inputs_concat.onnx'));
  await expect(page.locator('.layer-node.kind-input')).toHaveCount(2);
  await expect(page.getByText('6 values per row')).toBeVisible();
  await page.getByRole('button', { name: 'Emulate' }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 30_000 });
  // The concatenation only quantizes its inputs: the error stays within ap_fixed<16,6>'s step (2^-10).
  const maxError = Number(await page.locator('.stats dd').first().textContent());
  expect(maxError).toBeGreaterThan(0);
  expect(maxError).toBeLessThanOrEqual(0.001);
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
