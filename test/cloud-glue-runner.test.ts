// The Glue runner and the tuner's loop over it, against loopback stand-ins through the real SDK
// clients: Glue (awsJson1_1) and CloudWatch (awsJson1_0) stand-ins on one endpoint, with S3 calls
// forwarded to a real s3rver, so script upload, job definition, runs and metrics all go over HTTP.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsSettings } from '../engine/aws/aws-settings.js';
import type { JobRun } from '../engine/model/job-run.js';
import { parseJobSpec } from '../engine/runtime/job-spec.js';
import { GlueJobRunner } from '../engine/tuner/glue-job-runner.js';
import { generateGlueScript } from '../engine/tuner/glue-script.js';
import { glueRunnerFrom } from '../engine/tuner/glue-runner-options.js';
import { autoTune } from '../engine/tuner/tune-loop.js';
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './helpers/aws-json-standin.js';
import { startCloudWatchStandin, type CloudWatchStandin } from './helpers/cloudwatch-standin.js';
import { GIB, publishCounter, publishHeap } from './helpers/glue-metrics-scenario.js';
import { startGlueStandin, type GlueStandin, type RunPlan, type StandinRun } from './helpers/glue-standin.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';

const JOB = 'orders-join';
const OOM_MESSAGE =
  'An error occurred while calling o98.pyWriteDynamicFrame. Job aborted due to stage failure: Task 3 in stage 2.0 failed 4 times, most recent failure: Lost task 3.3 in stage 2.0 (TID 41) (172.34.12.9 executor 2): ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 10.4 GB of 10 GB physical memory used.';

const spec = parseJobSpec({
  name: JOB,
  lake: 's3://lake/warehouse',
  sources: {
    orders: {
      path: 'orders',
      transformation_ctx: 'orders_src',
      push_down_predicate: "year = '2024'",
      exclusions: ['**/_SUCCESS'],
      boundedFiles: 100,
      mappings: [
        ['order_id', 'string', 'order_id', 'long'],
        ['customer_id', 'string', 'customer_id', 'long'],
        ['amount', 'string', 'amount', 'decimal(10,2)'],
      ],
    },
    customers: {
      path: 'customers',
      format: 'csv',
      transformation_ctx: 'customers_src',
      mappings: [
        ['id', 'string', 'id', 'long'],
        ['name', 'string', 'name', 'string'],
      ],
    },
  },
  join: { frame1: 'orders', frame2: 'customers', keys1: ['customer_id'], keys2: ['id'] },
  drop_fields: ['id'],
  sink: { path: 'out/orders_enriched' },
});

/** What a run does on "Glue": more than 40 files exhausts executor 2's heap; fewer fit. */
function planFor(args: Record<string, string>): RunPlan {
  const files = args['--skewscope_bound_kind'] === 'files' ? Number(args['--skewscope_bound_value']) : Infinity;
  return files > 40 ? { runningPolls: 12, end: 'FAILED', errorMessage: OOM_MESSAGE } : { runningPolls: 4, end: 'SUCCEEDED' };
}

/** Heap fraction of executor 2 at a poll: a steady climb for doomed runs, a plateau by the bound for safe ones. */
function heapAt(run: StandinRun, poll: number): number {
  const files = Number(run.arguments['--skewscope_bound_value']);
  if (run.plan.end === 'FAILED') return Math.min(0.99, 0.2 + 0.07 * poll);
  return Math.min(0.1 + files * 0.008, 0.1 + (poll * files * 0.008) / 3);
}

let server: AwsJsonServer & CloudWatchStandin & GlueStandin;
let s3: RunningS3rver;
let settings: AwsSettings;
let printed: string[];
const tmp = mkdtempSync(join(tmpdir(), 'skewscope-glue-'));

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['scripts'] });
  Object.assign(process.env, s3.env, { AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'none') });
  const base = await startAwsJsonServer();
  base.forwardOthersTo(s3.endpoint);
  let glue: GlueStandin | undefined;
  const cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: (id) => glue!.runs.some((r) => r.id === id) }, base);
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
        publishCounter(cw, run.jobName, run.id, 'glue.driver.aggregate.bytesRead', run.startedOn + step * 30_000, [64 * 1024 ** 2]);
      },
    },
    base,
  );
  server = Object.assign(base, cw, glue);
});

afterAll(async () => {
  await server.close();
  await s3.stop();
});

beforeEach(() => {
  printed = [];
  settings = { region: 'eu-west-1', endpointUrl: server.url, retryBaseMs: 1 };
  server.requests.length = 0;
});

const runner = (extra: Partial<ConstructorParameters<typeof GlueJobRunner>[0]> = {}) =>
  new GlueJobRunner({
    settings,
    spec,
    roleArn: 'arn:aws:iam::123456789012:role/GlueTrials',
    scriptLocation: 's3://scripts/skewscope/orders-join.py',
    pollIntervalMs: 1,
    print: (l) => printed.push(l),
    ...extra,
  });

describe('Glue PySpark script', () => {
  it('mirrors the job spec and takes the bound, predicate and sample as job arguments', () => {
    const script = generateGlueScript(spec);
    expect(script).toContain('getResolvedOptions(sys.argv, ["JOB_NAME", "skewscope_bound_kind", "skewscope_bound_value", "skewscope_predicate", "skewscope_sample_fraction"])');
    expect(script).toContain('"paths": ["s3://lake/warehouse/orders"]');
    expect(script).toContain('"exclusions": "[\\"**/_SUCCESS\\"]"');
    expect(script).toContain('"boundedFiles": "100"');
    expect(script).toContain(`push_down_predicate=predicate("year = '2024'")`);
    expect(script).toContain('format="csv", format_options={"withHeader": True}');
    expect(script).toContain('("amount", "string", "amount", "decimal(10,2)")');
    expect(script).toContain('result = Join.apply(src_orders, src_customers, ["customer_id"], ["id"])');
    expect(script).toContain('DropFields.apply(frame=result, paths=["id"])');
    expect(script).toContain('connection_options={"path": "s3://lake/warehouse/out/orders_enriched"}');
    expect(script.trimEnd().endsWith('job.commit()')).toBe(true);
  });

  it('is valid Python', () => {
    const file = join(tmp, 'job.py');
    writeFileSync(file, generateGlueScript(spec));
    expect(() => execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file])).not.toThrow();
  });

  it('refuses a local lake, since Glue reads S3', () => {
    expect(() => generateGlueScript({ ...spec, lake: '/data/lake' })).toThrow(/not an s3:\/\/ URI; Glue reads from S3, so pass --lake/);
  });
});

describe('GlueJobRunner', () => {
  it('uploads the script, creates the job, runs it with the bound and reports a success with its metrics', async () => {
    const updates: JobRun[] = [];
    const handle = await runner().start({ bound: { boundedFiles: 20 }, advanceBookmark: false });
    handle.onUpdate((r) => updates.push(r));
    const outcome = await handle.outcome;
    expect(server.problems).toEqual([]);

    const uploaded = await s3.client.send(new GetObjectCommand({ Bucket: 'scripts', Key: 'skewscope/orders-join.py' }));
    expect(await uploaded.Body!.transformToString()).toBe(generateGlueScript(spec));
    const ops = server.requests.map((r) => r.operation);
    expect(ops.slice(0, 3)).toEqual(['GetJob', 'CreateJob', 'StartJobRun']);
    const start = server.requests.find((r) => r.operation === 'StartJobRun')!;
    expect(start.body.Arguments).toEqual({
      '--skewscope_bound_kind': 'files',
      '--skewscope_bound_value': '20',
      '--skewscope_predicate': '-',
      '--skewscope_sample_fraction': '1',
      '--job-bookmark-option': 'job-bookmark-pause',
    });
    expect(server.jobs.get(JOB)).toMatchObject({ Role: 'arn:aws:iam::123456789012:role/GlueTrials', Command: { Name: 'glueetl', ScriptLocation: 's3://scripts/skewscope/orders-join.py' } });

    expect(outcome).toMatchObject({ status: 'succeeded', oom: false, filesRead: 20, bytesRead: 5 * 64 * 1024 ** 2 });
    expect(updates.length).toBeGreaterThan(3);
    const e2 = outcome.run.memory.find((m) => m.executorId === '2')!;
    expect(e2).toMatchObject({ kind: 'cloudwatch', limitBytes: 10 * GIB, resolutionMs: 30_000 });
    expect(e2.t.length).toBe(5);
    expect(outcome.run.glue?.state).toBe('SUCCEEDED');
  });

  it('reports a run that goes RUNNING then FAILED with an OOM message as an executor OOM', async () => {
    const outcome = await (await runner().start({ bound: { boundedFiles: 80 }, advanceBookmark: true })).outcome;
    expect(server.problems).toEqual([]);
    expect(server.requests.map((r) => r.operation).filter((o) => o === 'CreateJob' || o === 'UpdateJob')).toEqual(['UpdateJob']);
    expect(server.requests.find((r) => r.operation === 'StartJobRun')!.body.Arguments).toMatchObject({ '--job-bookmark-option': 'job-bookmark-enable' });
    expect(outcome).toMatchObject({ status: 'failed', oom: true, cause: 'executor-oom' });
    expect(outcome.run.glue?.errorMessage).toContain('Container killed by YARN');
    expect(outcome.run.memory.find((m) => m.executorId === '2')!.used.at(-1)).toBeGreaterThan(0.9 * 10 * GIB);
  });

  it('rides out a failed poll, and gives up after several in a row', async () => {
    server.failNext(new StandinError('InternalFailure', 'We encountered an internal error', 500), 1, 'GetJobRun');
    const ok = await (await runner().start({ bound: { boundedFiles: 10 }, advanceBookmark: false })).outcome;
    expect(ok.status).toBe('succeeded');
    expect(printed.some((l) => /Polling Glue run jr_\w+ failed \(1 of 3 tolerated\)/.test(l))).toBe(true);

    server.failNext(new StandinError('InternalFailure', 'We encountered an internal error', 500), 4, 'GetJobRun');
    const err = await (await runner().start({ bound: { boundedFiles: 10 }, advanceBookmark: false })).outcome.catch((e) => e);
    expect(err.message).toMatch(/GetJobRun failed .*internal error/);
  });

  it('stops a run with BatchStopJobRun when cancelled', async () => {
    const handle = await runner().start({ bound: { unbounded: true }, advanceBookmark: false });
    let cancelled: Promise<void> | undefined;
    handle.onUpdate((r) => {
      if (!cancelled && (r.memory.find((m) => m.executorId === '2')?.t.length ?? 0) >= 3) cancelled = handle.cancel('heap climbing towards the limit');
    });
    const outcome = await handle.outcome;
    await cancelled;
    expect(server.problems).toEqual([]);
    const stop = server.requests.find((r) => r.operation === 'BatchStopJobRun')!;
    expect(stop.body).toEqual({ JobName: JOB, JobRunIds: [server.runs.at(-1)!.id] });
    expect(outcome.status).toBe('cancelled');
    expect(printed.some((l) => l.includes('heap climbing towards the limit'))).toBe(true);
  });

  it('prints the API calls in dry-run mode and makes none', async () => {
    const handle = await runner({ dryRun: true }).start({ bound: { boundedFiles: 30 }, predicate: "month = '01'", advanceBookmark: false });
    expect((await handle.outcome).status).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
    expect(printed.map((l) => l.split(' ')[0])).toEqual(['s3:PutObject', 'glue:GetJob', 'glue:CreateJob', 'glue:StartJobRun', 'then', 'if']);
    expect(printed.find((l) => l.startsWith('glue:StartJobRun'))).toContain(`"--skewscope_predicate":"month = '01'"`);
  });
});

describe('Glue runner options', () => {
  it('names the missing option', () => {
    expect(() => glueRunnerFrom({ glueScript: 's3://b/k.py' }, spec)).toThrow(/needs --glue-role/);
    expect(() => glueRunnerFrom({ glueRole: 'arn:aws:iam::1:role/r', glueScript: '/tmp/k.py' }, spec)).toThrow(/needs --glue-script s3:\/\/bucket\/key.py/);
    expect(() => glueRunnerFrom({ glueRole: 'arn:aws:iam::1:role/r', glueScript: 's3://b/k.py', glueWorkers: '1' }, spec)).toThrow(/--glue-workers 1/);
  });

  it('builds a runner that honours the options (dry run)', async () => {
    const r = glueRunnerFrom({ glueRole: 'arn:aws:iam::1:role/r', glueScript: 's3://b/k.py', glueJob: 'trials', glueWorkers: '5', glueWorkerType: 'G.2X', dryRun: true, endpointUrl: server.url }, spec, (l) => printed.push(l));
    await (await r.start({ bound: { boundedSize: 1 << 30 }, advanceBookmark: false })).outcome;
    const create = printed.find((l) => l.startsWith('glue:CreateJob'))!;
    expect(create).toContain('"Name":"trials"');
    expect(create).toContain('"WorkerType":"G.2X","NumberOfWorkers":5');
    expect(printed.find((l) => l.startsWith('glue:StartJobRun'))).toContain('"--skewscope_bound_kind":"size","--skewscope_bound_value":"1073741824"');
    expect(server.requests).toHaveLength(0);
  });
});

describe('tuning on Glue', () => {
  it('runs the whole loop against the stand-ins: doomed runs stopped or failed, a safe bound found', async () => {
    const result = await autoTune(runner(), { initial: { boundedFiles: 100 }, backlogSize: 200, maxRuns: 6, tolerance: 0.25 });
    expect(server.problems).toEqual([]);
    const bounds = server.requests.filter((r) => r.operation === 'StartJobRun').map((r) => Number((r.body.Arguments as Record<string, string>)['--skewscope_bound_value']));
    expect(bounds[0]).toBe(100);
    expect(result.runs.length).toBe(bounds.length);
    expect(result.bound).toBeDefined();
    expect('boundedFiles' in result.bound! && result.bound.boundedFiles).toBeLessThanOrEqual(40);
    expect(result.runs[0].outcome === 'cancelled-at-risk' || result.runs[0].outcome === 'oom').toBe(true);
    const stops = server.requests.filter((r) => r.operation === 'BatchStopJobRun').length;
    const cancelledAtRisk = result.runs.filter((r) => r.outcome === 'cancelled-at-risk').length;
    expect(stops).toBe(cancelledAtRisk);
    expect(stops).toBeGreaterThan(0);
  });
});
