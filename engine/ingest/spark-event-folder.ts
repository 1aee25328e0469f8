// Folds Spark listener events into a JobRun, like Spark's AppStatusListener: events in, live
// entities out. One folder per application attempt (one log). `acceptLine` is the hot path: it
// looks at the event name before parsing, and skips events the model has no use for.
import type { IngestWarning, JobRun, RunSource } from '../model/job-run.js';
import type { WarningSink } from './log-source.js';
import { FieldReader, isJson, type Json } from './spark-events/event-fields.js';
import { FoldState } from './spark-events/fold-state.js';
import { onApplicationEnd, onApplicationStart, onEnvironmentUpdate, onLogStart, onResourceProfileAdded } from './spark-events/app-events.js';
import {
  onBlockManagerAdded,
  onExecutorAdded,
  onExecutorExclusion,
  onExecutorMetricsUpdate,
  onExecutorRemoved,
  onNodeExclusion,
  onStageExclusion,
  onStageExecutorMetrics,
} from './spark-events/executor-events.js';
import { onJobEnd, onJobStart, onSpeculativeTaskSubmitted, onStageCompleted, onStageSubmitted } from './spark-events/job-stage-events.js';
import { onTaskEnd, onTaskGettingResult, onTaskStart } from './spark-events/task-events.js';
import { buildJobRun } from './spark-events/build-job-run.js';
import { HOT_KEYS_EVENT, onHotKeys } from './spark-events/hot-keys-event.js';
import { trimInternalAccumulables } from './spark-events/trim-accumulables.js';

export interface SparkEventFolderOptions {
  source: RunSource;
  warn: WarningSink;
  /** From the log's name, used when the log has no SparkListenerApplicationStart. */
  appId?: string;
  attemptId?: string;
}

type Handler = (s: FoldState, e: Json) => void;
const ignore: Handler = () => {};

const HANDLERS: Record<string, Handler> = {
  SparkListenerLogStart: onLogStart,
  SparkListenerApplicationStart: onApplicationStart,
  SparkListenerApplicationEnd: onApplicationEnd,
  SparkListenerEnvironmentUpdate: onEnvironmentUpdate,
  SparkListenerResourceProfileAdded: onResourceProfileAdded,
  SparkListenerBlockManagerAdded: onBlockManagerAdded,
  // Spark: "covered by onExecutorRemoved".
  SparkListenerBlockManagerRemoved: ignore,
  SparkListenerExecutorAdded: onExecutorAdded,
  SparkListenerExecutorRemoved: onExecutorRemoved,
  SparkListenerExecutorBlacklisted: (s, e) => onExecutorExclusion(s, e, true),
  SparkListenerExecutorExcluded: (s, e) => onExecutorExclusion(s, e, true),
  SparkListenerExecutorUnblacklisted: (s, e) => onExecutorExclusion(s, e, false),
  SparkListenerExecutorUnexcluded: (s, e) => onExecutorExclusion(s, e, false),
  SparkListenerNodeBlacklisted: (s, e) => onNodeExclusion(s, e, true),
  SparkListenerNodeExcluded: (s, e) => onNodeExclusion(s, e, true),
  SparkListenerNodeUnblacklisted: (s, e) => onNodeExclusion(s, e, false),
  SparkListenerNodeUnexcluded: (s, e) => onNodeExclusion(s, e, false),
  SparkListenerExecutorBlacklistedForStage: (s, e) => onStageExclusion(s, e, false),
  SparkListenerExecutorExcludedForStage: (s, e) => onStageExclusion(s, e, false),
  SparkListenerNodeBlacklistedForStage: (s, e) => onStageExclusion(s, e, true),
  SparkListenerNodeExcludedForStage: (s, e) => onStageExclusion(s, e, true),
  SparkListenerJobStart: onJobStart,
  SparkListenerJobEnd: onJobEnd,
  SparkListenerStageSubmitted: onStageSubmitted,
  SparkListenerStageCompleted: onStageCompleted,
  SparkListenerTaskStart: onTaskStart,
  SparkListenerTaskGettingResult: onTaskGettingResult,
  SparkListenerTaskEnd: onTaskEnd,
  SparkListenerSpeculativeTaskSubmitted: onSpeculativeTaskSubmitted,
  SparkListenerExecutorMetricsUpdate: onExecutorMetricsUpdate,
  SparkListenerStageExecutorMetrics: onStageExecutorMetrics,
  SparkListenerUnpersistRDD: ignore,
  SparkListenerUnschedulableTaskSetAdded: ignore,
  SparkListenerUnschedulableTaskSetRemoved: ignore,
  SparkListenerMiscellaneousProcessAdded: ignore,
  [HOT_KEYS_EVENT]: onHotKeys,
};

/** Events skipped unparsed: SQL plans and metrics (often the biggest lines), block updates, streaming progress. */
function isSkippedEvent(name: string): boolean {
  // The local engine's map output statistics are read live by the tuner, not by the model.
  return name.startsWith('org.apache.spark.sql.') || name === 'SparkListenerBlockUpdated' || name === 'org.skewscope.SparkListenerMapOutputStatistics';
}

const EVENT_PREFIX = '{"Event":"';
const SCHEDULER_PACKAGE = 'org.apache.spark.scheduler.';
/** Warnings kept per run; beyond this they are counted, so a garbage file cannot eat the heap. */
const MAX_WARNINGS = 200;

export class SparkEventFolder {
  private readonly state: FoldState;
  private readonly warnings: IngestWarning[] = [];
  private suppressedWarnings = 0;
  private readonly unknownEvents = new Set<string>();
  /**
   * TaskStart lines whose TaskEnd has not come yet, by task id. TaskEnd repeats everything TaskStart
   * says, so a TaskStart is parsed only if its task is still running when a result is asked for.
   */
  private readonly pendingStarts = new Map<number, { line: string; lineNo: number; file: string }>();
  private readonly source: RunSource;
  private readonly hints: { appId?: string; attemptId?: string };

  constructor(private readonly opts: SparkEventFolderOptions) {
    this.source = opts.source;
    this.hints = { appId: opts.appId, attemptId: opts.attemptId };
    this.state = new FoldState(new FieldReader((w) => this.addWarning(w)));
  }

  /** Records a warning about this run (also used by the byte reader, for cut lines and bad blocks). */
  addWarning(w: IngestWarning): void {
    if (this.warnings.length >= MAX_WARNINGS) {
      this.suppressedWarnings++;
      return;
    }
    this.warnings.push(w);
    this.opts.warn(w);
  }

  /** One line of an event log (without its newline). */
  acceptLine(line: string, lineNo: number, file: string): void {
    let name: string | undefined;
    if (line.startsWith(EVENT_PREFIX)) {
      const end = line.indexOf('"', EVENT_PREFIX.length);
      if (end > 0) {
        name = line.slice(EVENT_PREFIX.length, end);
        if (isSkippedEvent(name)) return;
        if (name === 'SparkListenerTaskStart' || name === 'SparkListenerTaskEnd') {
          const taskId = taskIdOf(line);
          if (taskId !== undefined) {
            if (name === 'SparkListenerTaskStart') {
              this.pendingStarts.set(taskId, { line, lineNo, file });
              return;
            }
            this.parseAndFold(line, lineNo, file, name);
            // Once the TaskEnd is folded its TaskStart counts as read (the end repeats all it said);
            // a TaskEnd too damaged to use leaves the start to show the task.
            if (this.state.tasks.has(taskId) && this.pendingStarts.delete(taskId)) this.state.eventsRead++;
            return;
          }
        }
      }
    }
    this.parseAndFold(line, lineNo, file, name);
  }

  private parseAndFold(line: string, lineNo: number, file: string, name: string | undefined): void {
    let event: unknown;
    try {
      event = JSON.parse(name === 'SparkListenerTaskEnd' ? trimInternalAccumulables(line) : line);
    } catch {
      event = this.parseUntrimmed(line, name);
    }
    if (event === undefined) {
      if (line.trim() === '') return;
      const preview = line.length > 60 ? `${line.slice(0, 60)}…` : line;
      this.addWarning({ file, line: lineNo, message: `Line ${lineNo} is not a JSON event (cut off or corrupted?): ${JSON.stringify(preview)}; skipped it.` });
      return;
    }
    if (!isJson(event)) {
      this.addWarning({ file, line: lineNo, message: `Line ${lineNo} is JSON but not an event object; skipped it.` });
      return;
    }
    this.fold(event, file, lineNo);
  }

  /** The trimmed TaskEnd did not parse: the line itself decides (a cut-off line fails again). */
  private parseUntrimmed(line: string, name: string | undefined): unknown {
    if (name !== 'SparkListenerTaskEnd') return undefined;
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  }

  /** An event already parsed (our local engine feeds these live, without serialising). */
  acceptEvent(event: Record<string, unknown>): void {
    this.fold(event, this.source.path, undefined);
  }

  private fold(event: Json, file: string, line: number | undefined): void {
    const raw = event['Event'];
    const f = this.state.f;
    if (typeof raw !== 'string') {
      this.addWarning({ file, line, message: `${line !== undefined ? `Line ${line}` : 'An event'} has no "Event" name; skipped it.` });
      return;
    }
    const name = raw.startsWith(SCHEDULER_PACKAGE) ? raw.slice(SCHEDULER_PACKAGE.length) : raw;
    const handler = HANDLERS[name];
    if (!handler) {
      if (!isSkippedEvent(name) && !this.unknownEvents.has(name)) {
        this.unknownEvents.add(name);
        this.addWarning({ file, line, message: `Unknown event type ${name}${line !== undefined ? ` (first seen on line ${line})` : ''}; events of this type are ignored.` });
      }
      return;
    }
    f.place.file = file;
    f.place.line = line;
    f.place.event = name;
    this.state.eventsRead++;
    try {
      handler(this.state, event);
    } catch (err) {
      // Handlers read through FieldReader, so this is an event shape they did not expect.
      this.addWarning({ file, line, message: `Could not use ${name}${line !== undefined ? ` on line ${line}` : ''}: ${(err as Error).message}; skipped it.` });
    }
  }

  /** The run as read so far; callable repeatedly while a log is still being written. */
  result(): JobRun {
    for (const [, start] of this.pendingStarts) this.parseAndFold(start.line, start.lineNo, start.file, 'SparkListenerTaskStart');
    this.pendingStarts.clear();
    const warnings = this.warnings.slice();
    if (this.suppressedWarnings > 0) {
      warnings.push({ file: this.source.path, message: `${this.suppressedWarnings} more warnings about this log were not listed.` });
    }
    return buildJobRun(this.state, this.source, this.hints, warnings);
  }
}

const TASK_ID_KEY = '"Task ID":';

/** The first "Task ID" of a task event line (Task Info's), read without parsing the line. */
function taskIdOf(line: string): number | undefined {
  const at = line.indexOf(TASK_ID_KEY);
  if (at < 0) return undefined;
  let i = at + TASK_ID_KEY.length;
  let id = 0;
  let digits = 0;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) {
    id = id * 10 + (c - 48);
    digits++;
  }
  // Anything but a plain integer (a corrupted line) is left to the parser and its warnings.
  return digits > 0 && digits < 16 && (line.charCodeAt(i) === 44 || line.charCodeAt(i) === 125) ? id : undefined;
}
