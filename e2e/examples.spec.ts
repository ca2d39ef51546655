/**
 * "Load example" offers the three example models of public/examples; each loads into the graph and
 * emulates. No request may leave 127.0.0.1:4173.
 */
import { expect, test } from '@playwright/test';
import { watch } from './watch';

test.use({ viewport: { width: 1440, height: 900 } });

const CASES: [string, string, string][] = [
  // option label, a layer that must be drawn, its kind
  ['MNIST CNN (ONNX)', 'Convolution110', 'Conv'],
  ['Quantized jet tagger (QONNX)', 'quant_relu1', 'Activation'],
  ['Jet tagger MLP (ONNX)', '/fc1/Gemm', 'Dense'],
];

test('each example model loads from the toolbar and emulates', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  await page.goto('/');
  for (const [label, layer, kind] of CASES) {
    await page.getByLabel('Example model').selectOption({ label });
    await page.getByRole('button', { name: 'Load example', exact: true }).click();
    const node = page.locator(`.layer-node[data-layer="${layer}"]`);
    await expect(node).toBeVisible();
    await expect(node).toContainText(kind);
    await page.getByRole('button', { name: 'Emulate', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Emulate', exact: true })).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator('.banner-error')).toHaveCount(0);
  }
  expect(seen.foreign).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('the empty canvas lists the examples beside the jet tagger', async ({ page }) => {
  await page.goto('/');
  const list = page.getByRole('list', { name: 'More examples' });
  await list.getByRole('button', { name: 'MNIST CNN (ONNX)' }).click();
  await expect(page.locator('.layer-node[data-layer="Pooling160"]')).toBeVisible();
});
