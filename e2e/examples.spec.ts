/**
 * "Load example" offers the three example models of public/examples; each loads into the graph and
 * emulates. No request may leave 127.0.0.1:4173.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

test('rows from a .npy file with a labels file give an accuracy summary, fixed and float', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  const golden = fileURLToPath(new URL('../tests/golden/a_jet_mlp_latency/', import.meta.url));
  const rows = JSON.parse(readFileSync(`${golden}input.json`, 'utf8')) as number[][];
  const torch = JSON.parse(readFileSync(`${golden}float_output.json`, 'utf8')) as number[][];
  // Labels = torch's own float argmax, so the float reference must score 100 %.
  const labels = torch.map((r) => r.indexOf(Math.max(...r)));
  await page.goto('/');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await page.getByLabel('Input rows file').setInputFiles({
    name: 'rows.npy',
    mimeType: 'application/octet-stream',
    buffer: npyFloat32(rows),
  });
  await expect(page.getByTestId('emulation-samples')).toHaveText('200 samples', { timeout: 60_000 });
  await page.getByLabel('Labels file').setInputFiles({
    name: 'labels.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(labels)),
  });
  const accuracy = page.getByLabel('Accuracy against the labels');
  await expect(accuracy).toContainText('float 100%', { timeout: 60_000 });
  await expect(accuracy).toContainText(/fixed \d+(\.\d)?%/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});

/** A float32 C-order .npy file of equal-length rows, as numpy.save writes it. */
function npyFloat32(rows: number[][]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows.length}, ${rows[0]!.length}), }`;
  header += `${' '.repeat(63 - ((10 + header.length) % 64))}\n`;
  const data = Buffer.from(Float32Array.from(rows.flat()).buffer);
  const pre = Buffer.from([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    header.length & 0xff,
    header.length >> 8,
  ]);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), data]);
}
