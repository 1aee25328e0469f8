// A generated run with a known shape (skewed stage, stragglers, a heap that climbs into an OOM and
// a lost executor). Used by the UI benchmark at scale, and as the demo while no recorded demo ships.
import { emptyTaskMetrics, type Executor, type JobRun, type MemorySeries, type StageAttempt, type Task } from '../model/job-run.js';

export interface SyntheticRunOptions {
  tasks: number;
  executors: number;
  memoryPoints: number;
  seed?: number;
  name?: string;
}

const GB = 1024 ** 3;
const MB = 1024 ** 2;

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function generateRun(o: SyntheticRunOptions): JobRun {
  const rnd = random(o.seed ?? 42);
  const start = Date.UTC(2026, 10, 20, 3, 0, 0);
  const cores = 4;
  const stageCount = Math.max(3, Math.min(40, Math.round(o.tasks / 2500)));
  const heapLimit = 10 * GB;
  const doomed = String(Math.max(1, Math.round(o.executors * 0.55)));
  const executors: Executor[] = [];
  for (let i = 0; i <= o.executors; i++) {
    const id = i === 0 ? 'driver' : String(i);
    executors.push({
      id,
      host: i === 0 ? 'ip-10-0-0-1.ec2.internal' : `ip-10-0-${Math.floor(i / 250)}-${(i % 250) + 2}.ec2.internal`,
      hostPort: '',
      totalCores: i === 0 ? 0 : cores,
      addTime: start + (i === 0 ? 0 : 4000 + Math.floor(rnd() * 3000)),
      maxMemory: Math.round(heapLimit * 0.6 * 0.5),
      executorLogs: {},
      attributes: {},
      resources: {},
      resourceProfileId: 0,
      isExcluded: false,
      excludedInStages: [],
    });
  }
  for (const e of executors) e.hostPort = `${e.host}:${e.id === 'driver' ? 35421 : 43000 + Number(e.id)}`;

  const stages: StageAttempt[] = [];
  const tasks: Task[] = [];
  const perStage = Math.ceil(o.tasks / stageCount);
  const skewedStage = Math.floor(stageCount / 2);
  const laneFree = new Array<number>(o.executors * cores).fill(start + 8000);
  let clock = start + 8000;
  let taskId = 0;
  let oomTime: number | undefined;
  for (let s = 0; s < stageCount && taskId < o.tasks; s++) {
    const n = Math.min(perStage, o.tasks - taskId);
    const base = 800 + rnd() * 4000;
    const submission = clock;
    const isShuffle = s % 2 === 1;
    for (let k = 0; k < n; k++) {
      let lane = 0;
      for (let j = 1; j < laneFree.length; j++) if (laneFree[j] < laneFree[lane]) lane = j;
      const exec = String(Math.floor(lane / cores) + 1);
      const launch = Math.max(laneFree[lane], submission) + Math.floor(rnd() * 20);
      const hot = s === skewedStage && k % 97 === 0;
      const slow = exec === doomed ? 2.5 : 1;
      const duration = Math.round(base * (0.6 + rnd() * 0.8) * slow * (hot ? 9 : 1));
      const finish = launch + duration;
      laneFree[lane] = finish + 2;
      const m = emptyTaskMetrics();
      m.executorRunTime = Math.round(duration * 0.92);
      m.executorCpuTime = m.executorRunTime * 900_000;
      m.jvmGcTime = Math.round(duration * (exec === doomed ? 0.3 : 0.04));
      m.inputBytes = isShuffle ? 0 : Math.round((60 + rnd() * 70) * MB);
      m.inputRecords = Math.round(m.inputBytes / 180);
      m.shuffleLocalBytesRead = isShuffle ? Math.round((hot ? 900 : 40 + rnd() * 50) * MB * 0.25) : 0;
      m.shuffleRemoteBytesRead = isShuffle ? Math.round((hot ? 900 : 40 + rnd() * 50) * MB * 0.75) : 0;
      m.shuffleReadRecords = Math.round((m.shuffleLocalBytesRead + m.shuffleRemoteBytesRead) / 200);
      m.shuffleWriteBytes = isShuffle ? 0 : Math.round(m.inputBytes * 0.4);
      m.peakExecutionMemory = Math.round((hot ? 2000 : 100 + rnd() * 300) * MB);
      const failed = exec === doomed && oomTime === undefined && s >= skewedStage && rnd() < 0.5;
      const status = failed ? 'FAILED' : 'SUCCESS';
      if (failed) {
        oomTime = finish;
        // The executor is gone: its cores take no more tasks.
        for (let c = 0; c < cores; c++) laneFree[(Number(doomed) - 1) * cores + c] = Infinity;
      }
      tasks.push({
        taskId,
        index: k,
        attempt: 0,
        partitionId: k,
        stageId: s,
        stageAttemptId: 0,
        launchTime: launch,
        finishTime: finish,
        gettingResultTime: 0,
        executorId: exec,
        host: executors[Number(exec)].host,
        status,
        taskLocality: isShuffle ? 'NODE_LOCAL' : 'PROCESS_LOCAL',
        speculative: false,
        errorMessage: failed ? 'java.lang.OutOfMemoryError: Java heap space' : undefined,
        failure: failed ? { reason: 'ExceptionFailure', className: 'java.lang.OutOfMemoryError', description: 'Java heap space' } : undefined,
        metrics: m,
      });
      taskId++;
    }
    const stageTasks = tasks.slice(taskId - n);
    const completion = Math.max(...stageTasks.map((t) => t.finishTime));
    stages.push({
      stageId: s,
      attemptId: 0,
      name: isShuffle ? `join at GlueJob.scala:${40 + s}` : `parquet at GlueJob.scala:${20 + s}`,
      details: '',
      numTasks: n,
      status: 'COMPLETE',
      submissionTime: submission,
      firstTaskLaunchedTime: stageTasks[0]?.launchTime,
      completionTime: completion,
      schedulingPool: 'default',
      rddIds: [],
      parentIds: s > 0 ? [s - 1] : [],
      jobIds: [Math.floor(s / 2)],
      resourceProfileId: 0,
      executorPeaks: {},
      accumulatorUpdates: [],
    });
    clock = completion + 300;
  }
  const end = clock;
  const doomedExec = executors[Number(doomed)];
  if (oomTime !== undefined) {
    doomedExec.removeTime = oomTime + 500;
    doomedExec.removeReason = 'Container killed by YARN for exceeding memory limits. 11.2 GB of 11 GB physical memory used.';
  }
  const memory: MemorySeries[] = [];
  for (const e of executors) {
    const t: number[] = [];
    const used: number[] = [];
    const until = e.removeTime ?? end;
    const from = e.addTime;
    const points = o.memoryPoints;
    const isDoomed = e === doomedExec;
    const baseline = (e.id === 'driver' ? 0.2 : 0.25 + rnd() * 0.15) * heapLimit;
    for (let i = 0; i < points; i++) {
      const ti = from + Math.round(((until - from) * i) / Math.max(1, points - 1));
      const frac = i / Math.max(1, points - 1);
      const wave = Math.sin(i / 17 + Number(e.id === 'driver' ? 0 : e.id)) * 0.05 * heapLimit;
      const climb = isDoomed ? frac * frac * 0.72 * heapLimit : frac * 0.08 * heapLimit;
      t.push(ti);
      used.push(Math.max(0.05 * heapLimit, Math.min(heapLimit, baseline + climb + wave + rnd() * 0.02 * heapLimit)));
    }
    memory.push({
      executorId: e.id,
      kind: 'metrics-update',
      t,
      used,
      limitBytes: heapLimit,
      limitSource: e.id === 'driver' ? 'spark.driver.memory' : 'spark.executor.memory',
      resolutionMs: points > 1 ? (until - from) / (points - 1) : undefined,
    });
  }
  const jobCount = Math.ceil(stageCount / 2);
  const name = o.name ?? 'nightly-orders-etl';
  return {
    id: `synthetic-${o.tasks}-${o.executors}`,
    source: { kind: 'local', path: `generated:${o.tasks} tasks, ${o.executors} executors` },
    application: {
      id: `synthetic-${o.tasks}-${o.executors}`,
      name,
      attempts: [{ startTime: start, endTime: end, lastUpdated: end, duration: end - start, sparkUser: 'glue', completed: true, appSparkVersion: '3.3.0-amzn-1' }],
    },
    sparkVersion: '3.3.0-amzn-1',
    environment: { sparkProperties: { 'spark.executor.memory': '10g', 'spark.driver.memory': '10g' }, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} },
    jobs: Array.from({ length: jobCount }, (_, j) => {
      const own = stages.filter((s) => s.jobIds.includes(j));
      return {
        jobId: j,
        name: `save at GlueJob.scala:${90 + j}`,
        submissionTime: own[0]?.submissionTime,
        completionTime: own.at(-1)?.completionTime,
        stageIds: own.map((s) => s.stageId),
        jobTags: [],
        status: 'SUCCEEDED' as const,
      };
    }),
    stages,
    tasks,
    executors,
    memory,
    hotKeys: [],
    warnings: [],
  };
}
