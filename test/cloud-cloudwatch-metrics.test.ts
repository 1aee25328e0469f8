// Glue job metrics from CloudWatch through the real SDK clients against loopback stand-ins that
// check every request (dimensions, statistics, periods, pagination tokens).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../engine/aws/aws-errors.js';
import type { AwsSettings } from '../engine/aws/aws-settings.js';
import { cloudWatchClient } from '../engine/aws/clients.js';
import { fetchGlueMetrics, periodForWindow } from '../engine/ingest/cloudwatch-glue-metrics.js';
import { glueMetricsSummary, glueRunFromMetrics } from '../engine/ingest/glue-metrics-model.js';
import { openGlueRun } from '../engine/ingest/glue-run-import.js';
import { runOutcome } from '../engine/views/run-info.js';
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './helpers/aws-json-standin.js';
import { startCloudWatchStandin, type CloudWatchStandin } from './helpers/cloudwatch-standin.js';
import { GIB, publishCounter, publishGauge, publishHeap } from './helpers/glue-metrics-scenario.js';
import { startGlueStandin, type GlueStandin } from './helpers/glue-standin.js';

const JOB = 'orders-etl';
const RUN = 'jr_0a1b2c3d4e5f';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYSECRETVALUE';
const tmp = mkdtempSync(join(tmpdir(), 'skewscope-cw-'));

let server: AwsJsonServer;
let cw: CloudWatchStandin;
let glue: GlueStandin;
let startedOn: number;
let settings: AwsSettings;
let notices: string[];

beforeAll(async () => {
  // The default credential chain, pointed at files and variables this test owns.
  writeFileSync(join(tmp, 'credentials'), `[default]\naws_access_key_id = AKIADEFAULTPROFILE01\naws_secret_access_key = ${SECRET}\n\n[prod]\naws_access_key_id = AKIAPRODPROFILE00001\naws_secret_access_key = ${SECRET}\n`);
  writeFileSync(join(tmp, 'config'), '[default]\nregion = eu-west-1\n\n[profile prod]\nregion = us-east-2\n');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmp, 'credentials');
  process.env.AWS_CONFIG_FILE = join(tmp, 'config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  for (const v of ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[v];

  server = await startAwsJsonServer();
  cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: RUN, expectedPeriod: 30, pageSize: 7, listPageSize: 3 }, server);
  glue = await startGlueStandin({}, server);

  startedOn = Math.floor((Date.now() - 20 * 60_000) / 30_000) * 30_000;
  glue.addRun({ id: RUN, jobName: JOB, state: 'FAILED', startedOn, completedOn: startedOn + 6 * 30_000, errorMessage: 'Command failed with exit code 137', arguments: {} });
  publishHeap(cw, JOB, RUN, startedOn, { who: 'driver', limitBytes: 5 * GIB, usage: [0.1, 0.12, 0.15, 0.2, 0.22, 0.25] });
  publishHeap(cw, JOB, RUN, startedOn, { who: 'ALL', limitBytes: 30 * GIB, usage: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] });
  publishHeap(cw, JOB, RUN, startedOn, { who: '1', limitBytes: 10 * GIB, usage: [0.2, 0.3, 0.4, 0.5, 0.7, 0.9] });
  publishHeap(cw, JOB, RUN, startedOn, { who: '2', limitBytes: 10 * GIB, usage: [0.2, 0.25, 0.3, 0.3, 0.35, 0.4] });
  // Executor 10 joined late: its points start at the third step. Numeric order puts it after 2.
  publishHeap(cw, JOB, RUN, startedOn, { who: '10', limitBytes: 10 * GIB, usage: [0.1, 0.2, 0.3, 0.4] }, 2);
  // Executor 11's points are stored a minute apart (standard resolution), though 30 s was asked for.
  for (const [f, v] of [['usage', [0.3, 0.4, 0.5]], ['used', [3, 4, 5].map((x) => x * GIB)]] as const) {
    cw.put(`glue.11.jvm.heap.${f}`, { JobName: JOB, JobRunId: RUN, Type: 'gauge' }, v.map((x, i) => [startedOn + i * 60_000, x]));
  }
  publishCounter(cw, JOB, RUN, 'glue.driver.aggregate.bytesRead', startedOn, [100, 250, 0, 650]);
  publishCounter(cw, JOB, RUN, 'glue.driver.aggregate.numFailedTasks', startedOn, [0, 0, 1, 3]);
  publishGauge(cw, JOB, RUN, 'glue.driver.ExecutorAllocationManager.executors.numberAllExecutors', startedOn, [2, 2, 3, 3]);
  publishGauge(cw, JOB, RUN, 'glue.driver.skewness.stage', startedOn, [0, 0.4, 1], { ObservabilityGroup: 'job_performance' });
  // Another run of the same job must not leak in.
  cw.put('glue.7.jvm.heap.usage', { JobName: JOB, JobRunId: 'jr_other', Type: 'gauge' }, [[startedOn, 0.99]]);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  notices = [];
  settings = { region: 'eu-west-1', endpointUrl: server.url, retryBaseMs: 1, onNotice: (m) => notices.push(m) };
  process.env.AWS_ACCESS_KEY_ID = 'AKIAENVIRONMENT00001';
  process.env.AWS_SECRET_ACCESS_KEY = SECRET;
  server.requests.length = 0;
});

const window = () => ({ jobName: JOB, jobRunId: RUN, startTime: startedOn - 60_000, endTime: startedOn + 7 * 30_000 });

describe('Glue metrics from CloudWatch', () => {
  it('discovers every executor, pages through GetMetricData and builds cloudwatch memory series with limits', async () => {
    const metrics = await fetchGlueMetrics(cloudWatchClient(settings), settings, window());
    expect(server.problems).toEqual([]);

    const pages = server.requests.filter((r) => r.operation === 'GetMetricData');
    expect(pages.length).toBeGreaterThan(3);
    expect(pages[0].body.NextToken).toBeUndefined();
    expect(pages.slice(1).every((p) => typeof p.body.NextToken === 'string')).toBe(true);
    expect(server.requests.filter((r) => r.operation === 'ListMetrics').length).toBeGreaterThan(1);

    const run = glueRunFromMetrics({ jobName: JOB, jobRunId: RUN, state: 'FAILED' }, metrics);
    expect(run.memory.map((m) => m.executorId)).toEqual(['driver', '1', '2', '10', '11', 'ALL']);
    expect(run.memory.find((m) => m.executorId === '11')).toMatchObject({ limitBytes: 10 * GIB, resolutionMs: 60_000 });
    const e1 = run.memory.find((m) => m.executorId === '1')!;
    expect(e1).toMatchObject({ kind: 'cloudwatch', limitBytes: 10 * GIB, limitSource: 'cloudwatch-usage', resolutionMs: 30_000 });
    expect(e1.t).toEqual([0, 1, 2, 3, 4, 5].map((i) => startedOn + i * 30_000));
    expect(e1.used).toEqual([0.2, 0.3, 0.4, 0.5, 0.7, 0.9].map((u) => Math.round(u * 10 * GIB)));
    expect(run.memory.find((m) => m.executorId === 'driver')!.limitBytes).toBe(5 * GIB);
    expect(run.memory.find((m) => m.executorId === '10')!.t[0]).toBe(startedOn + 60_000);
    expect(run.executors.map((e) => e.id)).toEqual(['driver', '1', '2', '10', '11']);

    const names = run.glue!.metrics.map((m) => m.name);
    expect(names).toContain('glue.driver.skewness.stage');
    expect(run.glue!.metrics.find((m) => m.name === 'glue.driver.skewness.stage')!.dimensions.ObservabilityGroup).toBe('job_performance');
    expect(names.some((n) => n.includes('jvm.heap'))).toBe(false);

    const summary = glueMetricsSummary(metrics);
    expect(summary.counters['glue.driver.aggregate.bytesRead']).toBe(1000);
    expect(summary.counters['glue.driver.aggregate.numFailedTasks']).toBe(4);
    expect(Object.keys(summary.executors)).toEqual(['1', '2', '10', '11']);
    expect(summary.driver[3]).toEqual({ t: startedOn + 90_000, heapUsage: 0.2, heapUsed: Math.round(0.2 * 5 * GIB) });
    expect(summary.gauges['glue.driver.ExecutorAllocationManager.executors.numberAllExecutors'].map((p) => p.value)).toEqual([2, 2, 3, 3]);
    expect(summary.resolutionSeconds).toBe(60);
  });

  it('opens a run by job name and run id: GetJobRun for the window, then the metrics', async () => {
    const run = await openGlueRun(settings, JOB, RUN);
    expect(server.problems).toEqual([]);
    expect(run.source).toEqual({ kind: 'cloudwatch', path: `glue://${JOB}/${RUN}` });
    expect(run.glue).toMatchObject({ state: 'FAILED', errorMessage: 'Command failed with exit code 137', workerType: 'G.1X' });
    expect(run.application.attempts[0]).toMatchObject({ startTime: startedOn, endTime: startedOn + 180_000, completed: true });
    expect(run.memory.filter((m) => m.kind === 'cloudwatch')).toHaveLength(6);
    // The views say what Glue said, though a CloudWatch-only run has no Spark jobs.
    expect(runOutcome(run, false)).toBe('failed');
  });

  it('retries throttled calls with backoff and says so', async () => {
    server.failNext(new StandinError('Throttling', 'Rate exceeded'), 2, 'GetMetricData');
    const metrics = await fetchGlueMetrics(cloudWatchClient(settings), settings, window());
    expect(metrics.series.length).toBeGreaterThan(5);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/throttling CloudWatch GetMetricData; retrying in \d+ ms \(attempt 2 of 6\)/);
  });

  it('gives up after the last retry with a clear message', async () => {
    server.failNext(new StandinError('ThrottlingException', 'Rate exceeded'), 3, 'ListMetrics');
    const err = await fetchGlueMetrics(cloudWatchClient(settings), { ...settings, maxAttempts: 3 }, window()).catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.kind).toBe('throttled');
  });

  it.each([
    ['AccessDeniedException', 'access-denied', /may not call CloudWatch ListMetrics/],
    ['ExpiredTokenException', 'expired-credentials', /have expired/],
    ['UnrecognizedClientException', 'invalid-credentials', /rejected the credentials/],
  ])('classifies %s', async (type, kind, message) => {
    server.failNext(new StandinError(type, `${type} for AKIAENVIRONMENT00001 ${SECRET}`), 1);
    const err = await fetchGlueMetrics(cloudWatchClient(settings), settings, window()).catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('AKIAENVIRONMENT00001');
  });

  it('says when a job run does not exist', async () => {
    const err = await openGlueRun(settings, JOB, 'jr_missing').catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.kind).toBe('no-such-job-run');
    expect(err.message).toContain('jr_missing');
  });

  it('uses the default credential chain: environment first, a named profile when given', async () => {
    await fetchGlueMetrics(cloudWatchClient(settings), settings, window());
    expect(new Set(server.requests.map((r) => r.accessKeyId))).toEqual(new Set(['AKIAENVIRONMENT00001']));
    server.requests.length = 0;
    const { region: _r, ...noRegion } = settings;
    await fetchGlueMetrics(cloudWatchClient({ ...noRegion, profile: 'prod' }), settings, window());
    expect(new Set(server.requests.map((r) => `${r.accessKeyId} ${r.region}`))).toEqual(new Set(['AKIAPRODPROFILE00001 us-east-2']));
  });

  it('says when there are no credentials at all', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const err = await fetchGlueMetrics(cloudWatchClient({ ...settings, profile: 'nobody' }), { ...settings, profile: 'nobody' }, window()).catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.kind).toBe('no-credentials');
    expect(err.message).toMatch(/Check that profile "nobody" exists in ~\/\.aws\/config/);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps a series Glue reported only in bytes or only as a fraction, without inventing a limit', () => {
    const base = { statistic: 'Average' as const, dimensions: {}, t: [1000, 31_000], resolutionMs: 30_000 };
    const run = glueRunFromMetrics({ jobName: JOB, jobRunId: RUN }, {
      jobName: JOB,
      jobRunId: RUN,
      periodSeconds: 30,
      notes: [],
      series: [
        { ...base, name: 'glue.4.jvm.heap.used', values: [1e9, 2e9] },
        { ...base, name: 'glue.5.jvm.heap.usage', values: [0.2, 0.4] },
      ],
    });
    expect(run.memory.find((m) => m.executorId === '4')).toEqual({ executorId: '4', kind: 'cloudwatch', t: [1000, 31_000], used: [1e9, 2e9], resolutionMs: 30_000 });
    const five = run.memory.find((m) => m.executorId === '5')!;
    expect(five.limitBytes).toBeUndefined();
    expect(five.used.every(Number.isNaN)).toBe(true);
    expect(run.application.attempts[0]).toMatchObject({ endTime: -1, completed: false });
  });

  it('asks for the finest period CloudWatch still keeps', () => {
    const now = Date.UTC(2026, 10, 26);
    expect(periodForWindow(now - 3600_000, now)).toBe(30);
    expect(periodForWindow(now - 4 * 3600_000, now)).toBe(60);
    expect(periodForWindow(now - 20 * 86_400_000, now)).toBe(300);
    expect(periodForWindow(now - 90 * 86_400_000, now)).toBe(3600);
  });
});
