/**
 * Studio responsiveness on the built app (issue 7's benchmark): a generated 2,000-layer model (a chain
 * of 1,000 Dense + ReLU pairs, written here as ONNX) from drop to drawn graph, frames per second while
 * panning it, and for both it and the jet tagger the time from an edit's emulation request to its
 * refreshed result (1,000 samples; the studio waits 300 ms after the last keystroke before it asks).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { mlpOnnx } from '../tests/robustness/onnxWriter';

const ROOT = join(import.meta.dirname, '..');
/** The preview server's port; BENCH_PORT picks another when 4176 is taken. */
const PORT = Number(process.env.BENCH_PORT ?? 4176);

export interface CanvasBench {
  /** Five drops of the same file, each a fresh model. */
  bigDropToGraphMs: number[];
  panFps: number;
  /** Edit → refreshed emulation (1,000 samples) on the 2,000-layer model. */
  bigEditToEmulationMs: number[];
  editToEmulationMs: number[];
}

function chain(pairs: number): Uint8Array {
  const layers = Array.from({ length: pairs }, (_, i) => ({
    node: `fc${i}`,
    weight: `w${i}`,
    bias: `b${i}`,
    out: `h${i}`,
    act: `relu${i}`,
    actOut: `a${i}`,
  }));
  return mlpOnnx(
    { graph: 'chain', input: 'x', layers, softmax: 'softmax', output: 'y' },
    Array(pairs + 1).fill(8),
  );
}

async function measured(page: Page, name: string, count = 1): Promise<number> {
  await page.waitForFunction(
    ([n, c]) => performance.getEntriesByName(n as string, 'measure').length >= (c as number),
    [name, count],
    {
      timeout: 120_000,
    },
  );
  return Math.round(
    await page.evaluate(
      ([n, c]) => performance.getEntriesByName(n as string, 'measure')[(c as number) - 1]!.duration,
      [name, count],
    ),
  );
}

export async function benchCanvas(): Promise<CanvasBench> {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    },
  );
  try {
    await new Promise((r) => setTimeout(r, 2500));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500);
    const big = Buffer.from(chain(1000));
    const bigDropToGraphMs: number[] = [];
    for (let k = 1; k <= 5; k++) {
      await page.getByLabel('Open model').setInputFiles({
        name: 'chain2000.onnx',
        mimeType: 'application/octet-stream',
        buffer: big,
      });
      bigDropToGraphMs.push(await measured(page, 'hls:drop-to-graph', k));
      // Let the worker finish opening the float runtime for this model (it starts 1 s after a load
      // and holds the worker for a while), as a user's next drop would find it idle.
      await page.waitForTimeout(5000);
    }
    // Edit → refreshed emulation on the 2,000-layer model: precision edits of a layer near the top.
    let emulations = 0;
    const editAndMeasure = async (layer: string, times: number): Promise<number[]> => {
      const ms: number[] = [];
      for (let k = 0; k < times; k++) {
        await page.locator(`.layer-node[data-layer="${layer}"]`).click();
        const field = page.getByRole('textbox', { name: 'result precision', exact: true });
        await field.fill(`ap_fixed<${12 + k},5>`);
        await field.press('Enter');
        ms.push(await measured(page, 'hls:emulation', ++emulations));
      }
      return ms;
    };
    await page.getByRole('button', { name: 'Emulate' }).click();
    await measured(page, 'hls:emulation', ++emulations);
    const bigEditToEmulationMs = await editAndMeasure('fc2', 5);
    // Pan with the mouse for 2 s and count animation frames.
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    await page.evaluate(
      'window.__frames = 0; (function tick() { window.__frames++; requestAnimationFrame(tick); })();',
    );
    const t0 = Date.now();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let k = 0; k < 60; k++)
      await page.mouse.move(box.x + box.width / 2 + (k % 20) * 8, box.y + box.height / 2 + k * 3, {
        steps: 2,
      });
    await page.mouse.up();
    const frames = (await page.evaluate('window.__frames')) as number;
    const panFps = Math.round((frames * 1000) / (Date.now() - t0));
    // Edit → refreshed emulation on the jet tagger.
    await page.getByRole('button', { name: 'Load example', exact: true }).click();
    await page.locator('.react-flow__node').filter({ hasText: '/softmax/Softmax' }).waitFor();
    await page.getByRole('button', { name: 'Emulate' }).click();
    await measured(page, 'hls:emulation', ++emulations);
    const editToEmulationMs = await editAndMeasure('/fc2/Gemm', 5);
    await browser.close();
    return { bigDropToGraphMs, panFps, bigEditToEmulationMs, editToEmulationMs };
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}
