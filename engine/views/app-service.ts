// The app API behind both transports: a catalog of loaded runs, opening files/folders/sessions,
// view data as of time t, live runs, saved sessions, and the events the UI listens to.
import { join } from 'node:path';
import { homedir } from 'node:os';
import { mkdir } from 'node:fs/promises';
import type { IngestWarning, JobRun } from '../model/job-run.js';
import { isSessionPath, readSession, SessionFileError, SESSION_SUFFIX, writeSession } from '../ingest/session-file.js';
import type { AppApi, AppEvent, Capabilities, OpenResult, RiskLevel, RunInfo, TaskDetail } from './contract.js';
import { diagnoseForViews, type ViewDiagnosis } from './diagnosis-adapter.js';
import { runAsOf } from '../model/as-of.js';
import { runInfo, runSpan } from './run-info.js';
import { buildOverview } from './overview.js';
import { buildMemoryViews } from '../analysis/memory.js';
import { buildMemory } from './memory.js';
import { buildTimeline } from './timeline.js';
import { buildExecutors } from './executors.js';
import { buildStageDetail, buildStages } from './stages.js';
import { PathGuard } from './path-guard.js';
import { replayAsLive, type LiveRunSource } from './live-run.js';
import { glueLiveSource, glueRunsForPicker, loadGlueRun, type AwsConnection, type GlueRunsResult } from '../aws/aws-app-api.js';
import { TunerService } from '../tuner/tuner-service.js';
import type { TunerStartArgs } from '../tuner/tuner-api.js';

export type EventLogOpener = (
  path: string,
  opts?: { onProgress?: (p: { bytesRead: number; totalBytes: number }) => void },
) => Promise<{ runs: JobRun[]; warnings: IngestWarning[] }>;

export interface AppServiceOptions {
  openEventLogs: EventLogOpener;
  /** Loads the built-in demo. */
  openDemo: () => Promise<{ runs: JobRun[]; warnings: IngestWarning[] }>;
  /** Folders the API may read; undefined = any path (Electron, where the user picks in a native dialog). */
  roots?: string[];
  transport: Capabilities['transport'];
  /** Where sessions are saved when no path is given. */
  sessionDir?: string;
  diagnose?: (run: JobRun, asOf: number) => ViewDiagnosis;
}

interface Entry {
  run: JobRun;
  live?: LiveRunSource;
  span: { start: number; end: number };
  /** Small cache: scrubbing asks several views for the same t. */
  diag: Map<number, ViewDiagnosis>;
  clipped: Map<number, JobRun>;
  lastRisk: Map<string, RiskLevel>;
}

export class UserFacingError extends Error {}

export class AppService implements AppApi {
  private readonly runs = new Map<string, Entry>();
  private readonly listeners = new Set<(e: AppEvent) => void>();
  private readonly recentPaths: string[] = [];
  readonly guard: PathGuard;
  private readonly diagnose: (run: JobRun, asOf: number) => ViewDiagnosis;

  constructor(private readonly opts: AppServiceOptions) {
    this.guard = new PathGuard(opts.roots);
    this.diagnose = opts.diagnose ?? diagnoseForViews;
  }

  subscribe(listener: (e: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: AppEvent): void {
    for (const l of this.listeners) l(e);
  }

  async capabilities(): Promise<Capabilities> {
    const electron = this.opts.transport === 'electron';
    return { transport: this.opts.transport, nativeDialogs: electron, saveToDisk: true };
  }

  async listRuns(): Promise<RunInfo[]> {
    return [...this.runs.values()].map((e) => runInfo(e.run, e.live !== undefined && !e.live.finished(), e.span));
  }

  /** Runs loaded elsewhere (`skewscope serve --event-logs DIR` loads its folder up front). */
  addRuns(runs: JobRun[]): RunInfo[] {
    const infos = runs.map((r) => this.addRun(r));
    this.emit({ type: 'runs-changed' });
    return infos;
  }

  /** Every loaded run as it is now (the REST v1 routes serve these too). */
  allRuns(): JobRun[] {
    return [...this.runs.values()].map((e) => e.run);
  }

  async recent(): Promise<string[]> {
    return [...this.recentPaths];
  }

  rememberRecent(path: string): void {
    const i = this.recentPaths.indexOf(path);
    if (i >= 0) this.recentPaths.splice(i, 1);
    this.recentPaths.unshift(path);
    this.recentPaths.length = Math.min(this.recentPaths.length, 10);
  }

  async browse(args: { path?: string }) {
    return this.guard.browse(args.path);
  }

  private addRun(run: JobRun, live?: LiveRunSource): RunInfo {
    const entry: Entry = { run, live, span: runSpan(run), diag: new Map(), clipped: new Map(), lastRisk: new Map() };
    this.runs.set(run.id, entry);
    return runInfo(run, live !== undefined, entry.span);
  }

  async openPath(args: { path: string }): Promise<OpenResult> {
    const checked = await this.guard.check(args.path);
    if ('error' in checked) return { runs: [], warnings: [], error: { message: checked.error, file: args.path } };
    const path = checked.path;
    try {
      const loaded = isSessionPath(path)
        ? { runs: await readSession(path), warnings: [] }
        : await this.opts.openEventLogs(path, {
            onProgress: (p) => this.emit({ type: 'progress', path, bytesRead: p.bytesRead, totalBytes: p.totalBytes }),
          });
      this.rememberRecent(path);
      const infos = loaded.runs.map((r) => this.addRun(r));
      this.emit({ type: 'runs-changed' });
      const error = infos.length === 0 ? { message: `${path}: no Spark application could be read from it.`, file: path, line: loaded.warnings[0]?.line } : undefined;
      return { runs: infos, warnings: loaded.warnings, error };
    } catch (err) {
      return { runs: [], warnings: [], error: { message: describeError(err), file: err instanceof SessionFileError ? err.file : path } };
    }
  }

  async openDemo(): Promise<OpenResult> {
    try {
      const loaded = await this.opts.openDemo();
      const infos = loaded.runs.map((r) => this.addRun(r));
      this.emit({ type: 'runs-changed' });
      return { runs: infos, warnings: loaded.warnings };
    } catch (err) {
      return { runs: [], warnings: [], error: { message: `The demo could not be opened: ${describeError(err)}` } };
    }
  }

  async startLiveReplay(args: { path?: string; speed: number }): Promise<OpenResult> {
    const opened = args.path ? await this.openPath({ path: args.path }) : await this.openDemo();
    if (opened.error || opened.runs.length === 0) return opened;
    const full = this.runs.get(opened.runs[0].id)!.run;
    return this.addLiveRun(replayAsLive(full, args.speed), opened.warnings);
  }

  /** The local engine's live runs come in here too. */
  addLiveRun(source: LiveRunSource, warnings: IngestWarning[] = []): OpenResult {
    const info = this.addRun(source.current(), source);
    const unsubscribe = source.subscribe(() => {
      const entry = this.runs.get(source.id);
      if (!entry) return unsubscribe();
      entry.run = source.current();
      entry.span = runSpan(entry.run);
      entry.diag.clear();
      entry.clipped.clear();
      const live = !source.finished();
      this.emit({ type: 'run-updated', runId: source.id, endTime: entry.span.end, live });
      this.checkRisk(source.id, entry);
      if (!live) unsubscribe();
    });
    this.emit({ type: 'runs-changed' });
    return { runs: [info], warnings };
  }

  private checkRisk(runId: string, entry: Entry): void {
    for (const r of this.diagnosisAt(entry, entry.span.end).risk) {
      const before = entry.lastRisk.get(r.executorId);
      entry.lastRisk.set(r.executorId, r.level);
      if (r.level === 'high' && before !== 'high') this.emit({ type: 'risk', runId, risk: r });
    }
  }

  async closeRun(args: { runId: string }): Promise<void> {
    this.runs.get(args.runId)?.live?.stop();
    this.runs.delete(args.runId);
    this.emit({ type: 'runs-changed' });
  }

  private entry(runId: string): Entry {
    const e = this.runs.get(runId);
    if (!e) throw new UserFacingError(`No run with id ${runId} is open.`);
    return e;
  }

  private at(entry: Entry, asOf: number | undefined): number {
    return asOf === undefined || !Number.isFinite(asOf) ? entry.span.end : Math.min(Math.max(asOf, entry.span.start), entry.span.end);
  }

  private clipped(entry: Entry, t: number): JobRun {
    if (t >= entry.span.end) return entry.run;
    let run = entry.clipped.get(t);
    if (!run) {
      run = runAsOf(entry.run, t);
      remember(entry.clipped, t, run);
    }
    return run;
  }

  private diagnosisAt(entry: Entry, t: number): ViewDiagnosis {
    let d = entry.diag.get(t);
    if (!d) {
      d = this.diagnose(entry.run, t);
      remember(entry.diag, t, d);
    }
    return d;
  }

  async overview(args: { runId: string; asOf?: number }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const run = this.clipped(e, t);
    const memory = e.diag.get(t)?.memory ?? buildMemoryViews(run);
    return buildOverview(run, runInfo(e.run, e.live !== undefined && !e.live.finished(), e.span), t, memory);
  }

  async memory(args: { runId: string; asOf?: number; withSeries?: boolean }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const d = this.diagnosisAt(e, t);
    const data = buildMemory(this.clipped(e, t), d.memory, e.span, t, d.risk);
    return args.withSeries === false ? { ...data, series: data.series.map((s) => ({ ...s, t: [], used: [] })) } : data;
  }

  async timeline(args: { runId: string }) {
    const e = this.entry(args.runId);
    return buildTimeline(e.run, e.span, this.diagnosisAt(e, e.span.end).stragglerTaskIds);
  }

  async executors(args: { runId: string; asOf?: number }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const d = this.diagnosisAt(e, t);
    return buildExecutors(this.clipped(e, t), t, d.stragglerTaskIds, d.stragglerExecutorIds, d.memory);
  }

  async stages(args: { runId: string; asOf?: number }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const d = this.diagnosisAt(e, t);
    return buildStages(this.clipped(e, t), t, d.stragglerTaskIds, d.skew);
  }

  async stage(args: { runId: string; stageId: number; attemptId: number; asOf?: number }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const d = this.diagnosisAt(e, t);
    const detail = buildStageDetail(this.clipped(e, t), t, args.stageId, args.attemptId, d.stragglerTaskIds, d.skew);
    if (!detail) throw new UserFacingError(`Stage ${args.stageId} attempt ${args.attemptId} has not started by this time.`);
    return detail;
  }

  async findings(args: { runId: string; asOf?: number }) {
    const e = this.entry(args.runId);
    const t = this.at(e, args.asOf);
    const d = this.diagnosisAt(e, t);
    return { asOf: t, findings: d.findings, risk: d.risk, stragglerTaskIds: [...d.stragglerTaskIds] };
  }

  async task(args: { runId: string; taskId: number }): Promise<TaskDetail> {
    const e = this.entry(args.runId);
    const task = e.run.tasks.find((t) => t.taskId === args.taskId);
    if (!task) throw new UserFacingError(`Task ${args.taskId} is not in this run.`);
    const stage = e.run.stages.find((s) => s.stageId === task.stageId && s.attemptId === task.stageAttemptId);
    return {
      task,
      stageName: stage?.name ?? `stage ${task.stageId}`,
      duration: task.finishTime > 0 ? task.finishTime - task.launchTime : undefined,
      metrics: task.metrics,
      straggler: this.diagnosisAt(e, e.span.end).stragglerTaskIds.has(task.taskId),
    };
  }

  async saveSession(args: { runId: string; path?: string }): Promise<{ path: string }> {
    const e = this.entry(args.runId);
    const dir = this.opts.sessionDir ?? join(homedir(), '.skewscope', 'sessions');
    let path = args.path;
    if (path === undefined) {
      await mkdir(dir, { recursive: true });
      path = join(dir, `${e.run.id.replace(/[^\w.-]+/g, '_')}${SESSION_SUFFIX}`);
    } else if (!this.guard.unrestricted) {
      throw new UserFacingError('This server saves sessions only to its own session folder.');
    }
    if (!path.endsWith(SESSION_SUFFIX)) path += SESSION_SUFFIX;
    await writeSession(path, [e.run]);
    this.rememberRecent(path);
    return { path };
  }

  /** Stops live runs so a process can exit. */
  dispose(): void {
    for (const e of this.runs.values()) e.live?.stop();
    this.listeners.clear();
  }

  async glueRuns(args: AwsConnection & { jobName: string }): Promise<GlueRunsResult> {
    return glueRunsForPicker(args);
  }

  async openGlueRun(args: AwsConnection & { jobName: string; jobRunId: string; eventLogPath?: string }): Promise<OpenResult> {
    try {
      const run = await loadGlueRun(args);
      const live = glueLiveSource(args, run);
      if (live) return this.addLiveRun(live, run.warnings);
      const info = this.addRun(run);
      this.emit({ type: 'runs-changed' });
      return { runs: [info], warnings: run.warnings };
    } catch (err) {
      return { runs: [], warnings: [], error: { message: describeError(err), file: args.eventLogPath } };
    }
  }

  /** The Tuner panel (engine/tuner/tuner-service.ts): its trials also appear as live runs. */
  private readonly tuner = new TunerService({
    emit: (e) => this.emit(e),
    addLiveRun: (source) => void this.addLiveRun(source),
    checkPath: async (path) => {
      const checked = await this.guard.check(path);
      if ('error' in checked) throw new UserFacingError(checked.error);
      return checked.path;
    },
  });
  tunerState = () => this.tuner.tunerState();
  tunerStart = (args: TunerStartArgs) => this.tuner.tunerStart(args);
  tunerTrial = (args: TunerStartArgs & { boundedFiles: number }) => this.tuner.tunerTrial(args);
  tunerCancel = () => this.tuner.tunerCancel();
  tunerHistory = () => this.tuner.tunerHistory();
}

function remember<V>(cache: Map<number, V>, key: number, value: V): void {
  if (cache.size >= 16) cache.delete(cache.keys().next().value as number);
  cache.set(key, value);
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
