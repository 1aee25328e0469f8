// diagnose(run): every detector over one JobRun, then the ranked findings. Pure and single-pass per
// detector, so the UI can call it on every replay scrub: diagnose(run, { asOf: t }).
import type { JobRun } from '../model/job-run.js';
import { runAsOf } from '../model/as-of.js';
import { findFailures, type FailureReport } from './failures.js';
import type { Finding } from './finding.js';
import { buildFindings } from './findings.js';
import { findHotKeys, type HotKeyShare } from './hot-keys.js';
import { buildMemoryViews, type MemoryView } from './memory.js';
import { predictOomRisks, type OomRisk } from './oom-risk-report.js';
import { resolveSettings, type DiagnosisSettings } from './settings.js';
import { findSkew, type StageSkew } from './skew.js';
import { groupTasksByStage, latestTime, type StageTasks } from './stage-tasks.js';
import { findStragglerExecutors, type StragglerExecutorReport } from './straggler-executors.js';
import { findStragglers, type StragglerReport } from './stragglers.js';
import { buildWorkTimeline, type WorkTimeline } from './work-projection.js';

export interface DiagnoseOptions {
  /** Diagnose the run as it was known at this instant (epoch ms): replay and live use. */
  asOf?: number;
  settings?: Partial<DiagnosisSettings>;
}

export interface Diagnosis {
  runId: string;
  /** The instant the diagnosis speaks for: asOf, or the last time the run knows about. */
  asOf: number;
  /** The application had ended by asOf. */
  completed: boolean;
  settings: DiagnosisSettings;
  stragglers: StragglerReport;
  stragglerExecutors: StragglerExecutorReport;
  skew: StageSkew[];
  hotKeys: HotKeyShare[];
  failures: FailureReport;
  memory: MemoryView[];
  oomRisk: OomRisk[];
  findings: Finding[];
}

/** What the finding builders read: the detectors' results plus the run they came from. */
export interface FindingContext extends Omit<Diagnosis, 'findings'> {
  run: JobRun;
  timeline: WorkTimeline;
  /** The run's tasks by stage attempt, so a finding about one stage never scans the whole run. */
  groups: StageTasks[];
}

export function diagnose(input: JobRun, opts: DiagnoseOptions = {}): Diagnosis {
  const settings = resolveSettings(opts.settings);
  const run = opts.asOf !== undefined ? runAsOf(input, opts.asOf) : input;
  const now = opts.asOf ?? latestTime(run);
  const groups = groupTasksByStage(run);
  const stragglers = findStragglers(groups, now, settings);
  // Executors are judged on outliers only: Spark's 1.5 × rule alone also catches the noise tail,
  // which an executor a few percent slower than the rest collects more of without being faulty.
  const stragglerIds = new Set(stragglers.tasks.filter((t) => t.significant).map((t) => t.taskId));
  const stragglerExecutors = findStragglerExecutors(run.tasks, stragglerIds, settings);
  const skew = findSkew(groups, settings);
  const hotKeys = findHotKeys(run.hotKeys, groups, settings);
  const failures = findFailures(run, settings);
  const memory = buildMemoryViews(run);
  const timeline = buildWorkTimeline(run);
  const oomRisk = predictOomRisks(run, memory, timeline, now, settings);
  const attempt = run.application.attempts[run.application.attempts.length - 1];
  const completed = !!attempt && attempt.completed && attempt.endTime > 0 && attempt.endTime <= now;
  const ctx: FindingContext = {
    run,
    timeline,
    groups,
    runId: run.id,
    asOf: now,
    completed,
    settings,
    stragglers,
    stragglerExecutors,
    skew,
    hotKeys,
    failures,
    memory,
    oomRisk,
  };
  const { run: _run, timeline: _timeline, groups: _groups, ...rest } = ctx;
  return { ...rest, findings: buildFindings(ctx) };
}
