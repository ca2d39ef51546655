/**
 * Names from a model are data, never markup or code: a model whose layer names carry HTML, script,
 * quotes, newlines and 10,000 characters renders them as plain text in the graph and the inspector,
 * runs nothing, and still emulates and downloads.
 */
import { expect, test } from '@playwright/test';
import JSZip from 'jszip';
import { mlpOnnx } from '../tests/robustness/onnxWriter';

test.use({ viewport: { width: 1440, height: 900 } });

const XSS = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '</script><script>window.__pwned=2</script>';
const LONG = 'L'.repeat(10_000);

const model = mlpOnnx(
  {
    graph: `g${SCRIPT}`,
    input: 'in"put\n#include <evil.h>',
    layers: [
      { node: XSS, weight: 'w1', bias: 'b1', out: 'h1', act: SCRIPT, actOut: 'a1' },
      { node: LONG, weight: 'w2', bias: 'b2', out: 'h2', act: 'ñandú */ 😀', actOut: 'a2' },
    ],
    softmax: 'class',
    output: 'y',
  },
  [6, 8, 4],
);

test('hostile layer names render as text, run nothing, and still emulate and download', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByLabel('Open model').setInputFiles({
    name: `evil${XSS}.onnx`,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(model),
  });
  const xssNode = page.locator('.react-flow__node').filter({ hasText: XSS });
  await expect(xssNode).toHaveCount(1);
  await expect(page.locator('.react-flow__node').filter({ hasText: SCRIPT })).toHaveCount(1);
  await expect(page.locator('.react-flow__node').filter({ hasText: 'ñandú */ 😀' })).toHaveCount(1);
  // The markup stayed text: no element was created from it, no handler ran.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await xssNode.click();
  await expect(page.locator('.inspector')).toContainText(XSS);
  await page.getByRole('button', { name: 'Emulate' }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download project' }).click(),
  ]);
  const zip = await JSZip.loadAsync(
    await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c)),
  );
  const top = Object.keys(zip.files).find((n) => n.endsWith('firmware/myproject.cpp'))!;
  const cpp = await zip.file(top)!.async('string');
  // Names reach the C++ only inside comments (escaped); code lines never carry them.
  const lines = cpp.split('\n');
  expect(lines.filter((l) => l.includes(XSS)).every((l) => l.trim().startsWith('//'))).toBe(true);
  expect(lines.some((l) => l.trim().startsWith('#include <evil.h>'))).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
