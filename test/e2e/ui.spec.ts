// Browser mode end to end: open a real fixture log through the UI, check every view's numbers
// against `skewscope analyze --json` for the same log, drive the replay scrubber, open broken
// logs, and save a screenshot of every view (test-results/screenshots/).
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, type BrowserMode } from '../../src-main/browser-mode.js';
import { openEventLogs } from '../../engine/ingest/open-event-logs.js';
import { diagnose } from '../../engine/analysis/diagnose.js';
import { bytes, int } from '../../src-renderer/format.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../shared/fixtures/spark-events/', import.meta.url));
const LOG = join(fixtures, 'application_1538416563558_0014');
const shots = join(root, 'test-results', 'screenshots');

interface CliExecutor { id: string; totalTasks: number; failedTasks: number; completedTasks: number; totalInputBytes: number; totalShuffleRead: number; totalShuffleWrite: number; removeReason?: string; peakMemoryMetrics?: Record<string, number> }
interface CliStage { stageId: number; attemptId: number; numTasks: number; numCompleteTasks: number; numFailedTasks: number; inputBytes: number; shuffleReadBytes: number; shuffleWriteBytes: number }
interface CliReport { application: { id: string; name: string }; jobs: unknown[]; stages: CliStage[]; executors: CliExecutor[]; findings: { title: string }[] }

const cli = JSON.parse(execFileSync(process.execPath, [join(root, 'bin/skewscope.js'), 'analyze', LOG, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as CliReport;

let mode: BrowserMode;
let scratch: string;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  scratch = mkdtempSync(join(tmpdir(), 'skewscope-e2e-'));
  mkdirSync(shots, { recursive: true });
  mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [fixtures, scratch], sessionDir: join(scratch, 'sessions') });
  page = await browser.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
});

test.afterAll(async () => {
  await page?.close();
  await mode?.close();
});

async function show(view: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^\\S*\\s*${view}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
}

async function openThroughDialog(path: string) {
  await page.getByRole('button', { name: 'Open…' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Path').fill(path);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
}

test('opens on the demo, then opens a fixture log through the open dialog', async () => {
  await page.goto(mode.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  // The built-in demo is the story's run recorded by our own engine (assets/demo, job badge-access-enriched).
  await expect(page.getByRole('combobox', { name: 'Run' })).toContainText('badge-access-enriched');
  await page.screenshot({ path: join(shots, '00-demo-overview.png') });
  await openThroughDialog(LOG);
  await expect(page.getByRole('combobox', { name: 'Run' })).toHaveValue(cli.application.id);
});

test('Overview matches the CLI', async () => {
  await show('Overview');
  const totalTasks = cli.executors.reduce((n, e) => n + e.totalTasks, 0);
  const failed = cli.executors.reduce((n, e) => n + e.failedTasks, 0);
  await expect(page.getByTestId('kpi-tasks')).toContainText(int(totalTasks));
  await expect(page.getByTestId('kpi-tasks')).toContainText(`${int(failed)} failed`);
  await expect(page.getByTestId('kpi-stages')).toContainText(`${cli.jobs.length} / ${cli.stages.length}`);
  await expect(page.getByTestId('kpi-executors')).toContainText(String(cli.executors.filter((e) => e.id !== 'driver').length));
  await expect(page.getByTestId('kpi-executors')).toContainText(`${cli.executors.filter((e) => e.removeReason).length} lost`);
  await expect(page.locator('.sub')).toContainText(cli.application.name);
  await page.screenshot({ path: join(shots, '01-overview.png') });
});

test('Executors matches the CLI, row by row', async () => {
  await show('Executors');
  const table = page.getByRole('table', { name: 'Executors' });
  await expect(table.locator('tbody tr')).toHaveCount(cli.executors.length);
  const headers = await table.locator('thead th').allInnerTexts();
  const col = (name: string) => headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === name);
  for (const e of cli.executors) {
    const cells = await table.locator(`tr[data-key="${e.id}"] td`).allInnerTexts();
    expect(cells[col('Total Tasks')], `executor ${e.id} total tasks`).toBe(String(e.totalTasks));
    expect(cells[col('Failed Tasks')], `executor ${e.id} failed tasks`).toBe(String(e.failedTasks));
    expect(cells[col('Complete Tasks')], `executor ${e.id} complete tasks`).toBe(String(e.completedTasks));
    expect(cells[col('Input')]).toBe(bytes(e.totalInputBytes));
    expect(cells[col('Shuffle Read')]).toBe(bytes(e.totalShuffleRead));
    expect(cells[col('Shuffle Write')]).toBe(bytes(e.totalShuffleWrite));
    const heap = e.peakMemoryMetrics?.JVMHeapMemory;
    if (heap !== undefined) expect(cells[col('Peak JVM Heap')]).toContain(bytes(heap));
    expect(cells[col('Status')]).toBe(e.removeReason ? 'Dead' : 'Active');
  }
  // Sorting by a column and keyboard movement within the table.
  await table.getByRole('button', { name: 'Failed Tasks' }).click();
  await expect(table.locator('thead th[aria-sort="descending"]')).toHaveText(/Failed Tasks/);
  await table.locator('tbody tr').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(table.locator('tbody tr').nth(1)).toBeFocused();
  await table.getByRole('button', { name: 'Executor ID' }).click();
  await page.locator('.tablewrap').first().evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, '04-executors.png') });
});

test('Stages matches the CLI and shows a stage summary', async () => {
  await show('Stages');
  const table = page.getByRole('table', { name: 'Stages' });
  for (const s of cli.stages) {
    const row = table.locator(`tr[data-key="${s.stageId}:${s.attemptId}"]`);
    await expect(row).toContainText(`${s.numCompleteTasks}/${s.numTasks}`);
    if (s.numFailedTasks) await expect(row).toContainText(`${s.numFailedTasks} failed`);
    await expect(row).toContainText(bytes(s.shuffleReadBytes));
  }
  const chosen = cli.stages[0];
  await table.locator(`tr[data-key="${chosen.stageId}:${chosen.attemptId}"]`).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Stage ${chosen.stageId}\\b`) })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Summary metrics' })).toBeVisible();
  await expect(page.getByText(`Summary metrics for ${chosen.numCompleteTasks} completed tasks`)).toBeVisible();
  await expect(page.getByRole('img', { name: 'Histogram of Task duration' })).toBeVisible();
  await expect(page.getByRole('table', { name: `Tasks of stage ${chosen.stageId}` }).locator('tbody tr')).toHaveCount(chosen.numTasks + chosen.numFailedTasks);
  await page.screenshot({ path: join(shots, '05-stages.png'), fullPage: false });
});

test('Timeline draws every task with the CLI counts', async () => {
  await show('Timeline');
  const total = cli.executors.reduce((n, e) => n + e.totalTasks, 0);
  await expect(page.locator('.viewhead .sub')).toContainText(`${int(total)} tasks on`);
  const succeeded = cli.executors.reduce((n, e) => n + e.completedTasks, 0);
  const failed = cli.executors.reduce((n, e) => n + e.failedTasks, 0);
  const legend = page.getByRole('toolbar', { name: 'Timeline controls' });
  await expect(legend).toContainText(`Succeeded ${int(succeeded)}`);
  await expect(legend).toContainText(`Failed ${int(failed)}`);
  const canvas = page.getByTestId('timeline-canvas');
  await canvas.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('0');
  await page.screenshot({ path: join(shots, '03-timeline.png') });
});

test('Memory shows every executor with heap metrics, the limit and the coarseness', async () => {
  await show('Memory');
  const withHeap = cli.executors.filter((e) => e.peakMemoryMetrics?.JVMHeapMemory !== undefined).length;
  const list = page.getByRole('complementary', { name: 'Series' }).locator('li');
  await expect(list).toHaveCount(withHeap);
  await expect(page.getByTestId('coarseness')).toContainText('Sampling:');
  await page.getByRole('searchbox', { name: 'Search series' }).fill('driver');
  await expect(list).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Search series' }).fill('');
  await page.screenshot({ path: join(shots, '02-memory.png') });
});

test('Findings are the analysis findings, each with evidence that links to a view', async () => {
  await show('Findings');
  const expected = cli.findings.length > 0 ? cli.findings : diagnose((await openEventLogs(LOG)).runs[0]).findings;
  const cards = page.locator('ol.findings article');
  await expect(cards).toHaveCount(expected.length);
  for (const [i, f] of expected.entries()) await expect(cards.nth(i).locator('h3')).toHaveText(f.title);
  await page.screenshot({ path: join(shots, '06-findings.png') });
  // A task in the evidence opens the timeline on that task, with its details.
  const taskChip = cards.getByRole('button', { name: /^task \d+$/ }).first();
  if ((await taskChip.count()) > 0) {
    const id = (await taskChip.innerText()).replace('task ', '');
    await taskChip.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Timeline' })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Task details' })).toContainText(`Task ${id}`);
    await page.screenshot({ path: join(shots, '10-task-details.png') });
    await show('Findings');
  }
  if (expected.length > 0) {
    await cards.first().getByRole('button', { name: /Show evidence in/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Findings');
  }
});

test('the scrubber replays the run: views show only what happened before t', async () => {
  await show('Overview');
  const total = cli.executors.reduce((n, e) => n + e.totalTasks, 0);
  const range = page.getByRole('slider', { name: 'Replay time' });
  const [min, max] = await range.evaluate((el) => [Number((el as unknown as { min: string }).min), Number((el as unknown as { max: string }).max)]);
  await range.evaluate((el, v) => {
    (el as unknown as { value: string }).value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, Math.round(min + (max - min) * 0.4));
  await expect(page.getByText(/later data hidden/)).toBeVisible();
  // The overview refetches for the new time; wait for it rather than read the old numbers.
  const tasksNow = async () => Number((await page.getByTestId('kpi-tasks').locator('.value').innerText()).replace(/,/g, ''));
  await expect.poll(tasksNow).toBeLessThan(total);
  await show('Timeline');
  await expect(page.getByRole('toolbar', { name: 'Timeline controls' })).not.toContainText(`Succeeded ${int(cli.executors.reduce((n, e) => n + e.completedTasks, 0))}`);
  await page.screenshot({ path: join(shots, '07-timeline-replay.png') });
  // Play at 10x for a moment, then pause: time moves forward. (At 100x the rest of this 83 s run
  // takes 0.5 s, so on a loaded machine the replay could end before the pause click lands.)
  const before = await range.inputValue();
  await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('10');
  await page.getByRole('button', { name: 'Play replay' }).click();
  await page.waitForTimeout(400);
  await page.getByRole('button', { name: 'Pause replay' }).click();
  expect(Number(await range.inputValue())).toBeGreaterThan(Number(before));
  await page.getByRole('button', { name: /^(End|Follow live)$/ }).click();
  await expect(page.getByText(/later data hidden/)).toHaveCount(0);
});

test('keyboard: number keys and arrows move between views', async () => {
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('2');
  await expect(page.getByRole('heading', { level: 1, name: 'Memory' })).toBeVisible();
  await page.getByRole('button', { name: /Memory/ }).first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { level: 1, name: 'Timeline' })).toBeVisible();
});

test('a broken log shows an error naming the file; a truncated log opens with a warning', async () => {
  await openThroughDialog(join(fixtures, 'sparklint/invalid_log_file'));
  await expect(page.getByRole('alert')).toContainText('invalid_log_file');
  await page.screenshot({ path: join(shots, '08-broken-log.png') });
  await page.getByRole('button', { name: 'Dismiss error' }).click();

  const text = readFileSync(LOG, 'utf8');
  const cut = join(scratch, 'truncated-app');
  writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.6)));
  await openThroughDialog(cut);
  await expect(page.getByRole('status', { name: 'Importer warnings' })).toContainText('truncated-app');
  await page.screenshot({ path: join(shots, '09-truncated-log-warning.png') });

  await openThroughDialog('/etc/passwd');
  await expect(page.getByRole('alert')).toContainText('outside the folders');
});
