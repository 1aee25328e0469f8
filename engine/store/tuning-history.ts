// Tuning history in SQLite: every tuning session, its trial runs and every decision with its
// evidence, written as they happen, so a restart (or a crash mid-tuning) keeps what was learnt.
import type { BacklogPlan } from '../tuner/backlog-plan.js';
import type { Bound } from '../tuner/job-runner.js';
import type { TrialRun, TuneResult, TuningDecision } from '../tuner/tuning-types.js';
import { openDatabase, type Db, type OpenDatabaseOptions } from './database.js';
import { migrate, type Migration } from './migrate.js';

const MIGRATIONS: Migration[] = [
  `
  CREATE TABLE tuning_session (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    runner TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    options_json TEXT NOT NULL,
    bound_json TEXT,
    converged INTEGER,
    target_heap REAL NOT NULL,
    plan_json TEXT
  );
  CREATE INDEX tuning_session_by_job ON tuning_session (job, started_at);
  CREATE TABLE tuning_run (
    session_id INTEGER NOT NULL REFERENCES tuning_session (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    peak_heap REAL NOT NULL,
    duration_ms INTEGER NOT NULL,
    run_json TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
  );
  CREATE TABLE tuning_decision (
    session_id INTEGER NOT NULL REFERENCES tuning_session (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    decision_json TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  `,
];

export interface TuningSessionRow {
  id: number;
  job: string;
  runner: string;
  startedAt: number;
  finishedAt?: number;
  options: Record<string, unknown>;
  bound?: Bound;
  converged?: boolean;
  targetHeap: number;
  plan?: BacklogPlan;
}

export interface TuningSessionDetail extends TuningSessionRow {
  runs: TrialRun[];
  decisions: TuningDecision[];
}

interface SessionRecord {
  id: number;
  job: string;
  runner: string;
  started_at: number;
  finished_at: number | null;
  options_json: string;
  bound_json: string | null;
  converged: number | null;
  target_heap: number;
  plan_json: string | null;
}

export class TuningHistory {
  constructor(private readonly db: Db) {
    migrate(db, 'tuning-history', MIGRATIONS);
  }

  static open(options: OpenDatabaseOptions = {}): TuningHistory {
    return new TuningHistory(openDatabase(options));
  }

  close(): void {
    this.db.close();
  }

  startSession(s: { job: string; runner: string; targetHeap: number; options: Record<string, unknown> }): number {
    const r = this.db
      .prepare('INSERT INTO tuning_session (job, runner, started_at, options_json, target_heap) VALUES (?, ?, ?, ?, ?)')
      .run(s.job, s.runner, Date.now(), JSON.stringify(s.options), s.targetHeap);
    return Number(r.lastInsertRowid);
  }

  recordRun(sessionId: number, run: TrialRun): void {
    this.db
      .prepare('INSERT OR REPLACE INTO tuning_run (session_id, idx, outcome, peak_heap, duration_ms, run_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sessionId, run.index, run.outcome, run.peakHeap, Math.round(run.durationMs), JSON.stringify(run));
  }

  recordDecision(sessionId: number, d: TuningDecision): void {
    this.db
      .prepare('INSERT OR REPLACE INTO tuning_decision (session_id, seq, at, action, decision_json) VALUES (?, ?, ?, ?, ?)')
      .run(sessionId, d.seq, d.at, d.action, JSON.stringify(d));
  }

  finishSession(sessionId: number, result: TuneResult, plan?: BacklogPlan): void {
    this.db
      .prepare('UPDATE tuning_session SET finished_at = ?, bound_json = ?, converged = ?, plan_json = ? WHERE id = ?')
      .run(Date.now(), result.bound ? JSON.stringify(result.bound) : null, result.converged ? 1 : 0, plan ? JSON.stringify(plan) : null, sessionId);
  }

  /** Newest first; all jobs unless one is named. */
  sessions(job?: string, limit = 50): TuningSessionRow[] {
    const rows = (
      job === undefined
        ? this.db.prepare('SELECT * FROM tuning_session ORDER BY started_at DESC, id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM tuning_session WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?').all(job, limit)
    ) as SessionRecord[];
    return rows.map(toRow);
  }

  session(id: number): TuningSessionDetail | undefined {
    const row = this.db.prepare('SELECT * FROM tuning_session WHERE id = ?').get(id) as SessionRecord | undefined;
    if (!row) return undefined;
    const runs = (this.db.prepare('SELECT run_json FROM tuning_run WHERE session_id = ? ORDER BY idx').all(id) as { run_json: string }[]).map(
      (r) => JSON.parse(r.run_json) as TrialRun,
    );
    const decisions = (
      this.db.prepare('SELECT decision_json FROM tuning_decision WHERE session_id = ? ORDER BY seq').all(id) as { decision_json: string }[]
    ).map((r) => JSON.parse(r.decision_json) as TuningDecision);
    return { ...toRow(row), runs, decisions };
  }
}

function toRow(r: SessionRecord): TuningSessionRow {
  return {
    id: r.id,
    job: r.job,
    runner: r.runner,
    startedAt: r.started_at,
    finishedAt: r.finished_at ?? undefined,
    options: JSON.parse(r.options_json) as Record<string, unknown>,
    bound: r.bound_json ? (JSON.parse(r.bound_json) as Bound) : undefined,
    converged: r.converged === null ? undefined : r.converged === 1,
    targetHeap: r.target_heap,
    plan: r.plan_json ? (JSON.parse(r.plan_json) as BacklogPlan) : undefined,
  };
}
