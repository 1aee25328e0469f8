// Tuning one job spec end to end, as the CLI and the app both do it: size the backlog from the
// lake, run the loop on the local engine, plan the backlog with the bound found, export the Glue
// lines, and keep the whole story in the tuning history.
import { TuningHistory } from '../store/tuning-history.js';
import type { JobSpec } from '../runtime/job-spec.js';
import type { RunSettings } from '../runtime/run-settings.js';
import { summarizeBacklog, type Backlog } from './backlog.js';
import { fitRunTime, planBacklog, type BacklogPlan } from './backlog-plan.js';
import { unprocessedFiles } from './backlog-source.js';
import type { AwsOptions } from '../lake/lake-location.js';
import { boundUnit } from './bound.js';
import { glueScriptLines } from './glue-export.js';
import type { Bound, JobRunner } from './job-runner.js';
import { LocalJobRunner } from './local-job-runner.js';
import { autoTune, type TuneHooks, type TuneOptions } from './tune-loop.js';
import type { TuneResult } from './tuning-types.js';

export interface TuneJobOptions extends Omit<TuneOptions, 'backlogSize' | 'unit'> {
  spec: JobSpec;
  /** Engine settings for every run (lake and out overrides, executors, heaps, bookmark database). */
  settings?: Omit<RunSettings, 'bound' | 'bookmarkOption' | 'signal'>;
  deadlineMs?: number;
  maxParallel?: number;
  /** Where tuning history goes; false keeps none (default: the app's database). */
  history?: TuningHistory | false;
  /** Runs the trials; default the local engine. */
  runner?: JobRunner;
  /** Profile, region and endpoint for listing an s3:// lake's backlog. */
  aws?: AwsOptions;
}

export interface TuneJobReport {
  job: string;
  runner: string;
  result: TuneResult;
  backlog: Pick<Backlog, 'files' | 'bytes' | 'columns'>;
  plan?: BacklogPlan;
  glue: string[];
  /** Id of the session in the tuning history. */
  sessionId?: number;
}

export async function tuneJob(opts: TuneJobOptions, hooks: TuneHooks = {}): Promise<TuneJobReport> {
  const local = opts.runner ? undefined : new LocalJobRunner({ spec: opts.spec, settings: opts.settings });
  const runner = opts.runner ?? local!;
  const factSource = (runner instanceof LocalJobRunner ? runner.factSource : undefined) ?? Object.keys(opts.spec.sources)[0];
  const fact = opts.spec.sources[factSource];
  const initial: Bound | undefined =
    opts.initial ?? (fact.boundedFiles !== undefined ? { boundedFiles: fact.boundedFiles } : fact.boundedSize !== undefined ? { boundedSize: fact.boundedSize } : undefined);
  const unit = (initial && boundUnit(initial)) ?? 'files';
  const backlog = await summarizeBacklog(unprocessedFiles(opts.spec, factSource, { lake: opts.settings?.lake, bookmarkDb: opts.settings?.bookmarkDb, aws: opts.aws }));

  const history = opts.history === false ? undefined : (opts.history ?? TuningHistory.open());
  const ownsHistory = opts.history === undefined;
  try {
    const targetHeap = opts.targetHeap ?? 0.5;
    const sessionId = history?.startSession({
      job: opts.spec.name,
      runner: runner.name,
      targetHeap,
      options: { initial, targetHeap, maxRuns: opts.maxRuns, deadlineMs: opts.deadlineMs, cancelAt: opts.cancelAt, tolerance: opts.tolerance, backlogFiles: backlog.files },
    });
    const result = await autoTune(
      runner,
      { ...opts, initial, unit, backlogSize: unit === 'files' ? backlog.files : backlog.bytes },
      {
        ...hooks,
        onRunEnd: (r) => {
          if (sessionId !== undefined) history!.recordRun(sessionId, r);
          hooks.onRunEnd?.(r);
        },
        onDecision: (d) => {
          if (sessionId !== undefined) history!.recordDecision(sessionId, d);
          hooks.onDecision?.(d);
        },
      },
    );
    let plan: BacklogPlan | undefined;
    if (result.bound) {
      const finished = result.runs.filter((r) => r.outcome === 'safe' && r.sampleFraction === undefined);
      const runTime = fitRunTime(finished.map((r) => ({ amount: unit === 'files' ? r.filesRead : r.bytesRead, durationMs: r.durationMs }))) ?? { fixedMs: 0, perUnitMs: 0 };
      plan = planBacklog(backlog, result.bound, runTime, { deadlineMs: opts.deadlineMs, maxParallel: opts.maxParallel });
    }
    const glue = result.bound ? glueScriptLines(result.bound, plan, { transformationCtx: fact.transformation_ctx, targetHeap }) : [];
    if (sessionId !== undefined) history!.finishSession(sessionId, result, plan);
    return { job: opts.spec.name, runner: runner.name, result, backlog: { files: backlog.files, bytes: backlog.bytes, columns: backlog.columns }, plan, glue, sessionId };
  } finally {
    if (ownsHistory) history?.close();
  }
}
