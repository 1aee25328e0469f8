// App-wide UI state: which run and view, the replay time, and where "show me the evidence" points.
import type { IngestWarning, } from '../engine/model/job-run.js';
import type { OpenResult, RunInfo, UserError, ViewName } from '../engine/views/contract.js';
import { api } from './api-client.js';

export const VIEWS: { id: ViewName; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'memory', label: 'Memory' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'executors', label: 'Executors' },
  { id: 'stages', label: 'Stages' },
  { id: 'findings', label: 'Findings' },
  { id: 'tuner', label: 'Tuner' },
];

export const SPEEDS = [1, 2, 5, 10, 25, 50, 100];

export interface Focus {
  stageId?: number;
  attemptId?: number;
  executorId?: string;
  taskId?: number;
}

class AppState {
  runs = $state<RunInfo[]>([]);
  runId = $state<string | undefined>(undefined);
  view = $state<ViewName>('overview');
  /** Replay time; undefined follows the newest data (the end of a finished run, "now" for a live one). */
  asOf = $state<number | undefined>(undefined);
  playing = $state(false);
  speed = $state(10);
  focus = $state<Focus>({});
  loading = $state<{ path: string; bytesRead: number; totalBytes: number } | null>(null);
  error = $state<UserError | null>(null);
  warnings = $state<IngestWarning[]>([]);
  /** Bumped when the current live run gets new events, so views refetch. */
  revision = $state(0);
  notice = $state<string | null>(null);
  openDialog = $state(false);

  get run(): RunInfo | undefined {
    return this.runs.find((r) => r.id === this.runId);
  }

  /** The time every view shows. */
  get t(): number | undefined {
    const r = this.run;
    if (!r) return undefined;
    return this.asOf === undefined ? r.endTime : Math.min(Math.max(this.asOf, r.startTime), r.endTime);
  }

  go(view: ViewName, focus: Focus = {}): void {
    this.view = view;
    this.focus = focus;
  }

  async refreshRuns(): Promise<void> {
    this.runs = await api.listRuns();
    if (this.runId && !this.runs.some((r) => r.id === this.runId)) this.runId = this.runs.at(-1)?.id;
  }

  /** Shows what an open call produced: the run, its warnings, or the error with file and line. */
  async accept(p: Promise<OpenResult>, label: string): Promise<void> {
    this.loading = { path: label, bytesRead: 0, totalBytes: 0 };
    this.error = null;
    try {
      const result = await p;
      // The importer lists each run's warnings in its own list too: show each once.
      const seen = new Set<string>();
      this.warnings = [...result.warnings, ...result.runs.flatMap((r) => r.warnings)].filter((w) => {
        const key = `${w.file}\0${w.line ?? ''}\0${w.byteOffset ?? ''}\0${w.message}`;
        return !seen.has(key) && (seen.add(key), true);
      });
      if (result.error) this.error = result.error;
      await this.refreshRuns();
      const first = result.runs[0];
      if (first) {
        this.runId = first.id;
        this.asOf = undefined;
        this.playing = false;
        this.focus = {};
      }
    } catch (err) {
      this.error = { message: (err as Error).message, file: label };
    } finally {
      this.loading = null;
    }
  }
}

export const app = new AppState();

/**
 * Fetches the newest request only: while one call is in flight, later keys replace each other and
 * the last one runs when it returns. Keeps scrubbing responsive without flooding the API.
 */
export class Latest<T> {
  // Raw: view data can hold millions of numbers; deep reactive proxies would make every read slow.
  value = $state.raw<T | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  pending = $state(false);
  private inFlight = false;
  private next: (() => Promise<T>) | undefined;

  request(fn: () => Promise<T>): void {
    this.next = fn;
    if (!this.inFlight) void this.pump();
  }

  private async pump(): Promise<void> {
    this.inFlight = true;
    this.pending = true;
    while (this.next) {
      const fn = this.next;
      this.next = undefined;
      try {
        this.value = await fn();
        this.error = undefined;
      } catch (err) {
        this.error = (err as Error).message;
      }
    }
    this.inFlight = false;
    this.pending = false;
  }
}
