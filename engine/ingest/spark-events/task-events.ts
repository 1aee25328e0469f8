// Task start / getting result / end. Tasks are stored once, as compact model objects with
// interned strings; TaskEnd fills in the outcome, metrics and the executor's peak memory.
import type { AccumulableUpdate, Task } from '../../model/job-run.js';
import { isJson, type Json } from './event-fields.js';
import type { FoldState } from './fold-state.js';
import { raisePeaks, readExecutorMetrics } from './executor-metrics.js';
import { readTaskMetrics } from './task-metrics.js';
import { readTaskEndReason } from './task-end-reason.js';

/** The task a Task Info describes, created on first sight (a TaskEnd may come without its TaskStart). */
function taskFromInfo(s: FoldState, e: Json, info: Json): Task | undefined {
  const f = s.f;
  const taskId = f.num(info, 'Task ID');
  if (taskId === undefined) return undefined;
  let t = s.tasks.get(taskId);
  if (!t) {
    t = {
      taskId,
      index: f.num(info, 'Index') ?? -1,
      attempt: f.num(info, 'Attempt') ?? 0,
      partitionId: f.num(info, 'Partition ID') ?? -1,
      stageId: f.num(e, 'Stage ID') ?? -1,
      stageAttemptId: f.num(e, 'Stage Attempt ID') ?? 0,
      launchTime: f.num(info, 'Launch Time') ?? 0,
      finishTime: 0,
      gettingResultTime: 0,
      executorId: s.intern(f.str(info, 'Executor ID') ?? ''),
      host: s.intern(f.str(info, 'Host') ?? ''),
      status: 'RUNNING',
      taskLocality: s.intern(f.str(info, 'Locality') ?? ''),
      speculative: f.bool(info, 'Speculative') ?? false,
    };
    s.tasks.set(taskId, t);
    s.tick(t.launchTime);
    const stage = s.stage(t.stageId, t.stageAttemptId);
    if (stage && t.launchTime > 0 && (stage.firstTaskLaunchedTime === undefined || t.launchTime < stage.firstTaskLaunchedTime)) {
      stage.firstTaskLaunchedTime = t.launchTime;
    }
  }
  return t;
}

export function onTaskStart(s: FoldState, e: Json): void {
  const info = s.f.obj(e, 'Task Info');
  if (info) taskFromInfo(s, e, info);
}

export function onTaskGettingResult(s: FoldState, e: Json): void {
  const info = s.f.obj(e, 'Task Info');
  const t = info && taskFromInfo(s, e, info);
  if (!info || !t) return;
  t.gettingResultTime = s.f.num(info, 'Getting Result Time') ?? s.clock;
}

export function onTaskEnd(s: FoldState, e: Json): void {
  const f = s.f;
  const info = f.obj(e, 'Task Info');
  if (!info) return;
  const reasonJson = f.obj(e, 'Task End Reason');
  const ending = readTaskEndReason(f, reasonJson);
  const known = s.tasks.get(f.num(info, 'Task ID') ?? -1);
  if (ending.failure?.reason === 'Resubmitted' && known && known.status === 'SUCCESS') {
    // The task succeeded earlier and its output was lost with its executor: the attempt stays a
    // success, and Spark counts the resubmission as a failure of the stage and executor.
    known.resubmitted = true;
    return;
  }
  const t = taskFromInfo(s, e, info);
  if (!t) return;
  t.finishTime = f.num(info, 'Finish Time') ?? s.clock;
  t.gettingResultTime = f.num(info, 'Getting Result Time') ?? t.gettingResultTime;
  s.tick(t.finishTime);
  const failed = f.bool(info, 'Failed');
  const killed = f.bool(info, 'Killed');
  t.status = killed ? 'KILLED' : failed ? 'FAILED' : failed === false ? 'SUCCESS' : ending.status;
  if (ending.failure) t.failure = ending.failure;
  if (ending.errorMessage !== undefined) t.errorMessage = ending.errorMessage;

  const metrics = f.obj(e, 'Task Metrics');
  if (metrics) t.metrics = readTaskMetrics(f, metrics);
  const peaksJson = f.obj(e, 'Task Executor Metrics');
  if (peaksJson) {
    const peaks = readExecutorMetrics(f, peaksJson);
    t.executorPeaks = peaks;
    const x = s.executor(t.executorId, t.launchTime);
    raisePeaks((x.peakMemoryMetrics ??= {}), peaks);
    if (peaks.JVMHeapMemory !== undefined && peaks.JVMHeapMemory > 0) {
      s.memory.add(t.executorId, 'task-end-peak', t.finishTime, peaks.JVMHeapMemory);
    }
  }
  const accs = f.arr(info, 'Accumulables');
  if (accs && accs.length > 0) {
    const user = userAccumulables(s, accs);
    if (user.length > 0) t.accumulatorUpdates = user;
  }
}

function userAccumulables(s: FoldState, accs: unknown[]): AccumulableUpdate[] {
  const out: AccumulableUpdate[] = [];
  for (const acc of accs) {
    if (!isJson(acc) || acc['Internal'] === true || acc['Metadata'] === 'sql') continue;
    const name = s.f.str(acc, 'Name');
    if (name === undefined || name.startsWith('internal.metrics.')) continue;
    const u: AccumulableUpdate = { id: s.f.num(acc, 'ID') ?? -1, name, value: String(acc['Value'] ?? '') };
    if (acc['Update'] !== undefined) u.update = String(acc['Update']);
    out.push(u);
  }
  return out;
}
