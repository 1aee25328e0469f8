// The Tuner panel in browser mode: Auto-tune on a small demo lake shows the loop live (a run in
// progress with its heap per executor), then the run history, the recommendation and the Glue lines.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, type BrowserMode } from '../../src-main/browser-mode.js';
import { writeDemoLake } from '../../engine/lake/demo/demo-lake.js';

const shots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
let mode: BrowserMode;
let page: Page;
let lake: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'skewscope-tuner-e2e-'));
  process.env.SKEWSCOPE_HOME = join(scratch, 'home');
  lake = join(scratch, 'lake');
  await writeDemoLake(lake, { files: 120, rowsPerFile: 250, days: 2, concurrency: 4 });
  mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [scratch], sessionDir: join(scratch, 'sessions') });
  page = await browser.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
});

test.afterAll(async () => {
  await page?.close();
  await mode?.close();
});

test('Auto-tune shows the loop live, then the history, the recommendation and the Glue lines', async () => {
  test.setTimeout(180_000);
  await page.goto(mode.url);
  await page.getByRole('button', { name: /Tuner/ }).click();
  await expect(page.getByRole('heading', { name: 'Tuner', level: 1 })).toBeVisible();
  await page.getByLabel('Lake').fill(lake);
  await page.getByLabel('Executor heap').fill('32');
  await page.getByLabel('Max runs').fill('4');
  await page.getByRole('button', { name: 'Auto-tune' }).click();
  // Live: the run in progress with a heap bar per series.
  await expect(page.getByRole('heading', { name: /Run 1 in progress/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.heapbars li').first()).toBeVisible({ timeout: 30_000 });
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'tuner-live.png'), fullPage: true });
  await expect(page.getByRole('heading', { name: 'Recommendation' })).toBeVisible({ timeout: 150_000 });
  const rows = page.locator('table.grid tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.locator('pre.glue')).toContainText('additional_options = {"boundedFiles": "');
  await page.screenshot({ path: join(shots, 'tuner-done.png'), fullPage: true });
});
