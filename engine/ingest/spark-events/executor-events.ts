// Executor lifecycle, exclusion (blacklisting) and executor memory metric events.
import type { ExecutorMetrics } from '../../model/job-run.js';
import { isJson, type Json } from './event-fields.js';
import type { FoldState } from './fold-state.js';
import { raisePeaks, readExecutorMetrics } from './executor-metrics.js';

export function onBlockManagerAdded(s: FoldState, e: Json): void {
  const f = s.f;
  const bm = f.obj(e, 'Block Manager ID');
  const id = bm && f.str(bm, 'Executor ID');
  if (!bm || id === undefined) return;
  const t = f.num(e, 'Timestamp') ?? s.clock;
  s.tick(t);
  const x = s.executor(s.intern(id), t);
  const host = f.str(bm, 'Host') ?? '';
  x.hostPort = `${host}:${f.num(bm, 'Port') ?? 0}`;
  if (!x.host) x.host = s.intern(host);
  x.maxMemory = f.num(e, 'Maximum Memory') ?? x.maxMemory;
  const onHeap = f.num(e, 'Maximum Onheap Memory');
  if (onHeap !== undefined) x.maxOnHeapMemory = onHeap;
  const offHeap = f.num(e, 'Maximum Offheap Memory');
  if (offHeap !== undefined) x.maxOffHeapMemory = offHeap;
}

export function onExecutorAdded(s: FoldState, e: Json): void {
  const f = s.f;
  const id = f.str(e, 'Executor ID');
  if (id === undefined) return;
  const t = f.num(e, 'Timestamp') ?? s.clock;
  s.tick(t);
  const x = s.executor(s.intern(id), t);
  const info = f.obj(e, 'Executor Info') ?? {};
  x.host = s.intern(f.str(info, 'Host') ?? x.host);
  x.totalCores = f.num(info, 'Total Cores') ?? x.totalCores;
  x.executorLogs = f.strMap(info, 'Log Urls');
  x.attributes = f.strMap(info, 'Attributes');
  x.resources = f.obj(info, 'Resources') ?? {};
  x.resourceProfileId = f.num(info, 'Resource Profile Identifier') ?? x.resourceProfileId;
  x.maxTasks = Math.floor(x.totalCores / (s.taskCpus.get(x.resourceProfileId) ?? 1));
  delete x.removeTime;
  delete x.removeReason;
}

export function onExecutorRemoved(s: FoldState, e: Json): void {
  const f = s.f;
  const id = f.str(e, 'Executor ID');
  if (id === undefined) return;
  const t = f.num(e, 'Timestamp') ?? s.clock;
  s.tick(t);
  const x = s.executor(s.intern(id), t);
  x.removeTime = t;
  x.removeReason = f.str(e, 'Removed Reason') ?? '';
}

/** ExecutorBlacklisted / ExecutorExcluded and their Un- counterparts. */
export function onExecutorExclusion(s: FoldState, e: Json, excluded: boolean): void {
  const id = s.f.str(e, 'executorId');
  const t = s.f.num(e, 'time') ?? s.clock;
  if (id === undefined) return;
  s.executor(s.intern(id), t).isExcluded = excluded;
}

/** NodeBlacklisted / NodeExcluded (and Un-): every executor on the host. */
export function onNodeExclusion(s: FoldState, e: Json, excluded: boolean): void {
  const host = s.f.str(e, 'hostId') ?? s.f.str(e, 'nodeId');
  if (host === undefined) return;
  for (const x of s.executors.values()) if (x.host === host && x.id !== 'driver') x.isExcluded = excluded;
}

/** ExecutorBlacklistedForStage / ExecutorExcludedForStage, and the node-wide variants. */
export function onStageExclusion(s: FoldState, e: Json, wholeNode: boolean): void {
  const f = s.f;
  const stageId = f.num(e, 'stageId');
  const attemptId = f.num(e, 'stageAttemptId') ?? 0;
  if (stageId === undefined) return;
  let ids: string[];
  if (wholeNode) {
    const host = f.str(e, 'hostId') ?? f.str(e, 'nodeId');
    ids = [...s.executors.values()].filter((x) => x.host === host && x.id !== 'driver').map((x) => x.id);
  } else {
    const id = f.str(e, 'executorId');
    ids = id === undefined ? [] : [s.intern(id)];
  }
  const stage = s.stage(stageId, attemptId);
  for (const id of ids) {
    if (stage) {
      const list = (stage.excludedExecutors ??= []);
      if (!list.includes(id)) list.push(id);
    }
    const x = s.executor(id, f.num(e, 'time') ?? s.clock);
    if (!x.excludedInStages.includes(stageId)) x.excludedInStages.push(stageId);
  }
}

/** Spark 2.4 wrote one metrics object; Spark 3 writes [{Stage ID, Stage Attempt ID, Executor Metrics}]. */
export function onExecutorMetricsUpdate(s: FoldState, e: Json): void {
  const f = s.f;
  const id = f.str(e, 'Executor ID');
  if (id === undefined) return;
  const execId = s.intern(id);
  const updated = e['Executor Metrics Updated'];
  if (isJson(updated)) {
    const stamp = f.num(updated, 'Timestamp');
    recordSample(s, execId, readExecutorMetrics(f, updated), stamp !== undefined && stamp > 0 ? stamp : s.clock);
  } else if (Array.isArray(updated)) {
    for (const u of updated) {
      if (!isJson(u)) continue;
      const m = f.obj(u, 'Executor Metrics');
      if (!m) continue;
      const metrics = readExecutorMetrics(f, m);
      // Skewscope's local engine adds a top-level "Timestamp" (Spark's own updates carry none).
      const stamp = f.num(e, 'Timestamp');
      recordSample(s, execId, metrics, stamp !== undefined && stamp > 0 ? stamp : s.clock);
      const stage = s.stage(f.num(u, 'Stage ID') ?? -1, f.num(u, 'Stage Attempt ID') ?? 0);
      if (stage) raisePeaks((stage.executorPeaks[execId] ??= {}), metrics);
    }
  } else if (updated !== undefined) {
    f.obj(e, 'Executor Metrics Updated'); // reports the wrong type
  }
}

function recordSample(s: FoldState, execId: string, m: ExecutorMetrics, t: number): void {
  const x = s.executor(execId, t);
  raisePeaks((x.peakMemoryMetrics ??= {}), m);
  if (m.JVMHeapMemory !== undefined) s.memory.add(execId, 'metrics-update', t, m.JVMHeapMemory);
}

export function onStageExecutorMetrics(s: FoldState, e: Json): void {
  const f = s.f;
  const id = f.str(e, 'Executor ID');
  const m = f.obj(e, 'Executor Metrics');
  if (id === undefined || !m) return;
  const execId = s.intern(id);
  const metrics = readExecutorMetrics(f, m);
  const stage = s.stage(f.num(e, 'Stage ID') ?? -1, f.num(e, 'Stage Attempt ID') ?? 0);
  if (stage) raisePeaks((stage.executorPeaks[execId] ??= {}), metrics);
  const x = s.executor(execId, s.clock);
  raisePeaks((x.peakMemoryMetrics ??= {}), metrics);
  // Logged just before the stage completes, so the latest task time is when the peak was known.
  if (metrics.JVMHeapMemory !== undefined) s.memory.add(execId, 'stage-peak', s.clock, metrics.JVMHeapMemory);
}
