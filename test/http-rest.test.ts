// The HTTP transport and the /api/v1 routes over the real fixtures: paths, parameters, errors
// answered like Spark (plain message, right status, no stack), and the access token.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Serving } from '../src-main/serve.js';
import { isLoopbackHost, sendText, startHttpServer } from '../src-main/http-server.js';

const EVENTS = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
let serving: Serving;
const get = (path: string, init?: RequestInit) => fetch(`${serving.server.url}${path}`, init);
const app = '/api/v1/applications/local-1422981780767';

beforeAll(async () => {
  serving = await startServe({ eventLogs: EVENTS, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await serving?.server.close();
});

async function expectPlain(path: string, status: number, message: RegExp): Promise<void> {
  const res = await get(path);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(text).toMatch(message);
  expect(text).not.toMatch(/\n\s+at /);
}

describe('/api/v1 paths', () => {
  it('lists applications with their attempts, and answers one application and one attempt', async () => {
    const apps = (await (await get('/api/v1/applications')).json()) as { id: string; attempts: { attemptId?: string }[] }[];
    expect(apps.map((a) => a.id)).toContain('local-1422981780767');
    const yarn = apps.find((a) => a.id === 'application_1472176676028_116806')!;
    expect(yarn.attempts.map((a) => a.attemptId)).toEqual(['1']);
    const one = await (await get(app)).json();
    expect(one).toMatchObject({ id: 'local-1422981780767', name: 'Spark shell' });
    const attempt = await (await get('/api/v1/applications/application_1472176676028_116806/1')).json();
    expect(attempt).toMatchObject({ attemptId: '1', completed: true });
    const jobs = (await (await get('/api/v1/applications/application_1472176676028_116806/1/jobs')).json()) as unknown[];
    expect(jobs.length).toBeGreaterThan(0);
  });

  it('serves active executors on executors and all of them, dead ones too, on allexecutors', async () => {
    const base = '/api/v1/applications/application_1538416563558_0014';
    const active = (await (await get(`${base}/executors`)).json()) as { id: string; isActive: boolean }[];
    const all = (await (await get(`${base}/allexecutors`)).json()) as { id: string; isActive: boolean; removeReason?: string }[];
    expect(all).toHaveLength(10);
    expect(active.every((e) => e.isActive)).toBe(true);
    expect(active).toHaveLength(2);
    expect(all.filter((e) => !e.isActive).every((e) => /Container marked as failed/.test(e.removeReason ?? ''))).toBe(true);
  });

  it('pages and sorts the task list', async () => {
    const list = (await (await get(`${app}/stages/0/0/taskList?offset=2&length=3`)).json()) as { taskId: number }[];
    expect(list.map((t) => t.taskId)).toEqual([2, 3, 4]);
    const slow = (await (await get(`${app}/stages/0/0/taskList?sortBy=-runtime&length=4`)).json()) as { taskMetrics: { executorRunTime: number } }[];
    const times = slow.map((t) => t.taskMetrics.executorRunTime);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const fast = (await (await get(`${app}/stages/0/0/taskList?sortBy=runtime&length=100`)).json()) as { taskMetrics: { executorRunTime: number } }[];
    expect(fast[0].taskMetrics.executorRunTime).toBe(Math.min(...fast.map((t) => t.taskMetrics.executorRunTime)));
  });

  it('filters stages by status and tasks by status; details and summaries on request', async () => {
    const failed = (await (await get(`${app}/stages?status=FAILED`)).json()) as { stageId: number; tasks?: unknown }[];
    expect(failed.map((s) => s.stageId)).toEqual([2]);
    expect(failed[0].tasks).toBeUndefined();
    const withTasks = (await (await get(`${app}/stages/2/0?taskStatus=FAILED`)).json()) as { tasks: Record<string, { status: string }> };
    expect(Object.keys(withTasks.tasks)).toEqual(['19']);
    const noDetails = (await (await get(`${app}/stages/2?details=false`)).json()) as { tasks?: unknown }[];
    expect(noDetails[0].tasks).toBeUndefined();
    const summary = (await (await get(`${app}/stages/0/0?withSummaries=true`)).json()) as { taskMetricsDistributions: { quantiles: number[]; executorRunTime: number[] } };
    expect(summary.taskMetricsDistributions.quantiles).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const runTimes = summary.taskMetricsDistributions.executorRunTime;
    expect(runTimes).toEqual([...runTimes].sort((a, b) => a - b));
  });
});

describe('stage summaries', () => {
  it('withSummaries adds quantiles over the executors of the stage', async () => {
    type Stage = { executorSummary: Record<string, { taskTime: number; succeededTasks: number }>; executorMetricsDistributions: Record<string, unknown> };
    const stage = (await (await get(`${app}/stages/0/0?withSummaries=true&quantiles=0,0.5,1`)).json()) as Stage;
    const only = stage.executorSummary.driver;
    expect(stage.executorMetricsDistributions).toMatchObject({
      quantiles: [0, 0.5, 1],
      taskTime: [only.taskTime, only.taskTime, only.taskTime],
      succeededTasks: [only.succeededTasks, only.succeededTasks, only.succeededTasks],
      peakMemoryMetrics: expect.objectContaining({ JVMHeapMemory: [0, 0, 0] }),
    });
  });

  it('details include the speculation summary when the stage ran speculative copies', async () => {
    const base = '/api/v1/applications/application_1628109047826_1317105';
    const stage = (await (await get(`${base}/stages/0/0`)).json()) as { speculationSummary?: Record<string, number> };
    const tasks = (await (await get(`${base}/stages/0/0/taskList?length=100`)).json()) as { speculative: boolean; status: string }[];
    const speculative = tasks.filter((t) => t.speculative);
    expect(speculative.length).toBeGreaterThan(0);
    expect(stage.speculationSummary).toEqual({
      numTasks: speculative.length,
      numActiveTasks: 0,
      numCompletedTasks: speculative.filter((t) => t.status === 'SUCCESS').length,
      numFailedTasks: speculative.filter((t) => t.status === 'FAILED').length,
      numKilledTasks: speculative.filter((t) => t.status === 'KILLED').length,
    });
    const plain = (await (await get(`${app}/stages/0/0`)).json()) as { speculationSummary?: unknown };
    expect(plain.speculationSummary).toBeUndefined();
  });
});

describe('errors, as Spark answers them', () => {
  it('404 with a plain message for unknown apps, jobs, stages and attempts', async () => {
    await expectPlain('/api/v1/applications/nope/jobs', 404, /^no such app: nope$/);
    await expectPlain(`${app}/jobs/99`, 404, /^unknown job: 99$/);
    await expectPlain(`${app}/stages/99`, 404, /^unknown stage: 99$/);
    await expectPlain(`${app}/stages/1/5`, 404, /^unknown attempt for stage 1\.  Found attempts: \[0\]$/);
    await expectPlain(`${app}/storage/rdd`, 404, /Unknown path/);
  });

  it('400 with a plain message for bad parameters', async () => {
    await expectPlain(`${app}/stages/0/0/taskSummary?quantiles=0.5,abc`, 400, /^Bad value for parameter "quantiles"\.  Expected a double, got "abc"$/);
    await expectPlain(`${app}/stages/0/0/taskList?offset=x`, 400, /parameter "offset"/);
    await expectPlain(`${app}/stages/0/0/taskList?sortBy=size`, 400, /parameter "sortBy"/);
    await expectPlain(`${app}/stages?status=done`, 400, /parameter "status"/);
    await expectPlain(`${app}/stages/1?details=maybe`, 400, /parameter "details"/);
  });

  it('is read-only', async () => {
    const res = await get('/api/v1/applications', { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('http server', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', '::', 'example.com']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('requires the access token when it has one: header, query (which sets a cookie) or cookie', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, token: 'sekret-token' });
    server.route('/hello', ({ res }) => sendText(res, 200, 'hi'));
    try {
      const denied = await fetch(`${server.url}/hello`);
      expect(denied.status).toBe(401);
      expect(await denied.text()).toMatch(/access token/);
      expect((await fetch(`${server.url}/hello`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${server.url}/hello`, { headers: { authorization: 'Bearer sekret-token' } })).status).toBe(200);
      const viaQuery = await fetch(`${server.url}/hello?token=sekret-token`);
      expect(viaQuery.status).toBe(200);
      const cookie = viaQuery.headers.get('set-cookie')!.split(';')[0];
      expect((await fetch(`${server.url}/hello`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('routes the longest matching prefix first and answers 404 for the rest', async () => {
    const server = await startHttpServer({ port: 0 });
    server.route('/a', ({ res, rest }) => sendText(res, 200, `a:${rest}`));
    server.route('/a/b', ({ res, rest }) => sendText(res, 200, `ab:${rest}`));
    try {
      expect(await (await fetch(`${server.url}/a/b/c`)).text()).toBe('ab:c');
      expect(await (await fetch(`${server.url}/a/x`)).text()).toBe('a:x');
      expect((await fetch(`${server.url}/ab`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
