// The driver of a local run: plans in a heap-limited driver worker, schedules tasks on
// heap-limited executor workers (retrying on executor loss, up to spark.task.maxFailures),
// writes Spark listener events to the event log and to live subscribers, and commits the
// output together with the bookmark advance. See engine/runtime/README.md.
import { mkdirSync, statSync } from 'node:fs';
import { rm, rename, mkdir, readdir } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Bookmarks, type BookmarkLease } from '../lake/bookmarks.js';
import { isS3Uri } from '../lake/s3-client.js';
import { flushOutbox } from './s3-outbox.js';
import { EventLog, type EventListener } from './event-log.js';
import { EXECUTOR_HOST, ExecutorPool, type Executor, type ExecutorLoss } from './executor-pool.js';
import { heapLimits } from './heap-limits.js';
import type { JobSpec } from './job-spec.js';
import type { FromPlanner, PlannedSource, PlanRequest, PlanSource } from './plan-types.js';
import { resolveSettings, type ResolvedSettings, type RunSettings } from './run-settings.js';
import type { FailureCause, RunResult, RunStatus } from './run-result.js';
import * as ev from './spark-events.js';
import { spawnWorker } from './spawn-worker.js';
import { partFile } from './shuffle.js';
import { planStages, type StagePlan } from './stage-plan.js';
import type { FromExecutor, HotKeyReport, TaskAttempt } from './task-types.js';

/** Task accumulables for where time goes, in this order (ids per stage: stageId * 10 + index + 1). */
export const PHASES = ['parse time', 'shuffle read time', 'join time', 'shuffle write time', 'write time'] as const;

/** spark.task.maxFailures */
export const MAX_TASK_FAILURES = 4;
const OPEN_COST_BYTES = 1024 * 1024;
/** row-sink.ts's name for an output attempt not yet committed. */
const DEAD_ATTEMPT_FILE = /^\..+\.attempt-\d+$/;

interface StageState {
  plan: StagePlan;
  info: ev.StageInfo;
  pending: number[];
  running: number;
  succeeded: Set<number>;
  submitted: boolean;
  finished: boolean;
}

interface RunningTask {
  attempt: TaskAttempt;
  info: ev.TaskInfo;
}

class Abort extends Error {
  constructor(
    readonly status: RunStatus,
    readonly failure: FailureCause | undefined,
    message: string,
  ) {
    super(message);
  }
}

export class LocalRun {
  readonly appId: string;
  readonly result: Promise<RunResult>;
  private readonly settings: ResolvedSettings;
  private readonly log: EventLog;
  private readonly startTime = Date.now();
  private readonly abortController = new AbortController();
  private pool?: ExecutorPool;
  private driverWorker?: Worker;
  private driverPeak = { used: 0, limit: 0 };
  private stages: StageState[] = [];
  private readonly running = new Map<number, RunningTask>();
  private readonly failures = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  private nextTaskId = 0;
  private idleLosses = 0;
  /** Running totals of the phase accumulables, per stage. */
  private readonly phaseTotals = new Map<number, number[]>();
  /** Per stage and partition: the fullest heavy-hitter report of any attempt (failed ones too). */
  private readonly hotKeys = new Map<number, Map<number, { taskId: number; report: HotKeyReport }>>();
  private counts = { filesRead: 0, bytesRead: 0, recordsRead: 0, recordsWritten: 0, malformed: 0, remainingFiles: 0 };
  private settle?: (outcome: { ok: true } | { ok: false; error: Abort }) => void;
  private jobStarted = false;

  constructor(
    private readonly spec: JobSpec,
    settings: RunSettings = {},
  ) {
    this.settings = resolveSettings(settings);
    this.appId = `local-${this.startTime}`;
    this.log = new EventLog(this.settings.eventLogDir, this.appId);
    settings.signal?.addEventListener('abort', () => this.cancel('cancelled by the user'), { once: true });
    this.result = this.run();
  }

  /** Input files this run takes (known once the driver has planned; 0 before). */
  get filesSelected(): number {
    return this.counts.filesRead;
  }

  /** Path of the event log (`.inprogress` until the run ends). */
  get eventLogPath(): string {
    return this.log.path;
  }

  /** Every event so far, then each new one, in order. Returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    return this.log.subscribe(listener);
  }

  cancel(reason = 'cancelled'): void {
    this.abortController.abort();
    this.settle?.({ ok: false, error: new Abort('cancelled', undefined, `Job 0 cancelled: ${reason}`) });
  }

  private get sinkUri(): string {
    return this.settings.out ?? this.spec.sink.path;
  }

  /** Where output is staged and committed: the sink folder, or for an S3 sink the job's local outbox. */
  private get sinkRoot(): string {
    return isS3Uri(this.sinkUri) ? join(this.settings.outboxDir, safeName(this.spec.name)) : resolve(this.sinkUri);
  }

  /** S3 sink: uploads what the outbox holds (an earlier run's crashed upload, then this run's). */
  private async flushS3Outbox(): Promise<string[]> {
    if (!isS3Uri(this.sinkUri)) return [];
    try {
      return await flushOutbox(this.sinkRoot, this.sinkUri, this.settings.aws ?? {});
    } catch (e) {
      throw new Abort('failed', 'other', `uploading committed output from ${this.sinkRoot} to ${this.sinkUri} failed (the next run of the job retries it): ${(e as Error).message}`);
    }
  }

  private async run(): Promise<RunResult> {
    const s = this.settings;
    const stagingParent = join(this.sinkRoot, '_staging', safeName(this.spec.name));
    const stagingDir = join(stagingParent, this.appId);
    const finalDir = join(this.sinkRoot, `run_id=${this.appId}`);
    const workDir = join(s.workDir, this.appId);
    this.emitPreamble();
    let lease: BookmarkLease | undefined;
    let bookmarks: Bookmarks | undefined;
    let status: RunStatus = 'succeeded';
    let cause: FailureCause | undefined;
    let message: string | undefined;
    let output: string | undefined;
    try {
      this.throwIfCancelled();
      bookmarks = Bookmarks.open(s.bookmarkDb ? { file: s.bookmarkDb } : {});
      try {
        lease = bookmarks.begin({ job: this.spec.name, option: s.bookmarkOption, runId: this.appId });
      } catch (e) {
        throw new Abort('failed', 'bookmark', (e as Error).message);
      }
      // Staged folders of runs that died before their commit are garbage now that we hold the lease.
      await rm(stagingParent, { recursive: true, force: true });
      await this.flushS3Outbox();
      await mkdir(join(stagingDir, '_errors'), { recursive: true });

      const planned = await this.planInput(lease);
      const stages = planStages(this.spec, planned, { workDir, stagingDir, appId: this.appId, aws: s.aws ?? {} });
      this.startExecutors();
      await this.runJob(stages);

      const processed: Record<string, { path: string; mtime: number; size: number }[]> = {};
      for (const p of planned) {
        const ctx = this.spec.sources[p.name].transformation_ctx;
        if (ctx) processed[ctx] = p.files;
      }
      await this.tidyStaging(stagingDir);
      bookmarks.commit(lease, processed, { staged: stagingDir, final: finalDir });
      lease = undefined;
      output = finalDir;
      this.log.emit(ev.jobEnd(0, Date.now()));
      const uploaded = await this.flushS3Outbox().catch((e: Abort) => {
        message = e.message;
        return [];
      });
      if (uploaded.length > 0) output = uploaded.at(-1);
    } catch (e) {
      const a = e instanceof Abort ? e : new Abort('failed', 'other', e instanceof Error ? e.message : String(e));
      status = a.status;
      cause = a.failure;
      message = a.message;
      this.failRunningWork(a);
    } finally {
      if (lease && bookmarks) bookmarks.abandon(lease);
      bookmarks?.close();
      await this.stopWorkers();
      await rm(workDir, { recursive: true, force: true });
    }
    const errors = await this.placeErrors(status, output, stagingDir, join(this.sinkRoot, '_errors', this.appId));
    if (status !== 'succeeded') await rm(stagingDir, { recursive: true, force: true });
    this.log.emit(ev.applicationEnd(Date.now()));
    this.log.close();
    const peakHeap = {
      driver: this.driverPeak.limit ? this.driverPeak.used / this.driverPeak.limit : 0,
      executors: Object.fromEntries([...(this.pool?.executors.values() ?? [])].map((x) => [x.id, x.limit ? x.peakUsed / x.limit : 0])),
    };
    return {
      status,
      cause,
      message,
      oom: cause === 'driver-oom' || cause === 'executor-oom',
      appId: this.appId,
      filesRead: this.counts.filesRead,
      bytesRead: this.counts.bytesRead,
      recordsRead: this.counts.recordsRead,
      recordsWritten: status === 'succeeded' ? this.counts.recordsWritten : 0,
      malformedRecords: this.counts.malformed,
      remainingFiles: this.counts.remainingFiles,
      eventLog: this.log.path,
      output,
      errors,
      peakHeap,
      durationMs: Date.now() - this.startTime,
    };
  }

  private throwIfCancelled(): void {
    if (this.abortController.signal.aborted) throw new Abort('cancelled', undefined, 'Job 0 cancelled');
  }

  private emitPreamble(): void {
    const s = this.settings;
    const t = this.startTime;
    this.log.emit(ev.logStart());
    this.log.emit(ev.resourceProfileAdded(s.cores, s.executorHeapMb));
    this.log.emit(
      ev.environmentUpdate(
        {
          'spark.app.name': this.spec.name,
          'spark.app.id': this.appId,
          'spark.master': `local-cluster[${s.executors},${s.cores},${s.executorHeapMb}]`,
          'spark.submit.deployMode': 'client',
          'spark.driver.host': EXECUTOR_HOST,
          'spark.driver.memory': `${s.driverHeapMb}m`,
          'spark.executor.memory': `${s.executorHeapMb}m`,
          'spark.executor.cores': String(s.cores),
          'spark.executor.instances': String(s.executors),
          'spark.task.maxFailures': String(MAX_TASK_FAILURES),
          'spark.sql.shuffle.partitions': String(this.spec.shufflePartitions),
          'spark.sql.files.maxPartitionBytes': String(this.spec.maxPartitionBytes),
          'spark.sql.files.openCostInBytes': String(OPEN_COST_BYTES),
          'spark.eventLog.logStageExecutorMetrics': 'true',
          'spark.executor.processTreeMetrics.enabled': 'false',
          'spark.skewscope.engine': 'local (worker_threads, V8 heap limits)',
          'spark.skewscope.bookmarkOption': s.bookmarkOption,
          ...(s.bound && s.bound !== 'unbounded' ? { 'spark.skewscope.bound': JSON.stringify(s.bound) } : {}),
        },
        { 'Java Version': `Node.js ${process.versions.node} (V8 ${process.versions.v8})`, 'Java Home': process.execPath, 'Scala Version': '' },
      ),
    );
    this.log.emit(ev.applicationStart(this.spec.name, this.appId, t, safeUser()));
    this.log.emit(ev.blockManagerAdded('driver', EXECUTOR_HOST, s.driverHeapMb * 1024 * 1024, t));
  }

  /** Lists and selects the input in the driver worker, under the driver heap limit. */
  private planInput(lease: BookmarkLease): Promise<PlannedSource[]> {
    const s = this.settings;
    const lakeRoot = s.lake ?? this.spec.lake;
    const sources: PlanSource[] = Object.entries(this.spec.sources).map(([name, src]) => {
      const root = /^s3:\/\//.test(src.path) || !lakeRoot ? src.path : /^s3:\/\//.test(lakeRoot) ? `${lakeRoot.replace(/\/$/, '')}/${src.path}` : join(lakeRoot, src.path);
      const specBound = src.boundedFiles !== undefined ? { boundedFiles: src.boundedFiles } : src.boundedSize !== undefined ? { boundedSize: src.boundedSize } : undefined;
      const bound = src.transformation_ctx && s.bound !== undefined ? (s.bound === 'unbounded' ? undefined : s.bound) : specBound;
      return {
        name,
        root: /^s3:\/\//.test(root) ? root : resolve(root),
        predicate: src.push_down_predicate,
        exclusions: src.exclusions,
        bound,
        bookmark: src.transformation_ctx && lease.option !== 'disable' ? { job: this.spec.name, ctx: src.transformation_ctx, dbFile: s.bookmarkDb } : undefined,
      };
    });
    const request: PlanRequest = { sources, maxPartitionBytes: this.spec.maxPartitionBytes, openCostBytes: OPEN_COST_BYTES, aws: s.aws ?? {} };
    return new Promise((resolvePlan, rejectPlan) => {
      const worker = spawnWorker('driver-worker', request, heapLimits(s.driverHeapMb));
      this.driverWorker = worker;
      let done = false;
      const finish = (err?: Abort, plan?: PlannedSource[]): void => {
        if (done) return;
        done = true;
        if (err) rejectPlan(err);
        else resolvePlan(plan!);
      };
      this.abortController.signal.addEventListener('abort', () => finish(new Abort('cancelled', undefined, 'Job 0 cancelled while planning')), { once: true });
      worker.on('message', (m: FromPlanner) => {
        if (m.type === 'sample') {
          if (m.heap.used > this.driverPeak.used) this.driverPeak.used = m.heap.used;
          this.driverPeak.limit = m.heap.limit;
          this.log.emit(ev.executorMetricsUpdate('driver', m.time, [], ev.executorMetrics(m.heap)));
        } else if (m.type === 'plan-error') finish(new Abort('failed', 'other', `listing the input failed: ${m.message}`));
        else {
          for (const p of m.sources) {
            this.counts.filesRead += p.files.length;
            this.counts.bytesRead += p.files.reduce((a, f) => a + f.size, 0);
            this.counts.remainingFiles += p.remainingFiles;
          }
          finish(undefined, m.sources);
        }
      });
      worker.on('error', (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const reason = `Driver ran out of heap memory while listing and planning the input (java.lang.OutOfMemoryError: Java heap space): the V8 heap reached its limit of ${s.driverHeapMb} MB (${err.code})`;
          this.driverPeak.used = Math.max(this.driverPeak.used, this.driverPeak.limit);
          this.log.emit(ev.executorRemoved('driver', reason, Date.now()));
          finish(new Abort('failed', 'driver-oom', reason));
        } else finish(new Abort('failed', 'other', `the driver failed: ${err.message}`));
      });
      worker.on('exit', (code) => finish(new Abort('failed', 'other', `the driver exited with code ${code}`)));
    });
  }

  private startExecutors(): void {
    const s = this.settings;
    this.pool = new ExecutorPool(s.cores, s.executorHeapMb, {
      onAdded: (id, time) => {
        this.log.emit(ev.executorAdded(id, EXECUTOR_HOST, s.cores, time));
        this.log.emit(ev.blockManagerAdded(id, EXECUTOR_HOST, s.executorHeapMb * 1024 * 1024, time));
      },
      onSample: (id, time, heap, activeStages) => this.log.emit(ev.executorMetricsUpdate(id, time, activeStages, ev.executorMetrics(heap))),
      onTaskEnd: (_id, msg, peaks) => this.onTaskEnd(msg, peaks),
      onHotKeys: (msg) => this.onHotKeys(msg),
      onLost: (loss, time) => this.onExecutorLost(loss, time),
    });
    for (let i = 0; i < s.executors; i++) this.pool.add();
  }

  private runJob(plans: StagePlan[]): Promise<void> {
    this.stages = plans.map((plan) => ({
      plan,
      info: { stageId: plan.stageId, name: plan.name, numTasks: plan.numTasks, parentIds: plan.parentIds, details: plan.details },
      pending: [],
      running: 0,
      succeeded: new Set(),
      submitted: false,
      finished: false,
    }));
    const props = { 'spark.job.description': this.spec.name, 'spark.app.id': this.appId };
    this.log.emit(ev.jobStart(0, Date.now(), this.stages.map((st) => st.info), props));
    this.jobStarted = true;
    return new Promise<void>((resolveJob, rejectJob) => {
      this.settle = (o) => {
        this.settle = undefined;
        if (o.ok) resolveJob();
        else rejectJob(o.error);
      };
      if (this.abortController.signal.aborted) this.settle({ ok: false, error: new Abort('cancelled', undefined, 'Job 0 cancelled') });
      else this.schedule();
    });
  }

  /** Submits stages whose parents are done, completes empty ones, and fills free task slots. */
  private schedule(): void {
    if (!this.settle) return;
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const st of this.stages) {
        if (st.submitted || !st.plan.parentIds.every((p) => this.stages[p].finished)) continue;
        st.submitted = true;
        st.info.submissionTime = Date.now();
        st.pending = Array.from({ length: st.plan.numTasks }, (_, i) => i);
        this.log.emit(ev.stageSubmitted(st.info, { 'spark.job.description': this.spec.name }));
        if (st.plan.numTasks === 0) {
          this.completeStage(st);
          progressed = true;
        }
      }
    }
    if (this.stages.every((st) => st.finished)) {
      this.settle?.({ ok: true });
      return;
    }
    for (const ex of this.pool!.executors.values()) {
      while (ex.freeSlots > 0) {
        const st = this.stages.find((x) => x.submitted && !x.finished && x.pending.length > 0);
        if (!st) return;
        this.launch(ex, st, st.pending.shift()!);
      }
    }
  }

  private launch(ex: Executor, st: StageState, index: number): void {
    const key = `${st.plan.stageId}:${index}`;
    const attemptNo = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attemptNo + 1);
    const attempt: TaskAttempt = { taskId: this.nextTaskId++, stageId: st.plan.stageId, index, attempt: attemptNo, work: st.plan.work(index) };
    const info: ev.TaskInfo = { taskId: attempt.taskId, index, attempt: attemptNo, launchTime: Date.now(), executorId: ex.id, host: EXECUTOR_HOST, finishTime: 0, failed: false, killed: false };
    st.running++;
    this.running.set(attempt.taskId, { attempt, info });
    this.log.emit(ev.taskStart(st.plan.stageId, info));
    this.pool!.launch(ex, attempt);
  }

  private onTaskEnd(msg: Extract<FromExecutor, { type: 'task-end' }>, peaks: Record<string, number>): void {
    const rt = this.running.get(msg.taskId);
    if (!rt) return;
    this.running.delete(msg.taskId);
    const st = this.stages[rt.attempt.stageId];
    st.running--;
    rt.info.finishTime = msg.time;
    if (msg.error) {
      rt.info.failed = true;
      const reason: ev.TaskEndReason = {
        Reason: 'ExceptionFailure',
        'Class Name': msg.error.className,
        Description: msg.error.message,
        'Stack Trace': [],
        'Full Stack Trace': msg.error.stack,
        'Accumulator Updates': [],
      };
      this.log.emit(ev.taskEnd(st.plan.stageId, st.plan.taskType, reason, rt.info, peaks, msg.measure));
      this.taskFailed(st, rt, `${msg.error.className}: ${msg.error.message}`, 'task-failed');
    } else {
      rt.info.accumulables = this.phaseAccumulables(st.plan.stageId, msg.phases);
      this.log.emit(ev.taskEnd(st.plan.stageId, st.plan.taskType, { Reason: 'Success' }, rt.info, peaks, msg.measure));
      if (!st.succeeded.has(rt.attempt.index)) {
        st.succeeded.add(rt.attempt.index);
        this.counts.recordsRead += msg.measure.inputRecords;
        this.counts.recordsWritten += msg.measure.outputRecords;
        this.counts.malformed += msg.malformed;
      }
      const max = this.spec.maxMalformedRecords;
      if (max >= 0 && this.counts.malformed > max) {
        this.abortJob(
          st,
          new Abort('failed', 'malformed-data', `${this.counts.malformed} malformed records exceed maxMalformedRecords (${max}); they are listed with file, line and reason in the errors output`),
        );
        return;
      }
      if (st.succeeded.size === st.plan.numTasks) this.completeStage(st);
    }
    this.schedule();
  }

  private phaseAccumulables(stageId: number, phases: Record<string, number>): NonNullable<ev.TaskInfo['accumulables']> {
    let totals = this.phaseTotals.get(stageId);
    if (!totals) this.phaseTotals.set(stageId, (totals = PHASES.map(() => 0)));
    const out: NonNullable<ev.TaskInfo['accumulables']> = [];
    PHASES.forEach((name, i) => {
      const update = phases[name];
      if (update === undefined) return;
      totals[i] += update;
      out.push({ id: stageId * 10 + i + 1, name, update, value: totals[i] });
    });
    return out;
  }

  private onHotKeys(msg: Extract<FromExecutor, { type: 'hot-keys' }>): void {
    const rt = this.running.get(msg.taskId);
    if (!rt) return;
    let byPartition = this.hotKeys.get(rt.attempt.stageId);
    if (!byPartition) this.hotKeys.set(rt.attempt.stageId, (byPartition = new Map()));
    const known = byPartition.get(rt.attempt.index);
    if (!known || msg.report.total >= known.report.total) byPartition.set(rt.attempt.index, { taskId: msg.taskId, report: msg.report });
  }

  /** One hot-keys event per partition of the stage, when the stage ends (however it ends). */
  private emitHotKeys(stageId: number): void {
    const byPartition = this.hotKeys.get(stageId);
    if (!byPartition) return;
    for (const [partition, { taskId, report }] of [...byPartition].sort((a, b) => a[0] - b[0])) {
      this.log.emit(ev.hotKeys(stageId, partition, taskId, report.total, report.keys));
    }
    this.hotKeys.delete(stageId);
  }

  private taskFailed(st: StageState, rt: RunningTask, why: string, cause: FailureCause): void {
    const key = `${st.plan.stageId}:${rt.attempt.index}`;
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    if (n >= MAX_TASK_FAILURES) {
      const msg =
        `Job aborted due to stage failure: Task ${rt.attempt.index} in stage ${st.plan.stageId}.0 failed ${MAX_TASK_FAILURES} times, ` +
        `most recent failure: Lost task ${rt.attempt.index}.${rt.attempt.attempt} in stage ${st.plan.stageId}.0 (TID ${rt.attempt.taskId}) (${EXECUTOR_HOST} executor ${rt.info.executorId}): ${why}`;
      this.abortJob(st, new Abort('failed', cause, msg));
      return;
    }
    st.pending.unshift(rt.attempt.index);
  }

  private onExecutorLost(loss: ExecutorLoss, time: number): void {
    if (loss.runningTaskIds.length === 0) this.idleLosses++;
    this.log.emit(ev.executorRemoved(loss.executorId, loss.reason, time));
    this.log.emit(ev.blockManagerRemoved(loss.executorId, EXECUTOR_HOST, time));
    const ex = this.pool!.executors.get(loss.executorId)!;
    for (const taskId of loss.runningTaskIds) {
      const rt = this.running.get(taskId);
      if (!rt) continue;
      this.running.delete(taskId);
      const st = this.stages[rt.attempt.stageId];
      st.running--;
      rt.info.finishTime = time;
      rt.info.failed = true;
      const reason: ev.TaskEndReason = { Reason: 'ExecutorLostFailure', 'Executor ID': loss.executorId, 'Exit Caused By App': true, 'Loss Reason': loss.reason };
      this.log.emit(ev.taskEnd(st.plan.stageId, st.plan.taskType, reason, rt.info, ex.peaksSinceTaskEnd, undefined));
      if (!this.settle) continue;
      this.taskFailed(st, rt, `ExecutorLostFailure (executor ${loss.executorId} exited caused by one of the running tasks) Reason: ${loss.reason}`, loss.oom ? 'executor-oom' : 'executor-lost');
    }
    ex.peaksSinceTaskEnd = undefined;
    // Executors that die without running anything (they cannot even start) would be replaced
    // forever; like Spark on YARN, give up after max(2 × executors, 3) such losses.
    const maxIdleLosses = Math.max(2 * this.settings.executors, 3);
    if (this.settle && this.idleLosses >= maxIdleLosses) {
      this.settle({ ok: false, error: new Abort('failed', 'executor-lost', `Max number of executor failures (${maxIdleLosses}) reached; the last: ${loss.reason}`) });
      return;
    }
    if (this.settle) {
      this.pool!.add();
      this.schedule();
    }
  }

  private completeStage(st: StageState): void {
    st.finished = true;
    st.info.completionTime = Date.now();
    this.emitStageEndReports(st);
    this.log.emit(ev.stageCompleted(st.info));
    this.emitMapOutputStatistics(st);
  }

  /** Bytes per shuffle partition of a map stage, summed over its map outputs (sync: before any reducer is launched). */
  private emitMapOutputStatistics(st: StageState): void {
    if (st.plan.numTasks === 0) return;
    const first = st.plan.work(0).out;
    if (first.kind !== 'shuffle') return;
    const bytes = new Array<number>(first.partitions).fill(0);
    for (let i = 0; i < st.plan.numTasks; i++) {
      const out = st.plan.work(i).out;
      if (out.kind !== 'shuffle') continue;
      for (let p = 0; p < out.partitions; p++) bytes[p] += statSync(partFile(out.dir, p), { throwIfNoEntry: false })?.size ?? 0;
    }
    this.log.emit(ev.mapOutputStatistics(st.plan.stageId, bytes));
  }

  /** Hot keys and per-executor peaks of a stage that ended (SparkListenerStageExecutorMetrics precedes StageCompleted). */
  private emitStageEndReports(st: StageState): void {
    this.emitHotKeys(st.plan.stageId);
    for (const ex of this.pool?.executors.values() ?? []) {
      const peaks = ex.stagePeaks.get(st.plan.stageId);
      if (peaks) this.log.emit(ev.stageExecutorMetrics(ex.id, st.plan.stageId, peaks));
    }
  }

  private abortJob(st: StageState, error: Abort): void {
    if (!st.finished) {
      st.finished = true;
      st.info.completionTime = Date.now();
      st.info.failureReason = error.message;
      this.emitStageEndReports(st);
      this.log.emit(ev.stageCompleted(st.info));
    }
    this.settle?.({ ok: false, error });
  }

  /** After a failure or cancellation: killed task ends, failed stages, the failed job. */
  private failRunningWork(error: Abort): void {
    this.settle = undefined;
    const now = Date.now();
    for (const rt of this.running.values()) {
      rt.info.finishTime = now;
      rt.info.killed = true;
      const st = this.stages[rt.attempt.stageId];
      const reason: ev.TaskEndReason = { Reason: 'TaskKilled', 'Kill Reason': error.status === 'cancelled' ? 'Stage cancelled' : error.message, 'Accumulator Updates': [] };
      this.log.emit(ev.taskEnd(st.plan.stageId, st.plan.taskType, reason, rt.info, undefined, undefined));
    }
    this.running.clear();
    for (const st of this.stages) {
      if (!st.submitted || st.finished) continue;
      st.finished = true;
      st.info.completionTime = now;
      st.info.failureReason = error.status === 'cancelled' ? 'Job 0 cancelled' : `Job aborted: ${error.message}`;
      this.emitStageEndReports(st);
      this.log.emit(ev.stageCompleted(st.info));
    }
    if (this.jobStarted) this.log.emit(ev.jobEnd(0, now, error.message));
  }

  private async stopWorkers(): Promise<void> {
    await this.pool?.shutdown();
    await this.driverWorker?.terminate();
  }

  /** Drops the staged `_errors` folder when no record was malformed, so clean output stays clean. */
  /** Before the commit: drop what dead task attempts left behind, and an empty error folder. */
  private async tidyStaging(stagingDir: string): Promise<void> {
    for (const name of await readdir(stagingDir).catch(() => [] as string[])) {
      if (DEAD_ATTEMPT_FILE.test(name)) await rm(join(stagingDir, name), { force: true });
    }
    const dir = join(stagingDir, '_errors');
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.length === 0) await rm(dir, { recursive: true, force: true });
  }

  /** Where malformed records ended up: inside the committed output, or moved aside from a failed run's staging. */
  private async placeErrors(status: RunStatus, output: string | undefined, stagingDir: string, aside: string): Promise<string | undefined> {
    if (this.counts.malformed === 0) return undefined;
    if (status === 'succeeded' && output) return isS3Uri(output) ? `${output}_errors/` : join(output, '_errors');
    mkdirSync(join(aside, '..'), { recursive: true });
    const ok = await rename(join(stagingDir, '_errors'), aside).then(
      () => true,
      () => false,
    );
    return ok ? aside : undefined;
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return hostname();
  }
}

/** Starts a local run of `spec`. Subscribe to its events, cancel it, await `result`. */
export function startRun(spec: JobSpec, settings: RunSettings = {}): LocalRun {
  const s = resolveSettings(settings);
  heapLimits(s.executorHeapMb); // throws a RangeError naming the minimum before anything starts
  heapLimits(s.driverHeapMb);
  return new LocalRun(spec, settings);
}
