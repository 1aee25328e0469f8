// Builds small JobRuns by hand for the analysis tests: only what each test states matters.
import { emptyTaskMetrics, type JobRun, type StageAttempt, type Task, type TaskMetrics } from '../engine/model/job-run.js';

export const T0 = 1_700_000_000_000;

export function run(parts: Partial<JobRun> = {}): JobRun {
  return {
    id: 'test-app',
    source: { kind: 'event-log', path: 'test' },
    application: { id: 'test-app', name: 'test', attempts: [{ startTime: T0, endTime: -1, lastUpdated: T0, duration: 0, sparkUser: 't', completed: false, appSparkVersion: '3.3.0' }] },
    environment: { sparkProperties: {}, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} },
    jobs: [],
    stages: [],
    tasks: [],
    executors: [],
    memory: [],
    hotKeys: [],
    warnings: [],
    ...parts,
  };
}

export function stage(stageId: number, numTasks: number, extra: Partial<StageAttempt> = {}): StageAttempt {
  return {
    stageId,
    attemptId: 0,
    name: `stage ${stageId}`,
    details: '',
    numTasks,
    status: 'COMPLETE',
    submissionTime: T0,
    schedulingPool: 'default',
    rddIds: [],
    parentIds: [],
    jobIds: [0],
    resourceProfileId: 0,
    executorPeaks: {},
    accumulatorUpdates: [],
    ...extra,
  };
}

let nextId = 0;
export function task(stageId: number, index: number, durationMs: number | 'running', extra: Partial<Task> & { m?: Partial<TaskMetrics> } = {}): Task {
  const { m, ...rest } = extra;
  const launch = rest.launchTime ?? T0;
  return {
    taskId: nextId++,
    index,
    attempt: 0,
    partitionId: index,
    stageId,
    stageAttemptId: 0,
    launchTime: launch,
    finishTime: durationMs === 'running' ? 0 : launch + durationMs,
    gettingResultTime: 0,
    executorId: '1',
    host: 'h1',
    status: durationMs === 'running' ? 'RUNNING' : 'SUCCESS',
    taskLocality: 'PROCESS_LOCAL',
    speculative: false,
    metrics: durationMs === 'running' ? undefined : { ...emptyTaskMetrics(), ...m },
    ...rest,
  };
}
