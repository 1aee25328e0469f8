// Findings about failures: failed jobs (and the task that exhausted spark.task.maxFailures),
// executor and driver OOMs, lost executors, fetch failures, bad input, timeouts, other errors.
import type { FindingContext } from './diagnose.js';
import type { FailureCause } from './failure-cause.js';
import type { ScoredFinding } from './findings.js';
import { effectiveMaxFailures, type JobFailureRecord, type TaskFailureRecord } from './failures.js';
import { driverOomFinding } from './findings-driver.js';
import { fmtList, fmtMs, plural } from './units.js';
import { compareIds } from './straggler-executors.js';

const CAUSE_TEXT: Record<FailureCause, string> = {
  'driver-oom': 'driver out of memory',
  'executor-oom': 'executor out of memory',
  'executor-lost': 'executor lost',
  'fetch-failure': 'shuffle fetch failure',
  'malformed-data': 'malformed input data',
  timeout: 'timeout',
  killed: 'killed by Spark',
  other: 'task error',
};

export function failureFindings(ctx: FindingContext): ScoredFinding[] {
  const out: ScoredFinding[] = [];
  for (const j of ctx.failures.jobs) out.push(jobFinding(ctx, j));
  const oom = executorOomFinding(ctx);
  if (oom) out.push(oom);
  const driver = driverOomFinding(ctx);
  if (driver) out.push(driver);
  const lost = executorLostFinding(ctx);
  if (lost) out.push(lost);
  for (const cause of ['fetch-failure', 'malformed-data', 'timeout', 'other'] as const) {
    const f = taskCauseFinding(ctx, cause);
    if (f) out.push(f);
  }
  const spec = speculationKilledFinding(ctx);
  if (spec) out.push(spec);
  return out;
}

function relative(ctx: FindingContext, t: number): string {
  const start = ctx.run.application.attempts[0]?.startTime;
  return start ? `${fmtMs(t - start)} into the run` : new Date(t).toISOString();
}

function jobFinding(ctx: FindingContext, j: JobFailureRecord): ScoredFinding {
  const cancelled = /cancel|SparkContext was shut down|killed/i.test(j.message) && !j.exhaustedTask;
  if (cancelled) {
    return {
      id: `job-cancelled:${j.jobId}`,
      title: `Job ${j.jobId} was cancelled: ${j.message}`,
      severity: 'info',
      rule: 'job-result',
      evidence: { metrics: { jobId: j.jobId } },
      recommendation: 'Nothing failed inside the job; it was stopped from outside (application shutdown or a user cancel). If the shutdown was not intended, look at why the driver stopped.',
      score: 10,
    };
  }
  const ex = j.exhaustedTask;
  const attempts = ex ? ctx.failures.tasks.filter((t) => t.stageId === ex.stageId && t.stageAttemptId === ex.stageAttemptId && t.index === ex.index) : [];
  const executorIds = [...new Set(attempts.map((a) => a.executorId))].sort(compareIds);
  const limit = effectiveMaxFailures(ctx.run, ctx.settings);
  const title = ex
    ? `Job ${j.jobId} failed: task ${ex.index} of stage ${ex.stageId} failed ${plural(ex.failures, 'time')} (spark.task.maxFailures = ${limit.value}${limit.why}), cause: ${CAUSE_TEXT[j.cause]}`
    : `Job ${j.jobId} failed (${CAUSE_TEXT[j.cause]}): ${j.message}`;
  return {
    id: `job-failed:${j.jobId}`,
    title,
    severity: 'critical',
    rule: ex ? 'spark.task.maxFailures' : 'job-result',
    evidence: {
      stageIds: ex ? [ex.stageId] : undefined,
      taskIds: attempts.length ? attempts.map((a) => a.taskId) : undefined,
      executorIds: executorIds.length ? executorIds : undefined,
      metrics: { jobId: j.jobId, cause: j.cause, ...(ex ? { failures: ex.failures, index: ex.index } : {}) },
    },
    recommendation: `${jobAdvice(j.cause, executorIds)}${firstFailureText(ctx)}`,
    score: 1000,
  };
}

function firstFailureText(ctx: FindingContext): string {
  const f = ctx.failures.first;
  if (!f) return '';
  const where = [f.executorId !== undefined ? `executor ${f.executorId}${f.host ? ` (${f.host})` : ''}` : '', f.stageId !== undefined ? `stage ${f.stageId}` : '']
    .filter((x) => x)
    .join(', ');
  return ` First failure: ${relative(ctx, f.time)}${where ? ` on ${where}` : ''}: ${f.message}`;
}

function jobAdvice(cause: FailureCause, executors: string[]): string {
  const where = executors.length > 1 ? ` on ${executors.length} different executors (${fmtList(executors)})` : '';
  switch (cause) {
    case 'executor-oom':
      return `Every attempt ran out of memory${where}: the partition is too big for one task's share of the heap, so retrying elsewhere cannot help. Split the work: raise spark.sql.shuffle.partitions or repartition on a better-spread key, salt a hot join key, or bound the input per run (boundedFiles). More spark.executor.memory, or fewer spark.executor.cores so fewer tasks share a heap, only buys headroom.`;
    case 'driver-oom':
      return 'The driver ran out of memory: stop pulling data to it (collect, toPandas, large broadcasts), bound what it lists (boundedFiles), or raise spark.driver.memory.';
    case 'malformed-data':
      return 'The input has records the job cannot parse, and every retry meets the same record. Read with mode=PERMISSIVE and columnNameOfCorruptRecord (or badRecordsPath on Databricks/Glue) to set them aside, then fix them at the source.';
    case 'fetch-failure':
      return 'Shuffle output was lost before it was read, usually with its executor. Fix what killed the executors first; an external shuffle service (spark.shuffle.service.enabled=true) keeps shuffle files alive when executors die.';
    case 'timeout':
      return 'A timeout failed the job. Long GC pauses are the usual reason a healthy executor stops answering: check GC time, then consider spark.network.timeout.';
    case 'executor-lost':
      return `The task's executors kept dying${where}. Read the cluster manager's container logs for the exit reason; if they were killed for memory, give the executors more memory overhead (spark.executor.memoryOverhead).`;
    default:
      return `A task failed the same way ${'every time'}${where}: a deterministic error in the job's code or data. Retries cannot help; fix the error in the first attempt's message.`;
  }
}

function executorOomFinding(ctx: FindingContext): ScoredFinding | undefined {
  const tasks = ctx.failures.tasks.filter((t) => t.cause === 'executor-oom');
  const losses = ctx.failures.executors.filter((e) => e.cause === 'executor-oom');
  if (tasks.length === 0 && losses.length === 0) return undefined;
  const execs = [...new Set([...tasks.map((t) => t.executorId), ...losses.map((e) => e.executorId)])].sort(compareIds);
  const firstT = Math.min(...tasks.map((t) => t.time), ...losses.map((e) => e.time));
  const stageIds = [...new Set(tasks.map((t) => t.stageId))].sort((a, b) => a - b);
  const texts = [...tasks.map((t) => t.message), ...losses.map((e) => e.message)].join('\n');
  const container = /exceeding (?:physical )?memory limits|exit (?:code|status):? ?(?:137|143|-104)|Container killed/i.test(texts);
  const warnings = ctx.oomRisk.filter((r) => execs.includes(r.executorId) && r.earliestWarningAt !== undefined);
  const lead = warnings.length > 0 ? Math.max(...warnings.map((w) => firstT - (w.earliestWarningAt as number))) : undefined;
  const skewed = ctx.skew.filter((s) => s.skewed && stageIds.includes(s.stageId));
  const parts: string[] = [];
  if (skewed.length > 0) {
    parts.push(`It happened in skewed stage${skewed.length > 1 ? 's' : ''} ${fmtList(skewed.map((s) => s.stageId))}: fix the skew first (see that finding); the executor that got the heavy partition is the one that died.`);
  }
  if (container) {
    parts.push('The cluster manager killed the container for exceeding its memory: that is off-heap use (shuffle buffers, Python workers, native libraries), so raise spark.executor.memoryOverhead (default max(384 MB, 10 % of executor memory)) before the heap.');
  } else {
    parts.push('The JVM heap itself filled: give each task more heap (raise spark.executor.memory or lower spark.executor.cores), or less data per task (more shuffle partitions, a bounded input).');
  }
  if (lead !== undefined && lead > 0) parts.push(`Skewscope's heap trend would have warned ${fmtMs(lead)} before the first OOM.`);
  return {
    id: 'executor-oom',
    title: `${execs.length === 1 ? `Executor ${execs[0]}` : `Executors ${fmtList(execs)}`} ran out of memory (first ${relative(ctx, firstT)}; ${plural(tasks.length, 'task attempt')} lost)`,
    severity: 'critical',
    rule: 'failure-cause:executor-oom',
    evidence: {
      executorIds: execs,
      stageIds: stageIds.length ? stageIds : undefined,
      taskIds: tasks.length ? tasks.map((t) => t.taskId) : undefined,
      metrics: { executors: execs.length, taskAttempts: tasks.length, firstAt: firstT, ...(lead !== undefined ? { warningLeadMs: lead } : {}) },
    },
    recommendation: parts.join(' '),
    score: 900,
  };
}

function executorLostFinding(ctx: FindingContext): ScoredFinding | undefined {
  const losses = ctx.failures.executors.filter((e) => e.cause !== 'executor-oom' && e.cause !== 'driver-oom');
  if (losses.length === 0) return undefined;
  const execs = losses.map((e) => e.executorId).sort(compareIds);
  const explanations = [...new Set(losses.map((e) => e.explanation).filter((x): x is string => !!x))];
  const lostTasks = ctx.failures.tasks.filter((t) => t.reason === 'ExecutorLostFailure' && execs.includes(t.executorId));
  const heartbeat = losses.some((e) => e.exitCode === 56);
  const rec = heartbeat
    ? 'The executors could not reach the driver. Look first at the driver (long GC pauses, an overloaded driver host) and the network between them; raise spark.executor.heartbeatInterval / spark.network.timeout only once that is ruled out.'
    : 'Read the cluster manager\'s logs for these containers to see why they died; if the node was lost or pre-empted, the job survives it, but each loss costs the work in flight and its shuffle output.';
  return {
    id: 'executors-lost',
    title: `${plural(losses.length, 'executor')} lost (${fmtList(execs)})${explanations.length ? `: ${explanations[0]}` : `: ${losses[0].message}`}`,
    severity: 'warning',
    rule: 'failure-cause:executor-lost',
    evidence: {
      executorIds: execs,
      taskIds: lostTasks.length ? lostTasks.map((t) => t.taskId) : undefined,
      metrics: { executorsLost: losses.length, taskAttemptsLost: lostTasks.length, ...(losses[0].exitCode !== undefined ? { exitCode: losses[0].exitCode } : {}) },
    },
    recommendation: rec,
    score: 300 + losses.length,
  };
}

const CAUSE_ADVICE: Partial<Record<FailureCause, string>> = {
  'fetch-failure': 'Fetch failures follow lost executors or overloaded shuffle servers: fix the executor losses first; an external shuffle service (spark.shuffle.service.enabled=true) keeps shuffle files when executors die.',
  'malformed-data': 'Set bad records aside instead of failing on them (mode=PERMISSIVE with columnNameOfCorruptRecord, or badRecordsPath), and fix the producer.',
  timeout: 'Timeouts usually hide long GC pauses or an overloaded driver: check GC time on the executors named; raise spark.network.timeout only after that.',
};

function taskCauseFinding(ctx: FindingContext, cause: 'fetch-failure' | 'malformed-data' | 'timeout' | 'other'): ScoredFinding | undefined {
  const tasks = ctx.failures.tasks.filter((t) => t.cause === cause);
  if (tasks.length === 0) return undefined;
  // Attempts of a task that failed a job are that job finding's evidence already.
  const jobTasks = new Set(ctx.failures.jobs.flatMap((j) => (j.exhaustedTask ? [`${j.exhaustedTask.stageId}.${j.exhaustedTask.stageAttemptId}.${j.exhaustedTask.index}`] : [])));
  if (tasks.every((t) => jobTasks.has(`${t.stageId}.${t.stageAttemptId}.${t.index}`))) return undefined;
  const execs = [...new Set(tasks.map((t) => t.executorId))].sort(compareIds);
  const stageIds = [...new Set(tasks.map((t) => t.stageId))].sort((a, b) => a - b);
  const top = topMessage(tasks);
  const jobFailed = ctx.failures.jobs.some((j) => j.cause === cause && !/cancel/i.test(j.message));
  const first = tasks.reduce((a, b) => (b.time < a.time ? b : a));
  const spread = execs.length === 1 ? `all on executor ${execs[0]}` : `on ${plural(execs.length, 'executor')} (${fmtList(execs)})`;
  const flagged = new Set(ctx.stragglerExecutors.flagged.map((e) => e.executorId));
  const advice =
    CAUSE_ADVICE[cause] ??
    (execs.every((e) => flagged.has(e)) && ctx.stragglerExecutors.executors.length > execs.length
      ? `Only ${execs.length === 1 ? `executor ${execs[0]}` : `executors ${fmtList(execs)}`} failed this way while others ran the same stage cleanly: suspect ${execs.length === 1 ? 'that executor' : 'those executors'} or their host rather than the code (see the executor finding${execs.length === 1 ? '' : 's'}).`
      : execs.length === 1 && ctx.stragglerExecutors.executors.length > 1
      ? `Only executor ${execs[0]} failed this way while others ran the same stage: suspect the executor or its host rather than the code, and let Spark exclude it (spark.excludeOnFailure.enabled=true; spark.blacklist.enabled before 3.1).`
      : 'The same error on different executors points at the code or the data: read the first attempt\'s stack trace.');
  return {
    id: `task-failures:${cause}`,
    title: `${plural(tasks.length, 'task attempt')} failed with ${CAUSE_TEXT[cause]}, ${spread}: ${top}`,
    severity: jobFailed || cause !== 'other' ? 'warning' : tasks.length >= 3 ? 'warning' : 'info',
    rule: `failure-cause:${cause}`,
    evidence: {
      executorIds: execs,
      stageIds,
      taskIds: tasks.map((t) => t.taskId).sort((a, b) => a - b),
      metrics: { attempts: tasks.length, firstAt: first.time, firstTaskId: first.taskId, firstExecutorId: first.executorId },
    },
    recommendation: `First seen ${relative(ctx, first.time)} on executor ${first.executorId} (${first.host}), stage ${first.stageId}. ${advice}`,
    score: 200 + tasks.length,
  };
}

function topMessage(tasks: TaskFailureRecord[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.message, (counts.get(t.message) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

function speculationKilledFinding(ctx: FindingContext): ScoredFinding | undefined {
  const killed = ctx.failures.tasks.filter((t) => t.cause === 'killed' && /another attempt succeeded/i.test(t.message));
  if (killed.length === 0) return undefined;
  return {
    id: 'speculation-killed',
    title: `${plural(killed.length, 'task attempt')} killed because another attempt of the same task finished first (speculation)`,
    severity: 'info',
    rule: 'spark-speculation',
    evidence: {
      taskIds: killed.map((t) => t.taskId),
      stageIds: [...new Set(killed.map((t) => t.stageId))],
      executorIds: [...new Set(killed.map((t) => t.executorId))].sort(compareIds),
    },
    recommendation: 'Speculation is on and did its job: a slow copy lost the race. Not a failure; if it happens a lot, the stragglers it works around are worth fixing at their cause.',
    score: 5,
  };
}
