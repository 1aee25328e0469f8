// The built CLI against loopback stand-ins: `skewscope glue-metrics` (CloudWatch + Glue) and
// `skewscope analyze s3://…` (s3rver), each with --endpoint-url, as a user would run them.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './helpers/aws-json-standin.js';
import { startCloudWatchStandin } from './helpers/cloudwatch-standin.js';
import { GIB, publishCounter, publishHeap } from './helpers/glue-metrics-scenario.js';
import { startGlueStandin } from './helpers/glue-standin.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/skewscope.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const JOB = 'nightly-orders';
const RUN = 'jr_5e6f7a8b9c0d';

let server: AwsJsonServer;
let s3: RunningS3rver;
let startedOn: number;
const env = () => ({
  ...process.env,
  ...s3.env,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_PROFILE: '',
});

async function cli(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...env(), ...extraEnv } as NodeJS.ProcessEnv });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['logs'] });
  await s3.client.send(new PutObjectCommand({ Bucket: 'logs', Key: 'spark/local-1422981780767', Body: readFileSync(`${fixtures}local-1422981780767`) }));
  server = await startAwsJsonServer();
  const cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: RUN, expectedPeriod: 30, pageSize: 5 }, server);
  const glue = await startGlueStandin({}, server);
  startedOn = Math.floor((Date.now() - 10 * 60_000) / 30_000) * 30_000;
  glue.addRun({ id: RUN, jobName: JOB, state: 'SUCCEEDED', startedOn, completedOn: startedOn + 120_000, arguments: {} });
  publishHeap(cw, JOB, RUN, startedOn, { who: 'driver', limitBytes: 5 * GIB, usage: [0.1, 0.2, 0.3] });
  publishHeap(cw, JOB, RUN, startedOn, { who: '3', limitBytes: 10 * GIB, usage: [0.25, 0.5, 0.75] });
  publishHeap(cw, JOB, RUN, startedOn, { who: 'ALL', limitBytes: 10 * GIB, usage: [0.25, 0.5, 0.75] });
  publishCounter(cw, JOB, RUN, 'glue.driver.aggregate.recordsRead', startedOn, [10, 20, 30]);
});

afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

describe('skewscope glue-metrics', () => {
  it('prints the heap series and counters as JSON', async () => {
    const r = await cli(['glue-metrics', '--job', JOB, '--run', RUN, '--region', 'eu-west-1', '--endpoint-url', server.url, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.driver).toEqual([0.1, 0.2, 0.3].map((u, i) => ({ t: startedOn + i * 30_000, heapUsage: u, heapUsed: Math.round(u * 5 * GIB) })));
    expect(Object.keys(out.executors)).toEqual(['3']);
    expect(out.executors['3'][2]).toEqual({ t: startedOn + 60_000, heapUsage: 0.75, heapUsed: Math.round(0.75 * 10 * GIB) });
    expect(out.all).toHaveLength(3);
    expect(out.counters).toEqual({ 'glue.driver.aggregate.recordsRead': 60 });
    expect(out.resolutionSeconds).toBe(30);
    expect(server.problems).toEqual([]);
  });

  it('prints a readable summary', async () => {
    const r = await cli(['glue-metrics', '--job', JOB, '--run', RUN, '--region', 'eu-west-1', '--endpoint-url', server.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Glue job ${JOB}, run ${RUN}: SUCCEEDED`);
    expect(r.stdout).toContain('one point per 30 s');
    expect(r.stdout).toMatch(/executor 3\s+peak 75\.0 % \(7\.50 GiB\)/);
  });

  it('retries when throttled and says so on stderr, keeping stdout clean JSON', async () => {
    server.failNext(new StandinError('ThrottlingException', 'Rate exceeded'), 1, 'GetMetricData');
    const r = await cli(['glue-metrics', '--job', JOB, '--run', RUN, '--region', 'eu-west-1', '--endpoint-url', server.url, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skewscope: AWS is throttling CloudWatch GetMetricData; retrying in \d+ ms \(attempt 2 of 6\)\./);
    expect(r.stderr.match(/retrying/g)).toHaveLength(1);
    expect(JSON.parse(r.stdout).counters['glue.driver.aggregate.recordsRead']).toBe(60);
  });

  it('says clearly when the run does not exist, without a stack trace', async () => {
    const r = await cli(['glue-metrics', '--job', JOB, '--run', 'jr_nope', '--region', 'eu-west-1', '--endpoint-url', server.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^skewscope: Glue has no run "jr_nope" of job "nightly-orders"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says clearly when there are no credentials', async () => {
    const r = await cli(['glue-metrics', '--job', JOB, '--run', RUN, '--region', 'eu-west-1', '--endpoint-url', server.url], {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No AWS credentials found .*--profile/);
  });
});

describe('skewscope tune --runner glue', () => {
  const spec = join(mkdtempSync(join(tmpdir(), 'skewscope-tune-glue-')), 'job.json');
  writeFileSync(spec, JSON.stringify({
    name: 'orders',
    lake: 's3://lake/warehouse',
    sources: { orders: { path: 'orders', transformation_ctx: 'orders_src', boundedFiles: 64, mappings: [['id', 'string', 'id', 'long']] } },
    sink: { path: 'out' },
  }));

  it('prints the AWS calls of the first trial in dry-run mode and makes none', async () => {
    const before = server.requests.length;
    const r = await cli(['tune', spec, '--runner', 'glue', '--glue-role', 'arn:aws:iam::123456789012:role/Trials', '--glue-script', 's3://scripts/orders.py', '--dry-run', '--endpoint-url', server.url, '--region', 'eu-west-1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('glue:CreateJob');
    expect(r.stderr).toMatch(/glue:StartJobRun \{"JobName":"orders","Arguments":\{"--skewscope_bound_kind":"files","--skewscope_bound_value":"64"/);
    expect(server.requests.length).toBe(before);
  });

  it('tunes on the Glue stand-in end to end: lake listed on S3, trials run and measured, a bound recommended', async () => {
    for (let i = 0; i < 12; i++) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'logs', Key: `warehouse/orders/part-${String(i).padStart(4, '0')}.json`, Body: `{"id":"${i}"}\n` }));
    }
    const aws = await startAwsJsonServer();
    aws.forwardOthersTo(s3.endpoint);
    let glue: Awaited<ReturnType<typeof startGlueStandin>> | undefined;
    const cw = await startCloudWatchStandin({ jobName: 'orders', jobRunId: (id) => glue!.runs.some((r) => r.id === id) }, aws);
    // Heap grows with the bound: 4 files or fewer stay under half the heap, more do not.
    glue = await startGlueStandin({
      plan: () => ({ runningPolls: 3, end: 'SUCCEEDED' }),
      onPoll: (run) => {
        const files = Number(run.arguments['--skewscope_bound_value']) || 12;
        publishHeap(cw, 'orders', run.id, run.startedOn, { who: '1', limitBytes: 8 * GIB, usage: [Math.min(0.95, 0.1 + files * 0.09 * Math.min(1, run.polls / 3))] }, run.polls - 1);
      },
    }, aws);
    try {
      const home = mkdtempSync(join(tmpdir(), 'skewscope-tune-home-'));
      const r = await cli(
        ['tune', spec, '--runner', 'glue', '--lake', 's3://logs/warehouse', '--initial-files', '8', '--max-runs', '5', '--glue-role', 'arn:aws:iam::123456789012:role/Trials', '--glue-script', 's3://logs/scripts/orders.py', '--glue-poll-seconds', '0.001', '--endpoint-url', aws.url, '--region', 'us-east-1', '--json'],
        { SKEWSCOPE_HOME: home },
      );
      expect(r.stderr).toMatch(/run 1: boundedFiles=8/);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.bound.boundedFiles).toBeLessThanOrEqual(4);
      expect(out.runs[0]).toMatchObject({ bound: { boundedFiles: 8 }, filesRead: 8 });
      expect(out.runs.some((x: { outcome: string }) => x.outcome === 'safe')).toBe(true);
      expect(aws.requests.filter((q) => q.operation === 'StartJobRun').length).toBeGreaterThan(1);
      expect(aws.problems).toEqual([]);
    } finally {
      await aws.close();
    }
  });

  it('names a missing Glue option', async () => {
    const r = await cli(['tune', spec, '--runner', 'glue', '--glue-script', 's3://scripts/orders.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^skewscope tune: --runner glue needs --glue-role <arn>/);
  });
});

describe('skewscope analyze s3://', () => {
  it('analyzes an event log on S3 with --endpoint-url', async () => {
    const r = await cli(['analyze', 's3://logs/spark/local-1422981780767', '--endpoint-url', s3.endpoint, '--region', 'us-east-1', '--json']);
    expect(r.code).toBe(0);
    const local = await cli(['analyze', `${fixtures}local-1422981780767`, '--json']);
    const strip = (s: string) => JSON.parse(s.split(`${fixtures}local-1422981780767`).join('LOG').split('s3://logs/spark/local-1422981780767').join('LOG'));
    expect(strip(r.stdout)).toEqual(strip(local.stdout));
  });
});
