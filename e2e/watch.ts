/**
 * What every e2e test watches: page errors, console errors, and any request that leaves the page's
 * own origin (the studio must never make one).
 */
import type { Page } from '@playwright/test';

export function watch(page: Page, baseURL: string | undefined): { errors: string[]; foreign: string[] } {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin;
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'))
      foreign.push(url);
  });
  return { errors, foreign };
}
