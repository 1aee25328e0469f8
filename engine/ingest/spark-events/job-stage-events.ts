// Job and stage events, with AppStatusListener's rules: stages listed at job start exist as
// PENDING, and those still pending when their job ends become SKIPPED.
import type { Job, StageAttempt } from '../../model/job-run.js';
import { isJson, type Json } from './event-fields.js';
import type { FoldState } from './fold-state.js';

export function onJobStart(s: FoldState, e: Json): void {
  const f = s.f;
  const jobId = f.num(e, 'Job ID');
  if (jobId === undefined) return;
  const submission = f.num(e, 'Submission Time');
  s.tick(submission);
  const props = f.strMap(e, 'Properties');
  const infos = (f.arr(e, 'Stage Infos') ?? []).filter(isJson);
  let lastStage: StageAttempt | undefined;
  let numTasks = 0;
  const stageIds: number[] = [];
  for (const info of infos) {
    const stage = s.stageFromInfo(info);
    if (!stage) continue;
    stageIds.push(stage.stageId);
    if (!stage.jobIds.includes(jobId)) stage.jobIds.push(jobId);
    if (f.num(info, 'Completion Time') === undefined) numTasks += stage.numTasks;
    if (!lastStage || stage.stageId > lastStage.stageId) lastStage = stage;
  }
  const listed = f.arr(e, 'Stage IDs');
  const job: Job = {
    jobId,
    name: lastStage?.name ?? '',
    stageIds: listed ? listed.filter((x): x is number => typeof x === 'number') : stageIds,
    jobTags: (props['spark.job.tags'] ?? '').split(',').filter((t) => t !== ''),
    status: 'RUNNING',
    numTasks,
  };
  if (submission !== undefined && submission > 0) job.submissionTime = submission;
  if (props['spark.job.description'] !== undefined) job.description = props['spark.job.description'];
  if (props['spark.jobGroup.id'] !== undefined) job.jobGroup = props['spark.jobGroup.id'];
  const sqlId = Number(props['spark.sql.execution.id']);
  if (props['spark.sql.execution.id'] !== undefined && Number.isFinite(sqlId)) job.sqlExecutionId = sqlId;
  s.jobs.set(jobId, job);
}

export function onJobEnd(s: FoldState, e: Json): void {
  const f = s.f;
  const jobId = f.num(e, 'Job ID');
  const job = jobId === undefined ? undefined : s.jobs.get(jobId);
  if (!job) return;
  const completion = f.num(e, 'Completion Time');
  s.tick(completion);
  if (completion !== undefined && completion > 0) job.completionTime = completion;
  const result = f.obj(e, 'Job Result');
  if (result && f.str(result, 'Result') === 'JobFailed') {
    job.status = 'FAILED';
    const ex = f.obj(result, 'Exception');
    const message = ex && f.str(ex, 'Message');
    if (message !== undefined) job.failureReason = message;
  } else {
    job.status = 'SUCCEEDED';
  }
  for (const stage of s.stages.values()) {
    if (stage.status === 'PENDING' && job.stageIds.includes(stage.stageId)) stage.status = 'SKIPPED';
  }
}

export function onStageSubmitted(s: FoldState, e: Json): void {
  const f = s.f;
  const info = f.obj(e, 'Stage Info');
  const stage = info && s.stageFromInfo(info);
  if (!info || !stage) return;
  stage.status = 'ACTIVE';
  const submitted = f.num(info, 'Submission Time');
  if (submitted !== undefined) stage.submissionTime = submitted;
  s.tick(submitted);
  const props = f.strMap(e, 'Properties');
  stage.schedulingPool = props['spark.scheduler.pool'] ?? 'default';
  if (props['spark.job.description'] !== undefined) stage.description = props['spark.job.description'];
  const running = [...s.jobs.values()].filter((j) => j.status === 'RUNNING' && j.stageIds.includes(stage.stageId));
  if (running.length > 0) stage.jobIds = running.map((j) => j.jobId);
}

export function onStageCompleted(s: FoldState, e: Json): void {
  const f = s.f;
  const info = f.obj(e, 'Stage Info');
  const stage = info && s.stageFromInfo(info);
  if (!info || !stage) return;
  const submitted = f.num(info, 'Submission Time');
  if (submitted !== undefined) stage.submissionTime = submitted;
  const completed = f.num(info, 'Completion Time');
  if (completed !== undefined) stage.completionTime = completed;
  s.tick(completed);
  const failure = f.str(info, 'Failure Reason');
  if (failure !== undefined) stage.failureReason = failure;
  stage.status = failure !== undefined ? 'FAILED' : stage.submissionTime !== undefined ? 'COMPLETE' : 'SKIPPED';
  stage.accumulatorUpdates = [];
  for (const acc of f.arr(info, 'Accumulables') ?? []) {
    if (!isJson(acc) || acc['Internal'] === true || acc['Metadata'] === 'sql') continue;
    const name = f.str(acc, 'Name');
    if (name === undefined || name.startsWith('internal.metrics.')) continue;
    stage.accumulatorUpdates.push({ id: f.num(acc, 'ID') ?? -1, name, value: String(acc['Value'] ?? '') });
  }
  // Spark lifts a stage's exclusions from executors once the stage is over.
  for (const id of stage.excludedExecutors ?? []) {
    const x = s.executors.get(id);
    if (x) x.excludedInStages = x.excludedInStages.filter((st) => st !== stage.stageId);
  }
}

export function onSpeculativeTaskSubmitted(s: FoldState, e: Json): void {
  const stage = s.stage(s.f.num(e, 'Stage ID') ?? -1, s.f.num(e, 'Stage Attempt ID') ?? 0);
  if (stage) stage.speculativeTasksSubmitted = (stage.speculativeTasksSubmitted ?? 0) + 1;
}
