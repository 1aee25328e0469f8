// Assembles the JobRun model from the folder's live entities.
import type { IngestWarning, JobRun, RunSource } from '../../model/job-run.js';
import type { FoldState } from './fold-state.js';
import type { HeapLimit } from './memory-series.js';
import { parseSparkSize } from './spark-size.js';

export function buildJobRun(
  s: FoldState,
  source: RunSource,
  hints: { appId?: string; attemptId?: string },
  warnings: IngestWarning[],
): JobRun {
  const a = s.app;
  const appId = a.id || hints.appId || source.path.split(/[\\/]/).pop() || source.path || 'unknown-application';
  const attemptId = a.attemptId || hints.attemptId;
  const startTime = a.startTime ?? firstTime(s);
  const completed = a.endTime !== undefined;
  const endTime = completed ? (a.endTime as number) : -1;
  const run: JobRun = {
    id: attemptId !== undefined ? `${appId}/${attemptId}` : appId,
    source: { ...source, eventsRead: s.eventsRead },
    application: {
      id: appId,
      name: a.name ?? appId,
      attempts: [
        {
          ...(attemptId !== undefined ? { attemptId } : {}),
          startTime,
          endTime,
          lastUpdated: completed ? endTime : s.clock,
          duration: completed ? Math.max(0, endTime - startTime) : 0,
          sparkUser: a.sparkUser ?? '',
          completed,
          appSparkVersion: a.sparkVersion ?? '',
        },
      ],
    },
    environment: s.environment,
    jobs: [...s.jobs.values()].sort((x, y) => x.jobId - y.jobId),
    stages: [...s.stages.values()].sort((x, y) => x.stageId - y.stageId || x.attemptId - y.attemptId),
    tasks: [...s.tasks.values()],
    executors: [...s.executors.values()],
    memory: s.memory.series((id) => heapLimit(s, id)),
    hotKeys: s.hotKeys.slice(),
    warnings,
  };
  if (attemptId !== undefined) run.attemptId = attemptId;
  if (a.sparkVersion !== undefined) run.sparkVersion = a.sparkVersion;
  return run;
}

function firstTime(s: FoldState): number {
  let t = Infinity;
  for (const task of s.tasks.values()) if (task.launchTime > 0 && task.launchTime < t) t = task.launchTime;
  return Number.isFinite(t) ? t : 0;
}

function heapLimit(s: FoldState, executorId: string): HeapLimit {
  const setting = executorId === 'driver' ? 'spark.driver.memory' : 'spark.executor.memory';
  const text = s.environment.sparkProperties[setting];
  const bytes = text !== undefined ? parseSparkSize(text) : undefined;
  if (bytes !== undefined) return { limitBytes: bytes, limitSource: setting };
  const blockManagerMax = s.executors.get(executorId)?.maxMemory;
  if (blockManagerMax) return { limitBytes: blockManagerMax, limitSource: 'block-manager-max' };
  return {};
}
