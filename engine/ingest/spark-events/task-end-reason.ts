// TaskEnd "Task End Reason" into TaskFailure and the error message Spark's REST API shows
// (AppStatusListener uses TaskKilled's reason, else TaskFailedReason.toErrorString).
import type { TaskFailure, TaskStatus } from '../../model/job-run.js';
import { isJson, type FieldReader, type Json } from './event-fields.js';

export interface TaskEnding {
  /** Status implied by the reason; Task Info's Failed/Killed flags win when present. */
  status: TaskStatus;
  failure?: TaskFailure;
  errorMessage?: string;
}

const SUCCESS: TaskEnding = Object.freeze({ status: 'SUCCESS' });

export function readTaskEndReason(f: FieldReader, r: Json | undefined): TaskEnding {
  const reason = r ? (f.str(r, 'Reason') ?? 'UnknownReason') : 'Success';
  if (!r || reason === 'Success') return SUCCESS;
  switch (reason) {
    case 'TaskKilled': {
      const killReason = f.str(r, 'Kill Reason') ?? 'unknown reason';
      return { status: 'KILLED', failure: { reason, description: killReason }, errorMessage: killReason };
    }
    case 'ExceptionFailure': {
      const className = f.str(r, 'Class Name') ?? '';
      const description = f.str(r, 'Description');
      const stackTrace = stackTraceText(f, r);
      const full = f.str(r, 'Full Stack Trace');
      const errorMessage = full ?? `${className}: ${description ?? ''}\n${stackTrace}`;
      return { status: 'FAILED', failure: { reason, className, description, stackTrace: full ?? stackTrace }, errorMessage };
    }
    case 'ExecutorLostFailure': {
      const execId = f.str(r, 'Executor ID');
      const causedByApp = f.bool(r, 'Exit Caused By App') ?? true;
      const lossReason = f.str(r, 'Loss Reason');
      const behaviour = causedByApp ? 'caused by one of the running tasks' : 'unrelated to the running tasks';
      const errorMessage = `ExecutorLostFailure (executor ${execId} exited ${behaviour})` + (lossReason !== undefined ? ` Reason: ${lossReason}` : '');
      return { status: 'FAILED', failure: { reason, causedByApp, lossReason }, errorMessage };
    }
    case 'FetchFailed': {
      const bm = f.obj(r, 'Block Manager Address');
      const bmText = bm ? `BlockManagerId(${f.str(bm, 'Executor ID')}, ${f.str(bm, 'Host')}, ${f.num(bm, 'Port')}, None)` : 'null';
      const mapIndex = f.num(r, 'Map Index');
      const message = f.str(r, 'Message') ?? '';
      const errorMessage =
        `FetchFailed(${bmText}, shuffleId=${f.num(r, 'Shuffle ID')}, mapIndex=${mapIndex ?? 'Unknown'}, ` +
        `mapId=${f.num(r, 'Map ID')}, reduceId=${f.num(r, 'Reduce ID')}, message=\n${message}\n)`;
      return { status: 'FAILED', failure: { reason, description: message }, errorMessage };
    }
    case 'TaskCommitDenied': {
      const errorMessage =
        `TaskCommitDenied (Driver denied task commit) for job: ${f.num(r, 'Job ID')}, ` +
        `partition: ${f.num(r, 'Partition ID')}, attemptNumber: ${f.num(r, 'Attempt Number')}`;
      return { status: 'FAILED', failure: { reason, description: errorMessage }, errorMessage };
    }
    case 'TaskResultLost':
      return { status: 'FAILED', failure: { reason }, errorMessage: 'TaskResultLost (result lost from block manager)' };
    case 'Resubmitted':
      return { status: 'FAILED', failure: { reason }, errorMessage: 'Resubmitted (resubmitted due to lost executor)' };
    default:
      return { status: 'FAILED', failure: { reason }, errorMessage: reason === 'UnknownReason' ? 'UnknownReason' : reason };
  }
}

/** Java's StackTraceElement.toString for each frame, indented as Spark's exceptionString. */
function stackTraceText(f: FieldReader, r: Json): string {
  const frames = f.arr(r, 'Stack Trace') ?? [];
  const lines: string[] = [];
  for (const fr of frames) {
    if (!isJson(fr)) continue;
    const file = f.str(fr, 'File Name');
    const line = f.num(fr, 'Line Number') ?? -1;
    const where =
      line === -2 ? '(Native Method)' : file === undefined ? '(Unknown Source)' : line >= 0 ? `(${file}:${line})` : `(${file})`;
    lines.push(`        ${f.str(fr, 'Declaring Class')}.${f.str(fr, 'Method Name')}${where}`);
  }
  return lines.join('\n');
}
