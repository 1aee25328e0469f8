// The one service contract the UI, CLI and REST use. It starts as a run catalog: open a path into
// runs, list them, get one by id, and the warnings met on the way. Transports and views build on it.
import type { IngestWarning, JobRun } from './model/job-run.js';
import { openEventLogs, type OpenEventLogsOptions } from './ingest/open-event-logs.js';

export type { OpenEventLogsOptions } from './ingest/open-event-logs.js';

export interface RunSummary {
  id: string;
  appId: string;
  name: string;
  attemptId?: string;
  sourcePath: string;
  completed: boolean;
  startTime: number;
  endTime: number;
  jobs: number;
  stages: number;
  tasks: number;
  executors: number;
  warnings: number;
}

export interface OpenedRuns {
  /** Ids of the runs this call added or replaced. */
  runIds: string[];
  warnings: IngestWarning[];
}

export class RunCatalog {
  private readonly byId = new Map<string, JobRun>();
  private readonly pathWarnings: IngestWarning[] = [];

  /** Opens a file, rolling folder, folder of logs or zip. Throws IngestError when nothing there is readable. */
  async open(path: string, opts?: OpenEventLogsOptions): Promise<OpenedRuns> {
    const { runs, warnings } = await openEventLogs(path, opts);
    const runIds: string[] = [];
    for (const run of runs) {
      const added = this.add(run);
      if (added.ok) runIds.push(run.id);
      if (added.warning) warnings.push(added.warning);
    }
    const runWarnings = new Set(runs.flatMap((r) => r.warnings));
    this.pathWarnings.push(...warnings.filter((w) => !runWarnings.has(w)));
    return { runIds, warnings };
  }

  /**
   * Adds a run (from any source). A run with a known id replaces it when it comes from the same
   * place (a log re-read as it grows). Two different logs of one attempt (a copy, a fragment)
   * would make ids ambiguous: the one with more events stays, and a warning names the other.
   */
  add(run: JobRun): { ok: true; warning?: IngestWarning } | { ok: false; warning: IngestWarning } {
    const known = this.byId.get(run.id);
    if (known && known.source.path !== run.source.path) {
      const keepKnown = (known.source.eventsRead ?? 0) >= (run.source.eventsRead ?? 0);
      const [kept, dropped] = keepKnown ? [known, run] : [run, known];
      const warning = { file: dropped.source.path, message: `Application attempt ${run.id} is also in ${kept.source.path}, which has more events; ignored this copy.` };
      if (keepKnown) return { ok: false, warning };
      this.byId.set(run.id, run);
      return { ok: true, warning };
    }
    this.byId.set(run.id, run);
    return { ok: true };
  }

  runs(): JobRun[] {
    return [...this.byId.values()];
  }

  get(id: string): JobRun | undefined {
    return this.byId.get(id);
  }

  list(): RunSummary[] {
    return this.runs().map((r) => {
      const a = r.application.attempts[0];
      return {
        id: r.id,
        appId: r.application.id,
        name: r.application.name,
        attemptId: r.attemptId,
        sourcePath: r.source.path,
        completed: a.completed,
        startTime: a.startTime,
        endTime: a.endTime,
        jobs: r.jobs.length,
        stages: r.stages.length,
        tasks: r.tasks.length,
        executors: r.executors.length,
        warnings: r.warnings.length,
      };
    });
  }

  /** Warnings about opened paths as a whole, then every run's own. */
  warnings(): IngestWarning[] {
    return [...this.pathWarnings, ...this.runs().flatMap((r) => r.warnings)];
  }
}
