// The Tuner panel on AWS Glue, in browser mode, against loopback stand-ins: Glue and CloudWatch on
// one endpoint with S3 calls forwarded to a real s3rver (script upload, the lake's backlog listing).
// A user picks "AWS Glue", names a profile and the endpoint, and Auto-tune drives real Glue API
// calls: runs over the stand-in's memory limit fail or are stopped, and a safe bound is recommended.
import { test, expect, type Page } from '@playwright/test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode, type BrowserMode } from '../../src-main/browser-mode.js';
import { writeDemoLake } from '../../engine/lake/demo/demo-lake.js';
import { StandinError, startAwsJsonServer, type AwsJsonServer } from '../helpers/aws-json-standin.js';
import { startCloudWatchStandin } from '../helpers/cloudwatch-standin.js';
import { GIB, publishCounter, publishHeap } from '../helpers/glue-metrics-scenario.js';
import { startGlueStandin, type GlueStandin, type RunPlan, type StandinRun } from '../helpers/glue-standin.js';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../helpers/s3rver.js';

const shots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const JOB = 'badge-trials';
const SAFE_FILES = 20;
const OOM_MESSAGE = 'Job aborted due to stage failure: Lost task 3.3 in stage 2.0 (TID 41) (executor 2): ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits.';
let aws: AwsJsonServer;
let glue: GlueStandin;
let s3: RunningS3rver;
let mode: BrowserMode;
let page: Page;

test.describe.configure({ mode: 'serial' });

/** More than SAFE_FILES files exhausts executor 2's heap on the stand-in; fewer fit. */
function planFor(args: Record<string, string>): RunPlan {
  const files = args['--skewscope_bound_kind'] === 'files' ? Number(args['--skewscope_bound_value']) : Infinity;
  return files > SAFE_FILES ? { runningPolls: 10, end: 'FAILED', errorMessage: OOM_MESSAGE } : { runningPolls: 3, end: 'SUCCEEDED' };
}

function heapAt(run: StandinRun, poll: number): number {
  if (run.plan.end === 'FAILED') return Math.min(0.99, 0.2 + 0.08 * poll);
  const files = Number(run.arguments['--skewscope_bound_value']);
  return Math.min(0.1 + files * 0.01, 0.1 + (poll * files * 0.01) / 2);
}

async function upload(dir: string, bucket: string, prefix: string): Promise<void> {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${relative(dir, path)}`, Body: readFileSync(path) }));
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const scratch = mkdtempSync(join(tmpdir(), 'skewscope-tuner-glue-e2e-'));
  process.env.SKEWSCOPE_HOME = join(scratch, 'home');
  // A profile whose keys the stand-ins (and s3rver) accept; the page only ever sees its name.
  writeFileSync(join(scratch, 'credentials'), `[glue-user]\naws_access_key_id = ${S3RVER_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${S3RVER_CREDENTIALS.secretAccessKey}\n`);
  writeFileSync(join(scratch, 'config'), '[profile glue-user]\nregion = eu-west-1\n');
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'), AWS_CONFIG_FILE: join(scratch, 'config'), AWS_EC2_METADATA_DISABLED: 'true' });
  for (const v of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION']) delete process.env[v];

  s3 = await startS3rver({ buckets: ['scripts', 'lake'] });
  const lake = join(scratch, 'lake');
  await writeDemoLake(lake, { files: 60, rowsPerFile: 20, days: 1, concurrency: 4 });
  await upload(lake, 'lake', 'demo');

  aws = await startAwsJsonServer();
  aws.forwardOthersTo(s3.endpoint);
  const cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: (id) => glue.runs.some((r) => r.id === id) }, aws);
  glue = await startGlueStandin(
    {
      plan: planFor,
      onPoll: (run) => {
        if (run.state !== 'RUNNING' && run.state !== 'FAILED' && run.state !== 'SUCCEEDED') return;
        const step = run.polls - 1;
        const u = heapAt(run, run.polls);
        publishHeap(cw, run.jobName, run.id, run.startedOn, { who: '2', limitBytes: 10 * GIB, usage: [u] }, step);
        publishHeap(cw, run.jobName, run.id, run.startedOn, { who: '1', limitBytes: 10 * GIB, usage: [Math.min(u, 0.3)] }, step);
        publishHeap(cw, run.jobName, run.id, run.startedOn, { who: 'driver', limitBytes: 5 * GIB, usage: [0.15] }, step);
        publishCounter(cw, run.jobName, run.id, 'glue.driver.aggregate.bytesRead', run.startedOn + step * 30_000, [16 * 1024 ** 2]);
      },
    },
    aws,
  );

  mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [scratch], sessionDir: join(scratch, 'sessions') });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
});

test.afterAll(async () => {
  await page?.close();
  await mode?.close();
  await aws?.close();
  await s3?.stop();
});

async function pickGlue(): Promise<void> {
  await page.goto(mode.url);
  await page.getByRole('button', { name: /Tuner/ }).click();
  await expect(page.getByRole('heading', { name: 'Tuner', level: 1 })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Runner' }).getByLabel('AWS Glue').check();
  const glueFields = page.getByRole('group', { name: 'AWS Glue runner' });
  await glueFields.getByLabel('Glue job').fill(JOB);
  await glueFields.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/GlueTrials');
  await glueFields.getByLabel('Script location').fill('s3://scripts/skewscope/badge-trials.py');
  await glueFields.getByLabel('Lake on S3').fill('s3://lake/demo');
  await glueFields.getByLabel('Profile').fill('glue-user');
  await glueFields.getByLabel('Endpoint URL').fill(aws.url);
  await glueFields.getByLabel('Poll every').fill('0.05');
}

test('a wrong field is named by the dispatcher, and a dry run lists the API calls without making any', async () => {
  await pickGlue();
  const glueFields = page.getByRole('group', { name: 'AWS Glue runner' });
  await glueFields.getByLabel('Role ARN').fill('GlueTrials');
  await page.getByRole('button', { name: 'Auto-tune' }).click();
  await expect(page.getByRole('alert')).toContainText('glue.roleArn: an IAM role ARN such as arn:aws:iam::123456789012:role/GlueTrials');

  await glueFields.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/GlueTrials');
  await glueFields.getByLabel('Dry run').check();
  await page.getByRole('button', { name: 'Auto-tune' }).click();
  const log = page.getByLabel('Glue runner log');
  await expect(page.getByRole('heading', { name: /AWS API calls of the first trial \(dry run: none made\)/ })).toBeVisible();
  for (const call of ['s3:PutObject', 'glue:GetJob', 'glue:CreateJob', 'glue:StartJobRun', 'glue:BatchStopJobRun']) await expect(log).toContainText(call);
  await expect(log).toContainText('"Role":"arn:aws:iam::123456789012:role/GlueTrials"');
  expect(aws.requests).toHaveLength(0);
});

test('Auto-tune on Glue runs the loop against the stand-ins and recommends a safe bound', async () => {
  test.setTimeout(90_000);
  await page.getByRole('group', { name: 'AWS Glue runner' }).getByLabel('Dry run').uncheck();
  await page.getByLabel('Max runs').fill('4');
  // Glue throttles the first StartJobRun: the retry is said in the panel, and the loop goes on.
  aws.failNext(new StandinError('ThrottlingException', 'Rate exceeded', 400), 1, 'StartJobRun');
  await page.getByRole('button', { name: 'Auto-tune' }).click();
  await expect(page.getByRole('heading', { name: 'Recommendation' })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.sub')).toContainText('found on AWS Glue');

  // One StartJobRun more than runs: the throttled one, retried.
  expect(aws.requests.filter((r) => r.operation === 'StartJobRun')).toHaveLength(glue.runs.length + 1);
  const rows = page.locator('table.grid tbody tr');
  await expect(rows).toHaveCount(glue.runs.length);
  expect(glue.runs.length).toBeGreaterThanOrEqual(2);
  // Every run in the table is a Glue run the stand-in started, with the bound it was given.
  const bounds = glue.runs.map(({ arguments: a }) => (a['--skewscope_bound_kind'] === 'files' ? `boundedFiles=${a['--skewscope_bound_value']}` : 'unbounded'));
  for (let i = 0; i < bounds.length; i++) await expect(rows.nth(i)).toContainText(bounds[i]);
  const recommended = Number((await page.locator('.recommendation strong').textContent())?.match(/boundedFiles=(\d+)/)?.[1]);
  expect(recommended).toBeGreaterThan(0);
  expect(recommended).toBeLessThanOrEqual(SAFE_FILES);
  expect(aws.problems).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Glue runner', exact: true })).toBeVisible();
  await expect(page.getByLabel('Glue runner log')).toContainText('AWS is throttling Glue StartJobRun; retrying in');
  // The profile's keys signed every call; the secret never reached the page.
  expect(new Set(aws.requests.map((r) => r.accessKeyId))).toEqual(new Set([S3RVER_CREDENTIALS.accessKeyId]));
  expect(await page.content()).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);

  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'tuner-glue.png'), fullPage: true });
});
