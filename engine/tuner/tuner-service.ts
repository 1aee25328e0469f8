// The tuner behind the app API: one tuning (or one manual trial) at a time on the local engine
// (or on AWS Glue when the panel picks it),
// its state pushed to the UI as it changes, each trial also offered as a live run so the Memory
// and Timeline views can follow it, and everything kept in the tuning history.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeDemoLake } from '../lake/demo/demo-lake.js';
import type { JobRun } from '../model/job-run.js';
import { loadJobSpec, type JobSpec } from '../runtime/job-spec.js';
import { appHome } from '../store/app-home.js';
import { TuningHistory, type TuningSessionRow } from '../store/tuning-history.js';
import type { LiveRunSource } from '../views/live-run.js';
import { analysisRiskAssessor } from './analysis-risk.js';
import { boundJson, describeBound } from './bound.js';
import { glueRunnerFrom } from './glue-runner-options.js';
import type { Bound, JobRunner } from './job-runner.js';
import { LocalJobRunner } from './local-job-runner.js';
import { runTrial } from './trial.js';
import { tuneJob } from './tune-job.js';
import type { TuneHooks } from './tune-loop.js';
import type { TunerApi, TunerEvent, TunerGlueArgs, TunerLiveRun, TunerRunView, TunerStartArgs, TunerState } from './tuner-api.js';
import type { TrialRun } from './tuning-types.js';

export interface TunerServiceOptions {
  emit: (e: TunerEvent) => void;
  /** Offers a trial's live run to the run list. */
  addLiveRun?: (source: LiveRunSource) => void;
  /** Checks a path the UI sent (browser mode reads only its own folders); returns the path to use. */
  checkPath?: (path: string) => Promise<string>;
  /** Makes the runner (tests inject one); default the local engine. */
  runnerFor?: (spec: JobSpec, settings: { lake: string; executorHeapMb?: number }) => JobRunner;
  /** Tuning history; default the app's database. */
  history?: TuningHistory;
}

const LIVE_PUSH_MS = 300;

/** The bundled demo job spec (assets/ sits two levels above engine/tuner/, three above dist/engine/tuner/). */
export function demoJobSpecPath(): string {
  for (const rel of ['../../assets/demo-job.json', '../../../assets/demo-job.json']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return fileURLToPath(new URL('../../assets/demo-job.json', import.meta.url));
}

export class TunerService implements TunerApi {
  private state: TunerState = { status: 'idle', targetHeap: 0.5, runs: [], decisions: [], glue: [] };
  private abort?: () => void;
  private lastPush = 0;

  constructor(private readonly opts: TunerServiceOptions) {}

  async tunerState(): Promise<TunerState> {
    return this.state;
  }

  async tunerHistory(): Promise<TuningSessionRow[]> {
    return this.withHistory((h) => h.sessions(undefined, 50));
  }

  async tunerCancel(): Promise<TunerState> {
    this.abort?.();
    return this.state;
  }

  async tunerStart(args: TunerStartArgs): Promise<TunerState> {
    const setup = await this.prepare(args, 'auto');
    if (args.glue?.dryRun) {
      const fact = Object.values(setup.spec.sources)[0];
      const initial = args.initialFiles ?? fact.boundedFiles;
      return this.dryRun(setup.runner, initial !== undefined ? { boundedFiles: initial } : fact.boundedSize !== undefined ? { boundedSize: fact.boundedSize } : { unbounded: true });
    }
    const controller = new AbortController();
    this.abort = () => controller.abort();
    const hooks = this.hooks(false);
    // The loop runs in the background; the UI follows it through 'tuner' events.
    void tuneJob(
      {
        spec: setup.spec,
        runner: setup.runner,
        settings: { lake: setup.lake },
        ...(args.glue ? { aws: { profile: args.glue.profile, region: args.glue.region, endpoint: args.glue.endpointUrl } } : {}),
        targetHeap: this.state.targetHeap,
        maxRuns: args.maxRuns,
        deadlineMs: args.deadlineMinutes !== undefined ? args.deadlineMinutes * 60_000 : undefined,
        initial: args.initialFiles !== undefined ? { boundedFiles: args.initialFiles } : undefined,
        history: this.opts.history,
        signal: controller.signal,
      },
      hooks,
    ).then(
      (report) => {
        const r = report.result;
        this.push(
          {
            ...this.state,
            status: controller.signal.aborted ? 'cancelled' : 'done',
            backlogFiles: report.backlog.files,
            recommendation: r.bound ? { label: describeBound(r.bound), ...boundJson(r.bound), converged: r.converged, reason: r.decisions.at(-1)?.reason ?? '' } : undefined,
            plan: report.plan,
            glue: report.glue,
            sessionId: report.sessionId,
            live: undefined,
          },
          true,
        );
      },
      (err: Error) => this.push({ ...this.state, status: 'failed', error: err.message, live: undefined }, true),
    );
    return this.state;
  }

  async tunerTrial(args: TunerStartArgs & { boundedFiles: number }): Promise<TunerState> {
    const setup = await this.prepare(args, 'manual', true);
    if (args.glue?.dryRun) return this.dryRun(setup.runner, { boundedFiles: args.boundedFiles });
    const hooks = this.hooks(true);
    const index = this.state.runs.length + 1;
    const bound = { boundedFiles: args.boundedFiles };
    const controller = new AbortController();
    this.abort = () => controller.abort();
    hooks.onRunStart?.(index, { bound, advanceBookmark: false });
    const policy = { cancelAt: 'high' as const, minConfidence: 0.5, targetHeap: this.state.targetHeap, stopOverTarget: false };
    void runTrial(setup.runner, { bound, advanceBookmark: false }, policy, analysisRiskAssessor(), {
      signal: controller.signal,
      onUpdate: (run) => hooks.onRunUpdate?.(index, run),
    }).then(
      ({ trial }) => {
        hooks.onRunEnd?.({ index, ...trial });
        this.push({ ...this.state, status: controller.signal.aborted ? 'cancelled' : 'done', live: undefined }, true);
      },
      (err: Error) => this.push({ ...this.state, status: 'failed', error: err.message, live: undefined }, true),
    );
    return this.state;
  }

  private async prepare(args: TunerStartArgs, mode: 'auto' | 'manual', keepRuns = false) {
    if (this.state.status === 'running') throw new Error('a tuning run is already in progress; cancel it first');
    const specPath = args.specPath ? await this.checked(args.specPath) : demoJobSpecPath();
    const spec = await loadJobSpec(specPath);
    // Glue reads its lake from S3: an s3:// URI, outside the browser-mode folder guard.
    const lake = args.glue ? args.glue.lake : args.lake ? await this.checked(args.lake) : await demoLake();
    const runner = args.glue
      ? glueRunnerFrom(glueRunnerOptions(args.glue), spec, (line) => this.logGlue(line), (notice) => this.logGlue(notice))
      : (this.opts.runnerFor?.(spec, { lake, executorHeapMb: args.executorHeapMb }) ?? new LocalJobRunner({ spec, settings: { lake, executorHeapMb: args.executorHeapMb } }));
    const runnerName = args.glue ? ('glue' as const) : ('local' as const);
    const sameJob = keepRuns && this.state.specPath === specPath && (this.state.runner ?? 'local') === runnerName;
    this.push(
      {
        status: 'running',
        mode,
        specPath,
        job: spec.name,
        targetHeap: args.targetHeap ?? (sameJob ? this.state.targetHeap : 0.5),
        runs: sameJob ? this.state.runs : [],
        decisions: sameJob ? this.state.decisions : [],
        glue: sameJob ? this.state.glue : [],
        recommendation: sameJob ? this.state.recommendation : undefined,
        plan: sameJob ? this.state.plan : undefined,
        backlogFiles: sameJob ? this.state.backlogFiles : undefined,
        runner: runnerName,
        glueLog: args.glue ? [] : undefined,
        dryRun: args.glue?.dryRun,
      },
      true,
    );
    return { spec, lake, runner };
  }

  /** The Glue runner's lines (dry-run calls, stopped runs, failed polls, throttling retries) for the panel. */
  private logGlue(line: string): void {
    this.push({ ...this.state, glueLog: [...(this.state.glueLog ?? []), line] }, true);
  }

  /** Collects the API calls the first trial would make (into glueLog); nothing is started. */
  private async dryRun(runner: JobRunner, bound: Bound): Promise<TunerState> {
    try {
      await (await runner.start({ bound, advanceBookmark: false })).outcome;
      this.push({ ...this.state, status: 'done' }, true);
    } catch (err) {
      this.push({ ...this.state, status: 'failed', error: (err as Error).message }, true);
    }
    return this.state;
  }

  private hooks(manual: boolean): TuneHooks {
    let source: TrialLiveSource | undefined;
    let started = 0;
    let label = '';
    // Manual trials continue the numbering so they sit beside the loop's runs in the chart.
    const offset = manual ? 0 : this.state.runs.length;
    return {
      onRunStart: (i, req) => {
        started = Date.now();
        label = describeBound(req.bound);
        source = undefined;
        this.push({ ...this.state, live: { index: i + offset, label, elapsedMs: 0, heap: [] } }, true);
      },
      onRunUpdate: (i, run) => {
        if (!source) {
          source = new TrialLiveSource(run);
          this.opts.addLiveRun?.(source);
        } else source.update(run);
        const live: TunerLiveRun = { index: i + offset, label, elapsedMs: Date.now() - started, heap: latestHeap(run), runId: run.id };
        this.push({ ...this.state, live });
      },
      onRunEnd: (r) => {
        source?.end();
        this.push({ ...this.state, runs: [...this.state.runs, runView({ ...r, index: r.index + offset }, manual)], live: undefined }, true);
      },
      onDecision: (d) => this.push({ ...this.state, decisions: [...this.state.decisions, d] }, true),
    };
  }

  private push(state: TunerState, force = false): void {
    this.state = state;
    const now = Date.now();
    if (!force && now - this.lastPush < LIVE_PUSH_MS) return;
    this.lastPush = now;
    this.opts.emit({ type: 'tuner', state });
  }

  private async checked(path: string): Promise<string> {
    return this.opts.checkPath ? this.opts.checkPath(path) : path;
  }

  private withHistory<T>(f: (h: TuningHistory) => T): T {
    if (this.opts.history) return f(this.opts.history);
    const h = TuningHistory.open();
    try {
      return f(h);
    } finally {
      h.close();
    }
  }
}

/** The demo lake in the app's folder, written with the generator's defaults the first time. */
async function demoLake(): Promise<string> {
  const dir = join(appHome(), 'demo-lake');
  if (!existsSync(join(dir, 'badge_access'))) await writeDemoLake(dir);
  return dir;
}

function glueRunnerOptions(g: TunerGlueArgs): Parameters<typeof glueRunnerFrom>[0] {
  return {
    profile: g.profile,
    region: g.region,
    endpointUrl: g.endpointUrl,
    glueJob: g.jobName,
    glueRole: g.roleArn,
    glueScript: g.scriptLocation,
    glueWorkerType: g.workerType,
    glueWorkers: g.workers !== undefined ? String(g.workers) : undefined,
    glueVersion: g.glueVersion,
    glueEventLogs: g.eventLogsPath,
    gluePollSeconds: g.pollSeconds !== undefined ? String(g.pollSeconds) : undefined,
    dryRun: g.dryRun,
    lake: g.lake,
  };
}

function runView(r: TrialRun, manual: boolean): TunerRunView {
  return {
    index: r.index,
    ...boundJson(r.bound),
    label: describeBound(r.bound),
    outcome: r.outcome,
    overTarget: r.overTarget,
    peakHeap: r.peakHeap,
    predictedAtMs: r.predictedAtMs,
    durationMs: r.durationMs,
    filesRead: r.filesRead,
    reason: r.reason,
    manual,
    evidence: r.evidence,
  };
}

function latestHeap(run: JobRun): { executorId: string; fraction: number }[] {
  const out = new Map<string, number>();
  for (const s of run.memory) {
    if (!s.limitBytes || s.used.length === 0 || s.kind === 'stage-peak' || s.kind === 'task-end-peak') continue;
    out.set(s.executorId, s.used[s.used.length - 1] / s.limitBytes);
  }
  return [...out].map(([executorId, fraction]) => ({ executorId, fraction }));
}

/** A trial as a live run for the run list (the same shape the app's live replays have). */
class TrialLiveSource implements LiveRunSource {
  private readonly listeners = new Set<() => void>();
  private done = false;

  constructor(private run: JobRun) {}

  get id(): string {
    return this.run.id;
  }

  current(): JobRun {
    return this.run;
  }

  update(run: JobRun): void {
    this.run = run;
    for (const l of this.listeners) l();
  }

  end(): void {
    this.done = true;
    for (const l of this.listeners) l();
  }

  subscribe(onUpdate: () => void): () => void {
    this.listeners.add(onUpdate);
    return () => this.listeners.delete(onUpdate);
  }

  finished(): boolean {
    return this.done;
  }

  stop(): void {
    this.listeners.clear();
  }
}
