/**
 * Golden screenshots of the studio's main views with the example model: the graph, the inspector and the
 * emulation panel, and the whole window. Compared with the committed images in goldens.spec.ts-snapshots/
 * (per platform) with a small tolerance; regenerate after an intended visual change with
 * `npx playwright test e2e/goldens.spec.ts --update-snapshots` and look at the new images before committing.
 * Stable by construction: fixed viewport and scale, animations and caret off, the mouse parked off the
 * canvas, seeded emulation rows, installed (local) fonts only, timings and the autosave clock masked.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './watch';

test.use({
  viewport: { width: 1440, height: 900 },
  deviceScaleFactor: 1,
  colorScheme: 'light',
  reducedMotion: 'reduce',
  locale: 'en-US',
  timezoneId: 'UTC',
});

async function studioWithExample(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load example', exact: true }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(9);
  await expect(page.locator('.layer-node[data-layer="/fc1/Gemm"] .layer-node-type')).toContainText(
    'fixed<16,6>',
  );
  await page.getByRole('button', { name: 'Emulate', exact: true }).click();
  await expect(page.getByTestId('emulation-samples')).toHaveText('1,000 samples', { timeout: 60_000 });
  await page.locator('.layer-node[data-layer="/fc2/Gemm"]').click();
  const inspector = page.locator('section.inspector');
  await expect(
    inspector.getByRole('img', { name: 'Output histogram of /fc2/Gemm against the range of ap_fixed<16,6>' }),
  ).toBeVisible();
  await expect(inspector.getByRole('region', { name: 'Weight statistics' })).toBeVisible();
  await page.mouse.move(0, 899);
  await page.evaluate(() => document.fonts.ready);
}

test('golden screenshots: graph, inspector, emulation panel and the whole studio', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, baseURL);
  await studioWithExample(page);
  const mask = [page.locator('.emu-status > span'), page.getByTestId('autosave-status')];
  const options = { animations: 'disabled', caret: 'hide', mask, maxDiffPixelRatio: 0.01 } as const;
  await expect(page.getByRole('region', { name: 'Layer graph' })).toHaveScreenshot('graph.png', options);
  await expect(page.getByRole('complementary', { name: 'Inspector and settings' })).toHaveScreenshot(
    'inspector.png',
    options,
  );
  await expect(page.getByRole('region', { name: 'Emulation' })).toHaveScreenshot('emulation.png', options);
  await expect(page).toHaveScreenshot('studio.png', options);
  // Last, since it scrolls the inspector: the weight statistics of the selected layer.
  await expect(page.getByRole('region', { name: 'Weight statistics' })).toHaveScreenshot(
    'inspector-weights.png',
    options,
  );
  expect(seen.errors).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
