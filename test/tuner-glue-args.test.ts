// The Tuner panel's Glue runner choice behind the app API: the dispatcher's zod check names the
// wrong field (and refuses anything that is not a setting, such as keys), and the tuner service
// hands the settings to the Glue runner, whose dry run lists the API calls in the panel's state.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src-main/api-dispatch.js';
import type { AppApi } from '../engine/views/contract.js';
import { TunerService } from '../engine/tuner/tuner-service.js';
import type { TunerEvent, TunerGlueArgs } from '../engine/tuner/tuner-api.js';

const GLUE: TunerGlueArgs = {
  jobName: 'badge-trials',
  roleArn: 'arn:aws:iam::123456789012:role/GlueTrials',
  scriptLocation: 's3://scripts/skewscope/badge.py',
  lake: 's3://lake/demo',
  profile: 'glue-user',
  region: 'eu-west-1',
};

/** Records what reached the service. */
function recordingApi() {
  const calls: unknown[] = [];
  const api = { tunerStart: async (a: unknown) => (calls.push(a), { ok: true }), tunerTrial: async (a: unknown) => (calls.push(a), { ok: true }) } as unknown as AppApi;
  return { api, calls };
}

async function rejection(glue: Record<string, unknown>, method: 'tunerStart' | 'tunerTrial' = 'tunerStart'): Promise<string> {
  const { api, calls } = recordingApi();
  const r = await dispatch(api, method, { maxRuns: 3, glue, ...(method === 'tunerTrial' ? { boundedFiles: 10 } : {}) });
  expect(calls).toHaveLength(0);
  expect(r.ok).toBe(false);
  return r.ok ? '' : `${r.status} ${r.message}`;
}

describe('dispatcher: the Glue runner fields', () => {
  it('passes valid settings through unchanged', async () => {
    const { api, calls } = recordingApi();
    const glue = { ...GLUE, workerType: 'G.2X', workers: 5, glueVersion: '4.0', eventLogsPath: 's3://logs/spark/', pollSeconds: 15, endpointUrl: 'http://127.0.0.1:4566', dryRun: true };
    expect(await dispatch(api, 'tunerStart', { glue })).toEqual({ ok: true, value: { ok: true } });
    expect(await dispatch(api, 'tunerTrial', { glue, boundedFiles: 7 })).toMatchObject({ ok: true });
    expect(calls).toEqual([{ glue }, { glue, boundedFiles: 7 }]);
  });

  it('names the missing or wrong field and what to put there', async () => {
    const { roleArn: _r, ...noRole } = GLUE;
    expect(await rejection(noRole)).toBe('400 Bad arguments for tunerStart: glue.roleArn: required: the IAM role Glue runs the job as');
    expect(await rejection({ ...GLUE, roleArn: 'GlueTrials' })).toBe('400 Bad arguments for tunerStart: glue.roleArn: an IAM role ARN such as arn:aws:iam::123456789012:role/GlueTrials');
    expect(await rejection({ ...GLUE, scriptLocation: '/tmp/job.py' }, 'tunerTrial')).toBe('400 Bad arguments for tunerTrial: glue.scriptLocation: where the script goes, s3://bucket/key.py');
    expect(await rejection({ ...GLUE, lake: '/data/lake' })).toMatch(/glue\.lake: the lake root on S3 \(Glue reads from S3\), an s3:\/\/ URI$/);
    expect(await rejection({ ...GLUE, workers: 1 })).toMatch(/glue\.workers: at least 2 workers$/);
    expect(await rejection({ ...GLUE, workerType: 'huge' })).toMatch(/glue\.workerType: /);
    expect(await rejection({ ...GLUE, pollSeconds: 0 })).toMatch(/glue\.pollSeconds: a positive number of seconds$/);
    expect(await rejection({ ...GLUE, region: 'EU West' })).toMatch(/glue\.region: a region such as eu-west-1$/);
    expect(await rejection({ ...GLUE, endpointUrl: 'not a url' })).toMatch(/glue\.endpointUrl: /);
  });

  it('refuses credentials: only a profile name crosses the transport', async () => {
    expect(await rejection({ ...GLUE, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' })).toMatch(/^400 Bad arguments for tunerStart: glue: .*secretAccessKey/);
    expect(await rejection({ ...GLUE, profile: 'AKIA… wJalr/secret' })).toMatch(/glue\.profile: a profile name$/);
  });
});

describe('tuner service on the Glue runner', () => {
  // A dry run makes no AWS call and lists no lake, so no stand-in is needed; the endpoint is never dialled.
  process.env.SKEWSCOPE_HOME = mkdtempSync(join(tmpdir(), 'skewscope-tuner-glue-'));
  const glue = { ...GLUE, endpointUrl: 'http://127.0.0.1:9', workers: 3, dryRun: true };

  it('Auto-tune in dry run shows the calls of the first trial, built from the panel\'s settings', async () => {
    const events: TunerEvent[] = [];
    const service = new TunerService({ emit: (e) => events.push(e) });
    const state = await service.tunerStart({ glue, initialFiles: 40 });
    expect(state).toMatchObject({ status: 'done', runner: 'glue', dryRun: true, runs: [] });
    expect(state.glueLog!.map((l) => l.split(' ')[0])).toEqual(['s3:PutObject', 'glue:GetJob', 'glue:CreateJob', 'glue:StartJobRun', 'then', 'if']);
    expect(state.glueLog!.find((l) => l.startsWith('s3:PutObject'))).toContain('"Bucket":"scripts","Key":"skewscope/badge.py"');
    const create = state.glueLog!.find((l) => l.startsWith('glue:CreateJob'))!;
    expect(create).toContain('"Name":"badge-trials","Role":"arn:aws:iam::123456789012:role/GlueTrials"');
    expect(create).toContain('"NumberOfWorkers":3');
    expect(state.glueLog!.find((l) => l.startsWith('glue:StartJobRun'))).toContain('"--skewscope_bound_kind":"files","--skewscope_bound_value":"40"');
    expect(events.at(-1)).toEqual({ type: 'tuner', state });
  });

  it('"Run at this bound" in dry run uses the slider\'s bound', async () => {
    const service = new TunerService({ emit: () => undefined });
    const state = await service.tunerTrial({ glue, boundedFiles: 7 });
    expect(state.status).toBe('done');
    expect(state.glueLog!.find((l) => l.startsWith('glue:StartJobRun'))).toContain('"--skewscope_bound_value":"7"');
  });
});
