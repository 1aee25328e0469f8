// The "Open from AWS" API calls against the stand-ins: the run picker (GetJobRuns, paged) and
// opening a run with its event log on S3, merged onto one timeline.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_ARG_SCHEMAS, glueLiveSource, glueRunsForPicker, loadGlueRun } from '../engine/aws/aws-app-api.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { glueLogCandidates } from '../engine/ingest/glue-log-candidates.js';
import { setDefaultAwsSettings } from '../engine/aws/default-settings.js';
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './helpers/aws-json-standin.js';
import { startCloudWatchStandin } from './helpers/cloudwatch-standin.js';
import { GIB, publishHeap } from './helpers/glue-metrics-scenario.js';
import { startGlueStandin } from './helpers/glue-standin.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const APP = 'application_1538416563558_0014';
const JOB = 'daily-join';
let server: AwsJsonServer;
let s3: RunningS3rver;
let endpointUrl: string;
let logStart: number;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['glue-assets'] });
  Object.assign(process.env, s3.env, { AWS_EC2_METADATA_DISABLED: 'true' });
  await s3.client.send(new PutObjectCommand({ Bucket: 'glue-assets', Key: `sparkHistoryLogs/${APP}`, Body: readFileSync(fixtures + APP) }));
  await s3.client.send(new PutObjectCommand({ Bucket: 'glue-assets', Key: 'sparkHistoryLogs/app-20161116163331-0000', Body: readFileSync(`${fixtures}app-20161116163331-0000`) }));
  const log = (await openEventLogs(fixtures + APP)).runs[0];
  const a = log.application.attempts[0];
  logStart = a.startTime;

  server = await startAwsJsonServer();
  server.forwardOthersTo(s3.endpoint);
  endpointUrl = server.url;
  const cw = await startCloudWatchStandin({ jobName: JOB, jobRunId: (id) => id === 'jr_4' || id === 'jr_live' }, server);
  const glue = await startGlueStandin({ pageSize: 2 }, server);
  for (let i = 1; i <= 5; i++) {
    glue.addRun({ id: `jr_${i}`, jobName: JOB, state: i === 4 ? 'FAILED' : 'SUCCEEDED', startedOn: a.startTime, completedOn: a.endTime, ...(i === 4 ? { errorMessage: 'Command failed with exit code 137' } : {}), arguments: {} });
  }
  const liveStart = Math.floor((Date.now() - 10 * 60_000) / 30_000) * 30_000;
  glue.addRun({ id: 'jr_live', jobName: JOB, state: 'RUNNING', startedOn: liveStart, arguments: {}, plan: { runningPolls: 3, end: 'SUCCEEDED' } });
  publishHeap(cw, JOB, 'jr_live', liveStart, { who: '1', limitBytes: 4 * GIB, usage: [0.2, 0.3, 0.4] });
  const steps = Math.max(2, Math.floor((a.endTime - a.startTime) / 30_000));
  publishHeap(cw, JOB, 'jr_4', a.startTime, { who: '1', limitBytes: 4 * GIB, usage: Array.from({ length: steps }, (_, i) => 0.2 + (0.5 * i) / steps) });
});

afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

describe('Open from AWS', () => {
  it('lists the job runs for the picker, newest first, across pages', async () => {
    const r = await glueRunsForPicker({ jobName: JOB, region: 'eu-west-1', endpointUrl });
    expect(r.error).toBeUndefined();
    expect(r.runs.map((x) => x.jobRunId)).toEqual(['jr_live', 'jr_5', 'jr_4', 'jr_3', 'jr_2', 'jr_1']);
    expect(r.runs[0].state).toBe('RUNNING');
    expect(r.runs[2]).toMatchObject({ state: 'FAILED', errorMessage: 'Command failed with exit code 137', workerType: 'G.1X', numberOfWorkers: 4 });
    expect(r.runs[2].executionSeconds).toBeGreaterThan(0);
    expect(server.requests.filter((q) => q.operation === 'GetJobRuns').length).toBe(3);
    expect(server.problems).toEqual([]);
  });

  it('says when throttling slowed the listing or the opening', async () => {
    server.failNext(new StandinError('ThrottlingException', 'Rate exceeded'), 1, 'GetJobRuns');
    const listed = await glueRunsForPicker({ jobName: JOB, region: 'eu-west-1', endpointUrl });
    expect(listed.runs).toHaveLength(6);
    expect(listed.notices).toEqual([expect.stringMatching(/AWS is throttling Glue GetJobRuns; retrying in/)]);
    server.failNext(new StandinError('ThrottlingException', 'Rate exceeded'), 1, 'GetMetricData');
    const run = await loadGlueRun({ jobName: JOB, jobRunId: 'jr_4', region: 'eu-west-1', endpointUrl });
    expect(run.warnings.at(-1)?.message).toMatch(/AWS is throttling CloudWatch GetMetricData; retrying in/);
  });

  it('answers a missing job with a message, not an exception', async () => {
    server.failNext(new StandinError('EntityNotFoundException', 'Job nope not found'), 1, 'GetJobRuns');
    const r = await glueRunsForPicker({ jobName: 'nope', region: 'eu-west-1', endpointUrl });
    expect(r.error?.message).toMatch(/Glue has no job "nope"/);
  });

  it('opens a run with its event log from S3 merged with the CloudWatch heap', async () => {
    const run = await loadGlueRun({ jobName: JOB, jobRunId: 'jr_4', region: 'eu-west-1', endpointUrl, eventLogPath: 's3://glue-assets/sparkHistoryLogs/' });
    expect(run.source.kind).toBe('merged');
    expect(run.application.id).toBe(APP);
    expect(run.tasks.length).toBeGreaterThan(10);
    const cw = run.memory.find((m) => m.kind === 'cloudwatch' && m.executorId === '1')!;
    expect(cw.limitBytes).toBe(4 * GIB);
    expect(cw.t[0]).toBeGreaterThanOrEqual(logStart - 3600_000);
    expect(run.glue).toMatchObject({ jobRunId: 'jr_4', state: 'FAILED' });
    expect(server.problems).toEqual([]);
  });

  it('reads only the logs whose Glue application id (spark-application-<ms>) falls in the run', async () => {
    const t0 = Date.UTC(2026, 10, 20, 3, 0, 0);
    const body = readFileSync(`${fixtures}local-1422981780767`);
    for (const t of [t0 - 86_400_000, t0 - 60_000, t0 + 3600_000 * 5]) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'glue-assets', Key: `glue-logs/spark-application-${t}`, Body: body }));
    }
    setDefaultAwsSettings({ endpointUrl: s3.endpoint, region: 'us-east-1' });
    const c = await glueLogCandidates('s3://glue-assets/glue-logs/', t0, t0 + 3600_000);
    expect(c).toEqual({ paths: [`s3://glue-assets/glue-logs/spark-application-${t0 - 60_000}`], byName: true, warnings: [] });
    const unnamed = await glueLogCandidates('s3://glue-assets/sparkHistoryLogs/', t0, t0 + 3600_000);
    expect(unnamed).toMatchObject({ paths: ['s3://glue-assets/sparkHistoryLogs/'], byName: false });
  });

  it('follows a run that is still going until Glue says it ended', async () => {
    const args = { jobName: JOB, jobRunId: 'jr_live', region: 'eu-west-1', endpointUrl };
    const first = await loadGlueRun(args);
    expect(first.application.attempts[0]).toMatchObject({ completed: false, endTime: -1 });
    const live = glueLiveSource(args, first, 5)!;
    expect(live.id).toBe(first.id);
    let updates = 0;
    await new Promise<void>((resolve) => live.subscribe(() => (++updates, live.finished() && resolve())));
    expect(updates).toBe(3);
    expect(live.current().glue?.state).toBe('SUCCEEDED');
    expect(live.current().application.attempts[0].completed).toBe(true);
    expect(live.current().memory.find((m) => m.executorId === '1')?.t).toHaveLength(3);
    expect(glueLiveSource(args, live.current())).toBeUndefined();
  });

  it('checks the arguments: S3 event-log paths only, sane names', () => {
    expect(AWS_ARG_SCHEMAS.openGlueRun.safeParse({ jobName: JOB, jobRunId: 'jr_4', eventLogPath: '/etc/passwd' }).success).toBe(false);
    expect(AWS_ARG_SCHEMAS.glueRuns.safeParse({ jobName: JOB, profile: 'prod; rm -rf' }).success).toBe(false);
    expect(AWS_ARG_SCHEMAS.glueRuns.safeParse({ jobName: JOB, profile: 'prod', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566' }).success).toBe(true);
  });
});
