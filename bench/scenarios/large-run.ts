// A 100k-task JobRun built directly in memory (no log): the size the Findings view and the replay
// scrubber must stay fast on. 200 stages × 500 tasks over 50 executors, each task with metrics and
// a task-end heap peak.
import { emptyTaskMetrics, type Executor, type JobRun, type StageAttempt, type Task } from '../../engine/model/job-run.js';

export function largeRun(stagesN = 200, tasksPerStage = 500, executorsN = 50): JobRun {
  const T0 = 1_700_000_000_000;
  const tasks: Task[] = [];
  const stages: StageAttempt[] = [];
  let id = 0;
  for (let s = 0; s < stagesN; s++) {
    const start = T0 + s * 60_000;
    stages.push({ stageId: s, attemptId: 0, name: `stage ${s}`, details: '', numTasks: tasksPerStage, status: 'COMPLETE', submissionTime: start, completionTime: start + 59_000, schedulingPool: 'default', rddIds: [], parentIds: [], jobIds: [0], resourceProfileId: 0, executorPeaks: {}, accumulatorUpdates: [] });
    for (let i = 0; i < tasksPerStage; i++) {
      const launch = start + (i % 50) * 1000;
      tasks.push({
        taskId: id++, index: i, attempt: 0, partitionId: i, stageId: s, stageAttemptId: 0, launchTime: launch,
        finishTime: launch + 1000 + ((i * 7919) % 997), gettingResultTime: 0, executorId: String(1 + (i % executorsN)), host: `h${i % executorsN}`,
        status: 'SUCCESS', taskLocality: 'PROCESS_LOCAL', speculative: false,
        metrics: { ...emptyTaskMetrics(), executorRunTime: 1000, inputBytes: 100_000_000 + ((i * 31) % 1000) * 10_000, shuffleRemoteBytesRead: 50_000_000, shuffleReadRecords: 400_000 },
        executorPeaks: { JVMHeapMemory: 1_000_000_000 + (i % 13) * 10_000_000 },
      });
    }
  }
  const executors: Executor[] = Array.from({ length: executorsN }, (_, i) => ({
    id: String(i + 1), host: `h${i}`, hostPort: `h${i}:1`, totalCores: 4, addTime: T0, maxMemory: 2e9, executorLogs: {}, attributes: {}, resources: {}, resourceProfileId: 0, isExcluded: false, excludedInStages: [],
  }));
  return {
    id: 'large', source: { kind: 'event-log', path: 'memory' },
    application: { id: 'large', name: 'large', attempts: [{ startTime: T0, endTime: T0 + stagesN * 60_000, lastUpdated: T0 + stagesN * 60_000, duration: stagesN * 60_000, sparkUser: 'bench', completed: true, appSparkVersion: '3.3.0' }] },
    environment: { sparkProperties: { 'spark.executor.memory': '4g' }, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} },
    jobs: [], stages, tasks, executors, memory: [], hotKeys: [], warnings: [],
  };
}
