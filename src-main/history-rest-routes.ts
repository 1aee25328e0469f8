// Spark History Server REST API v1 under /api/v1, answered from loaded JobRuns with the same JSON.
// Unknown things answer 404 and bad parameters 400, each with a plain message as Spark does.
import type { JobRun, JobStatus, StageStatus, TaskStatus } from '../engine/model/job-run.js';
import { applicationInfo, applicationList } from '../engine/model/spark-rest/application-info.js';
import { jobData } from '../engine/model/spark-rest/job-data.js';
import { executorList } from '../engine/model/spark-rest/executor-summary.js';
import { stageData } from '../engine/model/spark-rest/stage-data.js';
import { parseTaskSorting, stageAttempts, stageList, taskList } from '../engine/model/spark-rest/stage-list.js';
import { taskMetricDistributions } from '../engine/model/spark-rest/task-summary.js';
import { tasksOf } from '../engine/model/spark-rest/run-index.js';
import { parseQuantiles, STAGE_SUMMARY_QUANTILES, TASK_SUMMARY_QUANTILES } from '../engine/model/quantiles.js';
import { sendJson, sendText, type SkewscopeHttpServer } from './http-server.js';

/** Where the routes get the runs to serve; called per request, so newly opened runs show up. */
export type RunProvider = () => readonly JobRun[];

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (message: string) => new HttpProblem(404, message);
const badParameter = (param: string, expected: string, got: string) =>
  new HttpProblem(400, `Bad value for parameter "${param}".  Expected a ${expected}, got "${got}"`);

const APP_RESOURCES = new Set(['jobs', 'stages', 'executors', 'allexecutors']);
/** Spark's other per-application resources (docs/rest-api.md says why they are not served). */
const NOT_SERVED_RESOURCES = new Set(['storage', 'environment', 'logs', 'streaming', 'sql', 'processes']);
const STAGE_STATUSES: StageStatus[] = ['ACTIVE', 'COMPLETE', 'FAILED', 'PENDING', 'SKIPPED'];
const TASK_STATUSES: TaskStatus[] = ['RUNNING', 'KILLED', 'FAILED', 'SUCCESS', 'UNKNOWN'];
const JOB_STATUSES: JobStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'UNKNOWN'];

export function registerHistoryRestRoutes(server: SkewscopeHttpServer, runs: RunProvider): void {
  server.route('/api/v1', ({ req, res, url, rest }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'The REST API is read-only: use GET.');
    try {
      sendJson(res, 200, answer(runs(), rest.split('/').filter((p) => p !== ''), url.searchParams));
    } catch (e) {
      if (!(e instanceof HttpProblem)) throw e;
      sendText(res, e.status, e.message);
    }
  });
}

function answer(all: readonly JobRun[], parts: string[], q: URLSearchParams): unknown {
  if (parts[0] !== 'applications') throw notFound(`Unknown path: /api/v1/${parts.join('/')}`);
  if (parts.length === 1) return listApplications(all, q);
  const appId = parts[1];
  const appRuns = all.filter((r) => r.application.id === appId);
  if (appRuns.length === 0) throw notFound(`no such app: ${appId}`);
  let next = 2;
  let run: JobRun;
  if (parts.length > 2 && !APP_RESOURCES.has(parts[2])) {
    const attemptId = parts[2];
    const found = appRuns.find((r) => r.attemptId === attemptId);
    if (!found && NOT_SERVED_RESOURCES.has(attemptId)) {
      throw notFound(`Unknown path: Skewscope does not serve ${attemptId} (see docs/rest-api.md)`);
    }
    if (!found) throw notFound(`unknown app attempt: ${appId}/${attemptId}`);
    run = found;
    next = 3;
    if (parts.length === 3) return applicationInfo([run]).attempts[0];
  } else {
    if (parts.length === 2) return applicationInfo(appRuns);
    // Without an attempt id, the latest attempt (Spark's UI links do the same).
    run = appRuns.reduce((a, b) => (b.application.attempts[0].startTime > a.application.attempts[0].startTime ? b : a));
  }
  return appResource(run, parts.slice(next), q);
}

function listApplications(all: readonly JobRun[], q: URLSearchParams): unknown {
  let apps = applicationList([...all]);
  const status = q.get('status')?.toLowerCase();
  if (status !== undefined) {
    if (status !== 'completed' && status !== 'running') throw badParameter('status', 'ApplicationStatus', status);
    apps = apps.filter((a) => a.attempts.some((x) => x.completed === (status === 'completed')));
  }
  const limit = q.get('limit');
  if (limit !== null) apps = apps.slice(0, intParam(q, 'limit', 0));
  return apps;
}

function appResource(run: JobRun, parts: string[], q: URLSearchParams): unknown {
  const [resource, id, attempt, leaf, ...extra] = parts;
  const unknownPath = () => notFound(`Unknown path: ${parts.join('/')}`);
  switch (resource) {
    case 'executors':
    case 'allexecutors':
      if (id !== undefined) throw unknownPath();
      return executorList(run, resource === 'executors');
    case 'jobs': {
      if (id === undefined) {
        const statuses = enumParams(q, 'status', JOB_STATUSES);
        return run.jobs
          .filter((j) => statuses.length === 0 || statuses.includes(j.status))
          .sort((a, b) => b.jobId - a.jobId)
          .map((j) => jobData(run, j));
      }
      if (attempt !== undefined || !/^\d+$/.test(id)) throw unknownPath();
      const job = run.jobs.find((j) => j.jobId === Number(id));
      if (!job) throw notFound(`unknown job: ${id}`);
      return jobData(run, job);
    }
    case 'stages':
      if (extra.length > 0) throw unknownPath();
      return stagesResource(run, id, attempt, leaf, q);
    default:
      throw unknownPath();
  }
}

function stagesResource(run: JobRun, id: string | undefined, attempt: string | undefined, leaf: string | undefined, q: URLSearchParams): unknown {
  const taskStatus = enumParams(q, 'taskStatus', TASK_STATUSES);
  const withSummaries = boolParam(q, 'withSummaries', false);
  const quantiles = quantileParam(q, STAGE_SUMMARY_QUANTILES);
  if (id === undefined) {
    const statuses = enumParams(q, 'status', STAGE_STATUSES);
    return stageList(run, statuses, { details: boolParam(q, 'details', false), taskStatus, withSummaries, quantiles });
  }
  if (!/^\d+$/.test(id)) throw notFound(`Unknown path: stages/${id}`);
  const attempts = stageAttempts(run, Number(id));
  if (attempts.length === 0) throw notFound(`unknown stage: ${id}`);
  const opts = { details: boolParam(q, 'details', true), taskStatus, withSummaries, quantiles };
  if (attempt === undefined) return attempts.map((s) => stageData(run, s, opts));
  const stage = /^\d+$/.test(attempt) ? attempts.find((s) => s.attemptId === Number(attempt)) : undefined;
  if (!stage) throw notFound(`unknown attempt for stage ${id}.  Found attempts: [${attempts.map((s) => s.attemptId).join(',')}]`);
  if (leaf === undefined) return stageData(run, stage, opts);
  if (leaf === 'taskSummary') {
    const summary = taskMetricDistributions(tasksOf(run, stage), quantileParam(q, TASK_SUMMARY_QUANTILES));
    if (!summary) throw notFound(`No tasks reported metrics for ${id} / ${attempt} yet.`);
    return summary;
  }
  if (leaf === 'taskList') {
    const sortText = q.get('sortBy') ?? 'ID';
    const sortBy = parseTaskSorting(sortText);
    if (!sortBy) throw badParameter('sortBy', 'TaskSorting (ID, runtime, -runtime)', sortText);
    return taskList(run, stage, {
      offset: intParam(q, 'offset', 0),
      length: intParam(q, 'length', 20),
      sortBy,
      statuses: enumParams(q, 'status', TASK_STATUSES),
    });
  }
  throw notFound(`Unknown path: stages/${id}/${attempt}/${leaf}`);
}

function intParam(q: URLSearchParams, name: string, dflt: number): number {
  const v = q.get(name);
  if (v === null) return dflt;
  if (!/^-?\d+$/.test(v.trim())) throw badParameter(name, 'int', v);
  return Math.max(0, Number(v));
}

function boolParam(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  const lower = v.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw badParameter(name, 'boolean', v);
  return lower === 'true';
}

function enumParams<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  return q.getAll(name).flatMap((v) =>
    v.split(',').map((part) => {
      const upper = part.trim().toUpperCase() as T;
      if (!allowed.includes(upper)) throw badParameter(name, `one of ${allowed.join(', ')}`, part);
      return upper;
    }),
  );
}

function quantileParam(q: URLSearchParams, dflt: readonly number[]): readonly number[] {
  const text = q.get('quantiles');
  if (text === null) return dflt;
  const parsed = parseQuantiles(text);
  if ('bad' in parsed) throw badParameter('quantiles', 'double', parsed.bad);
  return parsed.quantiles;
}
