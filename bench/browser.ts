/**
 * Browser timings on the built app in Debian's chromium: from dropping the jet tagger on the page to
 * the drawn graph, and from clicking "Download project" to the finished zip. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');

export interface BrowserBench {
  dropToGraphMs: number[];
  downloadMs: number[];
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

/** The app's own user-timing measure (src/ui/perfMarks.ts), in ms. */
async function measured(page: import('@playwright/test').Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n, 'measure').length > 0, name);
  return Math.round(
    await page.evaluate((n) => performance.getEntriesByName(n, 'measure')[0]!.duration, name),
  );
}

export async function benchBrowser(runs = 5): Promise<BrowserBench> {
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '4174', '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  try {
    await waitForServer('http://127.0.0.1:4174/');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const out: BrowserBench = { dropToGraphMs: [], downloadMs: [] };
    for (let k = 0; k < runs; k++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
      await page.goto('http://127.0.0.1:4174/');
      await page.getByRole('button', { name: 'Load example' }).waitFor();
      // A person takes a moment to pick a file; let the page finish starting its worker first.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
      await page.getByLabel('Open model').setInputFiles(join(ROOT, 'public/examples/jet_tagger.onnx'));
      await page.locator('.react-flow__node').filter({ hasText: '/softmax/Softmax' }).waitFor();
      out.dropToGraphMs.push(await measured(page, 'hls:drop-to-graph'));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download project' }).click(),
      ]);
      await download.path();
      out.downloadMs.push(await measured(page, 'hls:download-to-zip'));
      await page.close();
    }
    await browser.close();
    return out;
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}
