// "Open from AWS" in browser mode, against the CloudWatch and Glue stand-ins: a user with a
// profile lists a job's runs and opens one, and sees the heap of every executor in two steps.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../../src-main/browser-mode.js';
import { startAwsJsonServer, type AwsJsonServer } from '../helpers/aws-json-standin.js';
import { startCloudWatchStandin } from '../helpers/cloudwatch-standin.js';
import { GIB, publishHeap } from '../helpers/glue-metrics-scenario.js';
import { startGlueStandin } from '../helpers/glue-standin.js';

const JOB = 'orders-nightly';
const RUN = 'jr_7f00aa11bb22';
let aws: AwsJsonServer;
let mode: BrowserMode;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const home = mkdtempSync(join(tmpdir(), 'skewscope-aws-e2e-'));
  writeFileSync(join(home, 'credentials'), '[glue-user]\naws_access_key_id = AKIAGLUEUSERE2E00001\naws_secret_access_key = e2eSecretKeyThatMustNeverAppearAnywhere000\n');
  writeFileSync(join(home, 'config'), '[profile glue-user]\nregion = eu-west-1\n');
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config'), AWS_EC2_METADATA_DISABLED: 'true' });
  for (const v of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION']) delete process.env[v];

  aws = await startAwsJsonServer();
  const cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: RUN, expectedPeriod: 30 }, aws);
  const glue = await startGlueStandin({}, aws);
  const startedOn = Math.floor((Date.now() - 40 * 60_000) / 30_000) * 30_000;
  glue.addRun({ id: 'jr_older', jobName: JOB, state: 'SUCCEEDED', startedOn: startedOn - 86_400_000, completedOn: startedOn - 86_000_000, arguments: {} });
  glue.addRun({ id: RUN, jobName: JOB, state: 'FAILED', startedOn, completedOn: startedOn + 8 * 30_000, errorMessage: 'Container killed by YARN for exceeding memory limits', arguments: {} });
  publishHeap(cw, JOB, RUN, startedOn, { who: 'driver', limitBytes: 4 * GIB, usage: [0.1, 0.1, 0.12, 0.12, 0.15, 0.15, 0.15, 0.16] });
  for (const [id, top] of [['1', 0.45], ['2', 0.97], ['3', 0.5]] as const) {
    publishHeap(cw, JOB, RUN, startedOn, { who: id, limitBytes: 8 * GIB, usage: Array.from({ length: 8 }, (_, i) => 0.1 + ((top - 0.1) * i) / 7) });
  }

  const scratch = mkdtempSync(join(tmpdir(), 'skewscope-aws-e2e-ui-'));
  mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [scratch], sessionDir: join(scratch, 'sessions') });
  page = await browser.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
});

test.afterAll(async () => {
  await page?.close();
  await mode?.close();
  await aws?.close();
});

test('a user with a profile opens a Glue run and sees the heap per executor', async () => {
  await page.goto(mode.url);
  await page.getByRole('button', { name: 'Open from AWS…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a Glue job run from AWS' });
  await dialog.getByLabel('Profile').fill('glue-user');
  await dialog.getByLabel('Glue job').fill(JOB);
  await dialog.getByText('Endpoint', { exact: true }).click();
  await dialog.getByLabel('Endpoint URL').fill(aws.url);

  // Step 1: the run picker, newest first, with status, duration and error.
  await dialog.getByRole('button', { name: 'List runs' }).click();
  const rows = dialog.getByRole('table', { name: 'Job runs' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(RUN);
  await expect(rows.first()).toContainText('FAILED');
  await expect(rows.first()).toContainText('4.0 min');
  await expect(rows.first()).toContainText('Container killed by YARN');

  // Step 2: open it.
  await dialog.getByRole('button', { name: 'Open run' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Memory/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Memory' })).toBeVisible();
  const list = page.getByRole('complementary', { name: 'Series' });
  for (const name of ['driver', 'executor 1', 'executor 2', 'executor 3']) await expect(list.getByText(name, { exact: true })).toBeVisible();
  await expect(list.locator('li', { hasText: 'executor 2' })).toContainText('97');
  await expect(page.getByTestId('coarseness')).toContainText('CloudWatch gauges');
  await expect(page.getByTestId('coarseness')).toContainText('30 s');

  // The profile's own key signed every call, in the profile's region; the secret never reached the page.
  expect(new Set(aws.requests.map((r) => `${r.accessKeyId} ${r.region}`))).toEqual(new Set(['AKIAGLUEUSERE2E00001 eu-west-1']));
  expect(aws.problems).toEqual([]);
  expect(await page.content()).not.toContain('e2eSecretKeyThatMustNeverAppearAnywhere000');
});
