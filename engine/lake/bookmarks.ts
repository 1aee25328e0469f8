// Glue-style job bookmarks in SQLite, with a lease per job and a crash-safe commit that moves
// the bookmark and the run's output together (protocol: engine/lake/README.md).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { migrateBookmarkTables } from '../store/bookmark-tables.js';
import { openDatabase, type Db } from '../store/database.js';
import { EMPTY_STATE, RECENT_BAND_MS, isProcessed, type BookmarkState } from './bookmark-state.js';
import { pathHash } from './path-hash.js';

/** Glue's `--job-bookmark-option`: job-bookmark-enable / -disable / -pause. */
export type BookmarkOption = 'enable' | 'disable' | 'pause';

export interface BeginOptions {
  job: string;
  /** Default `enable`. */
  option?: BookmarkOption;
  /**
   * Pause only (Glue's job-bookmark-from / job-bookmark-to): take exactly the input that was
   * processed after run `from` up to and including run `to`.
   */
  from?: number;
  to?: number;
  /** A label kept in the run history (e.g. the engine's run id). */
  runId?: string;
}

export interface ProcessedFile {
  path: string;
  mtime: number;
  size: number;
}

/** The run's staged output folder (or file) and where it becomes visible; moved with rename(2). */
export interface PublishOutput {
  staged: string;
  final: string;
}

export type CommitStep = 'intent-recorded' | 'output-published' | 'done';

export interface CommitHooks {
  /** Called after each step of the protocol; the crash tests kill the process here. */
  afterStep?: (step: CommitStep) => void;
}

export interface BookmarksOptions {
  /** Width of the recent band below the high-water mark. Default 15 min, as Glue. */
  bandMs?: number;
  /** A lease whose heartbeat is older than this is stale (its process died). Default 60 s. */
  staleAfterMs?: number;
  heartbeatMs?: number;
  /** Runs kept per bookmark for rewind and pause from/to. Default 100. */
  historyRuns?: number;
}

export interface ContextCommit {
  ctx: string;
  files: number;
  bytes: number;
  highWaterMark: number | null;
}

export interface CommitResult {
  run: number;
  attempt: number;
  published: boolean;
  /** Empty unless the option was `enable` (disable and pause never move the bookmark). */
  contexts: ContextCommit[];
}

export interface RunHistoryEntry {
  run: number;
  attempt: number;
  runId: string | null;
  files: number;
  bytes: number;
  highWaterMark: number | null;
  committedAt: number;
}

export interface ContextStatus {
  ctx: string;
  headRun: number;
  version: number;
  highWaterMark: number | null;
  history: RunHistoryEntry[];
}

export interface JobStatus {
  job: string;
  lastRun: number;
  attempt: number;
  running: { pid: number; host: string; startedAt: number; heartbeatAt: number; option: BookmarkOption } | null;
  contexts: ContextStatus[];
}

/** Another live process holds the job's lease. */
export class BookmarkBusyError extends Error {
  override name = 'BookmarkBusyError';
}

export class BookmarkError extends Error {
  override name = 'BookmarkError';
}

/** Which files a run may take for one transformation_ctx. */
export interface BookmarkView {
  readonly ctx: string;
  readonly option: BookmarkOption;
  readonly highWaterMark: number | null;
  isUnprocessed(file: { path: string; mtime: number }): boolean;
}

interface JobRow {
  job: string;
  last_run: number;
  attempt: number;
  lease_id: string | null;
  lease_pid: number | null;
  lease_host: string | null;
  lease_option: BookmarkOption | null;
  lease_started_at: number | null;
  lease_heartbeat_at: number | null;
}

interface PendingRow {
  lease_id: string;
  job: string;
  run: number;
  staged: string | null;
  final: string | null;
}

// Leases alive in this process: a lease row carrying our own pid is live only if listed here.
const liveLeases = new Set<string>();

export class BookmarkLease {
  /** Set when begin() had to finish or undo a commit left half-done by a crashed process. */
  readonly recovered: string | undefined;
  private readonly views = new Map<string, BookmarkView>();
  private heartbeat: NodeJS.Timeout | undefined;
  released = false;

  constructor(
    private readonly owner: Bookmarks,
    readonly id: string,
    readonly job: string,
    readonly run: number,
    readonly attempt: number,
    readonly option: BookmarkOption,
    readonly from: number | undefined,
    readonly to: number | undefined,
    readonly runId: string | undefined,
    recovered: string | undefined,
    heartbeatMs: number,
    beat: () => void,
  ) {
    this.recovered = recovered;
    this.heartbeat = setInterval(beat, heartbeatMs);
    this.heartbeat.unref();
  }

  /** The bookmark filter for one transformation_ctx (state loaded once per lease). */
  view(ctx: string): BookmarkView {
    let view = this.views.get(ctx);
    if (!view) {
      view = this.owner.viewFor(this, ctx);
      this.views.set(ctx, view);
    }
    return view;
  }

  contexts(): string[] {
    return [...this.views.keys()];
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.released = true;
    liveLeases.delete(this.id);
  }
}

export class Bookmarks {
  readonly bandMs: number;
  private readonly staleAfterMs: number;
  private readonly heartbeatMs: number;
  private readonly historyRuns: number;

  constructor(
    readonly db: Db,
    options: BookmarksOptions = {},
  ) {
    this.bandMs = options.bandMs ?? RECENT_BAND_MS;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.historyRuns = options.historyRuns ?? 100;
    migrateBookmarkTables(db);
  }

  /** Opens (creating if needed) the database in `$SKEWSCOPE_HOME` or the app-data folder. */
  static open(options: BookmarksOptions & { file?: string } = {}): Bookmarks {
    return new Bookmarks(openDatabase({ file: options.file }), options);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Starts a run of `job`: takes the job's lease (refusing if a live process holds it), finishes
   * or undoes any commit a crashed process left half-done, and fixes this run's number.
   */
  begin(options: BeginOptions): BookmarkLease {
    const option = options.option ?? 'enable';
    if ((options.from !== undefined || options.to !== undefined) && option !== 'pause') {
      throw new BookmarkError('job-bookmark-from / job-bookmark-to apply only with the option pause');
    }
    if ((options.from === undefined) !== (options.to === undefined)) {
      throw new BookmarkError('give both job-bookmark-from and job-bookmark-to, or neither');
    }
    if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
      throw new BookmarkError(`job-bookmark-from (${options.from}) is after job-bookmark-to (${options.to})`);
    }
    const id = randomUUID();
    const now = Date.now();
    let run = 0;
    let attempt = 0;
    let recovered: string | undefined;
    this.db
      .transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO bookmark_job (job) VALUES (?)').run(options.job);
        const row = this.jobRow(options.job);
        if (row.lease_id) {
          if (!this.isStale(row, now)) throw new BookmarkBusyError(busyMessage(row, now));
        }
        recovered = this.recoverPending(options.job);
        const fresh = this.jobRow(options.job);
        run = fresh.last_run + 1;
        attempt = fresh.attempt + 1;
        if (options.to !== undefined && options.to > fresh.last_run) {
          throw new BookmarkError(`job-bookmark-to is run ${options.to}, but job \`${options.job}\` has only run ${fresh.last_run} times`);
        }
        this.db
          .prepare(
            `UPDATE bookmark_job SET attempt = ?, lease_id = ?, lease_pid = ?, lease_host = ?, lease_option = ?,
             lease_started_at = ?, lease_heartbeat_at = ? WHERE job = ?`,
          )
          .run(attempt, id, process.pid, hostname(), option, now, now, options.job);
      })
      .immediate();
    liveLeases.add(id);
    const beat = this.db.prepare('UPDATE bookmark_job SET lease_heartbeat_at = ? WHERE lease_id = ?');
    return new BookmarkLease(this, id, options.job, run, attempt, option, options.from, options.to, options.runId, recovered, this.heartbeatMs, () => {
      try {
        beat.run(Date.now(), id);
      } catch {
        // The database was closed under a forgotten lease; staleness detection covers it.
      }
    });
  }

  /**
   * Commits the run: records the intent (new bookmark state, output paths) in one transaction,
   * renames `output.staged` to `output.final`, then makes the state current and releases the
   * lease in a second transaction. A crash at any point is repaired by the next begin().
   */
  commit(
    lease: BookmarkLease,
    processed: Readonly<Record<string, readonly ProcessedFile[]>>,
    output?: PublishOutput,
    hooks: CommitHooks = {},
  ): CommitResult {
    if (output) {
      if (!existsSync(output.staged)) throw new BookmarkError(`the staged output ${output.staged} does not exist; nothing to publish`);
      if (existsSync(output.final)) {
        throw new BookmarkError(`the output folder ${output.final} already exists; choose a new folder per run so a commit never overwrites`);
      }
    }
    const contexts: ContextCommit[] = [];
    this.db
      .transaction(() => {
        // Checked inside the transaction: no other process can take the lease over in between.
        this.assertHeld(lease);
        this.db
          .prepare('INSERT INTO bookmark_pending (lease_id, job, run, staged, final, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(lease.id, lease.job, lease.run, output?.staged ?? null, output?.final ?? null, Date.now());
        if (lease.option !== 'enable') return;
        const ctxs = new Set([...lease.contexts(), ...Object.keys(processed)]);
        for (const ctx of ctxs) contexts.push(this.recordRun(lease, ctx, processed[ctx] ?? []));
      })
      .immediate();
    hooks.afterStep?.('intent-recorded');
    if (output) {
      try {
        mkdirSync(dirname(output.final), { recursive: true });
        renameSync(output.staged, output.final);
      } catch (e) {
        // Nothing was published: undo the intent so the next run does not retry this rename.
        this.db.transaction(() => this.rollback(this.pendingRow(lease.id) as PendingRow)).immediate();
        throw new BookmarkError(
          `could not publish ${output.staged} as ${output.final} (${(e as Error).message}); the bookmark did not move. ` +
            'Staged and final output must be on one file system.',
        );
      }
    }
    hooks.afterStep?.('output-published');
    this.db.transaction(() => this.finish(lease.id)).immediate();
    lease.stop();
    hooks.afterStep?.('done');
    return { run: lease.run, attempt: lease.attempt, published: output !== undefined, contexts };
  }

  /** Gives up the run without moving the bookmark; the next begin() retries it as a new attempt. */
  abandon(lease: BookmarkLease): void {
    if (lease.released) return;
    this.releaseLease(lease.id);
    lease.stop();
  }

  /** Forgets everything processed (Glue's ResetJobBookmark), for one ctx or all of the job's. */
  reset(job: string, ctx?: string): void {
    this.db
      .transaction(() => {
        this.assertIdle(job);
        for (const c of this.contextsOf(job, ctx)) {
          this.db.prepare('DELETE FROM bookmark_recent WHERE job = ? AND ctx = ?').run(job, c);
          this.db.prepare('DELETE FROM bookmark_run WHERE job = ? AND ctx = ?').run(job, c);
          // Earlier runs' states are gone, so they can no longer be rewound to.
          this.db
            .prepare('UPDATE bookmark SET head_run = 0, version = version + 1, kept_from = ? WHERE job = ? AND ctx = ?')
            .run(this.jobRow(job).last_run + 1, job, c);
        }
      })
      .immediate();
  }

  /**
   * Puts the bookmark back to its state right after run `run` (Glue's ResetJobBookmark with a
   * run id): later runs' input becomes unprocessed again. Run numbers keep increasing.
   */
  rewind(job: string, run: number, ctx?: string): void {
    if (run <= 0) return this.reset(job, ctx);
    this.db
      .transaction(() => {
        this.assertIdle(job);
        const lastRun = this.jobRow(job).last_run;
        if (run > lastRun) throw new BookmarkError(`job \`${job}\` has run ${lastRun} times; cannot rewind to run ${run}`);
        for (const c of this.contextsOf(job, ctx)) {
          const keptFrom = (this.db.prepare('SELECT kept_from FROM bookmark WHERE job = ? AND ctx = ?').get(job, c) as { kept_from: number }).kept_from;
          if (run < keptFrom) {
            throw new BookmarkError(
              `run ${run} of \`${job}\` / \`${c}\` is older than the oldest kept run (${keptFrom}); Skewscope keeps the last ${this.historyRuns} runs. Reset instead?`,
            );
          }
          this.db.prepare('DELETE FROM bookmark_recent WHERE job = ? AND ctx = ? AND run > ?').run(job, c, run);
          this.db.prepare('DELETE FROM bookmark_run WHERE job = ? AND ctx = ? AND run > ?').run(job, c, run);
          this.db
            .prepare('UPDATE bookmark SET head_run = MIN(head_run, ?), version = version + 1 WHERE job = ? AND ctx = ?')
            .run(run, job, c);
        }
      })
      .immediate();
  }

  /** Read-only view of the current state, for listings outside a run (`skewscope lake ls --job`). */
  peek(job: string, ctx: string): BookmarkView {
    const state = this.loadState(job, ctx, this.headRun(job, ctx));
    return makeView(ctx, 'enable', state, (f) => !isProcessed(state, f));
  }

  status(job: string): JobStatus {
    const row = this.db.prepare('SELECT * FROM bookmark_job WHERE job = ?').get(job) as JobRow | undefined;
    const contexts = (this.db.prepare('SELECT ctx, head_run, version FROM bookmark WHERE job = ? ORDER BY ctx').all(job) as {
      ctx: string;
      head_run: number;
      version: number;
    }[]).map((b) => {
      const history = (this.db
        .prepare(
          `SELECT run, attempt, run_id, files, bytes, hwm, committed_at FROM bookmark_run
           WHERE job = ? AND ctx = ? AND committed = 1 ORDER BY run`,
        )
        .all(job, b.ctx) as { run: number; attempt: number; run_id: string | null; files: number; bytes: number; hwm: number | null; committed_at: number }[]).map(
        (r) => ({ run: r.run, attempt: r.attempt, runId: r.run_id, files: r.files, bytes: r.bytes, highWaterMark: r.hwm, committedAt: r.committed_at }),
      );
      return { ctx: b.ctx, headRun: b.head_run, version: b.version, highWaterMark: this.hwmAt(job, b.ctx, b.head_run), history };
    });
    const running =
      row?.lease_id && row.lease_pid !== null
        ? { pid: row.lease_pid, host: row.lease_host ?? '', startedAt: row.lease_started_at ?? 0, heartbeatAt: row.lease_heartbeat_at ?? 0, option: row.lease_option ?? 'enable' }
        : null;
    return { job, lastRun: row?.last_run ?? 0, attempt: row?.attempt ?? 0, running, contexts };
  }

  /** @internal Used by BookmarkLease.view. */
  viewFor(lease: BookmarkLease, ctx: string): BookmarkView {
    this.assertHeld(lease);
    this.db.prepare('INSERT OR IGNORE INTO bookmark (job, ctx) VALUES (?, ?)').run(lease.job, ctx);
    if (lease.option === 'disable') return makeView(ctx, 'disable', EMPTY_STATE, () => true);
    if (lease.option === 'pause' && lease.from !== undefined && lease.to !== undefined) {
      const from = this.loadState(lease.job, ctx, lease.from);
      const to = this.loadState(lease.job, ctx, lease.to);
      return makeView(ctx, 'pause', to, (f) => isProcessed(to, f) && !isProcessed(from, f));
    }
    const state = this.loadState(lease.job, ctx, this.headRun(lease.job, ctx));
    return makeView(ctx, lease.option, state, (f) => !isProcessed(state, f));
  }

  private recordRun(lease: BookmarkLease, ctx: string, files: readonly ProcessedFile[]): ContextCommit {
    this.db.prepare('INSERT OR IGNORE INTO bookmark (job, ctx) VALUES (?, ?)').run(lease.job, ctx);
    const previous = this.hwmAt(lease.job, ctx, this.headRun(lease.job, ctx));
    let hwm = previous;
    let bytes = 0;
    for (const f of files) {
      if (hwm === null || f.mtime > hwm) hwm = f.mtime;
      bytes += f.size;
    }
    this.db
      .prepare(
        `INSERT INTO bookmark_run (job, ctx, run, attempt, run_id, hwm, files, bytes, lease_id, committed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(lease.job, ctx, lease.run, lease.attempt, lease.runId ?? null, hwm, files.length, bytes, lease.id);
    if (hwm !== null) {
      const insert = this.db.prepare('INSERT INTO bookmark_recent (job, ctx, run, path_hash, mtime) VALUES (?, ?, ?, ?, ?)');
      const bandStart = hwm - this.bandMs;
      for (const f of files) if (f.mtime > bandStart) insert.run(lease.job, ctx, lease.run, pathHash(f.path, f.mtime), f.mtime);
    }
    return { ctx, files: files.length, bytes, highWaterMark: hwm };
  }

  /** Second half of a commit: the recorded state becomes current and the lease is released. */
  private pendingRow(leaseId: string): PendingRow | undefined {
    return this.db.prepare('SELECT * FROM bookmark_pending WHERE lease_id = ?').get(leaseId) as PendingRow | undefined;
  }

  private finish(leaseId: string): void {
    const pending = this.pendingRow(leaseId);
    if (!pending) return;
    const now = Date.now();
    const ctxs = this.db.prepare('SELECT ctx FROM bookmark_run WHERE lease_id = ? AND committed = 0').all(leaseId) as { ctx: string }[];
    this.db.prepare('UPDATE bookmark_run SET committed = 1, committed_at = ? WHERE lease_id = ?').run(now, leaseId);
    for (const { ctx } of ctxs) {
      this.db.prepare('UPDATE bookmark SET head_run = ?, version = version + 1 WHERE job = ? AND ctx = ?').run(pending.run, pending.job, ctx);
      this.prune(pending.job, ctx);
    }
    this.db.prepare('UPDATE bookmark_job SET last_run = MAX(last_run, ?), attempt = 0 WHERE job = ?').run(pending.run, pending.job);
    this.releaseLease(leaseId);
    this.db.prepare('DELETE FROM bookmark_pending WHERE lease_id = ?').run(leaseId);
  }

  private releaseLease(leaseId: string): void {
    this.db
      .prepare(
        `UPDATE bookmark_job SET lease_id = NULL, lease_pid = NULL, lease_host = NULL, lease_option = NULL,
         lease_started_at = NULL, lease_heartbeat_at = NULL WHERE lease_id = ?`,
      )
      .run(leaseId);
  }

  private rollback(pending: PendingRow): void {
    this.db.prepare('DELETE FROM bookmark_recent WHERE job = ? AND run = ?').run(pending.job, pending.run);
    this.db.prepare('DELETE FROM bookmark_run WHERE lease_id = ? AND committed = 0').run(pending.lease_id);
    this.db.prepare('DELETE FROM bookmark_pending WHERE lease_id = ?').run(pending.lease_id);
  }

  /**
   * Repairs commits left half-done by a crashed process. The intent is recorded only after the
   * output is fully staged, so a staged folder still in place is published now (roll forward);
   * a final folder already in place means the rename happened; with neither (or both, which a
   * commit never creates) the intent is undone and the run's input stays unprocessed.
   */
  private recoverPending(job: string): string | undefined {
    const rows = this.db.prepare('SELECT * FROM bookmark_pending WHERE job = ?').all(job) as PendingRow[];
    const notes: string[] = [];
    for (const p of rows) {
      if (p.staged === null || p.final === null) {
        this.finish(p.lease_id);
        notes.push(`finished the commit of run ${p.run} that a crashed process had recorded`);
        continue;
      }
      const staged = existsSync(p.staged);
      const final = existsSync(p.final);
      if (final && !staged) {
        this.finish(p.lease_id);
        notes.push(`finished the commit of run ${p.run}: its output ${p.final} was already published`);
      } else if (staged && !final) {
        mkdirSync(dirname(p.final), { recursive: true });
        renameSync(p.staged, p.final);
        this.finish(p.lease_id);
        notes.push(`published the staged output of run ${p.run} to ${p.final} and committed its bookmark`);
      } else {
        this.rollback(p);
        notes.push(
          staged
            ? `undid the commit of run ${p.run}: both ${p.staged} and ${p.final} exist, so its input stays unprocessed`
            : `undid the commit of run ${p.run}: neither ${p.staged} nor ${p.final} exists, so its input stays unprocessed`,
        );
      }
    }
    return notes.length ? notes.join('; ') : undefined;
  }

  /** Keeps the last `historyRuns` runs; drops remembered paths that none of them needs. */
  private prune(job: string, ctx: string): void {
    const oldest = this.db
      .prepare('SELECT run, hwm FROM bookmark_run WHERE job = ? AND ctx = ? AND committed = 1 ORDER BY run DESC LIMIT 1 OFFSET ?')
      .get(job, ctx, this.historyRuns - 1) as { run: number; hwm: number | null } | undefined;
    if (!oldest) return;
    this.db.prepare('DELETE FROM bookmark_run WHERE job = ? AND ctx = ? AND run < ?').run(job, ctx, oldest.run);
    this.db.prepare('UPDATE bookmark SET kept_from = ? WHERE job = ? AND ctx = ?').run(oldest.run, job, ctx);
    if (oldest.hwm !== null) {
      this.db.prepare('DELETE FROM bookmark_recent WHERE job = ? AND ctx = ? AND mtime <= ?').run(job, ctx, oldest.hwm - this.bandMs);
    }
  }

  private loadState(job: string, ctx: string, run: number): BookmarkState {
    const hwm = this.hwmAt(job, ctx, run);
    if (hwm === null) return { ...EMPTY_STATE, bandMs: this.bandMs };
    const recent = new Set<number>();
    const rows = this.db
      .prepare('SELECT path_hash FROM bookmark_recent WHERE job = ? AND ctx = ? AND run <= ? AND mtime > ?')
      .pluck()
      .iterate(job, ctx, run, hwm - this.bandMs) as IterableIterator<number>;
    for (const h of rows) recent.add(h);
    return { highWaterMark: hwm, recent, bandMs: this.bandMs };
  }

  private hwmAt(job: string, ctx: string, run: number): number | null {
    const row = this.db
      .prepare('SELECT hwm FROM bookmark_run WHERE job = ? AND ctx = ? AND run <= ? AND committed = 1 ORDER BY run DESC LIMIT 1')
      .get(job, ctx, run) as { hwm: number | null } | undefined;
    return row?.hwm ?? null;
  }

  private headRun(job: string, ctx: string): number {
    const row = this.db.prepare('SELECT head_run FROM bookmark WHERE job = ? AND ctx = ?').get(job, ctx) as { head_run: number } | undefined;
    return row?.head_run ?? 0;
  }

  private jobRow(job: string): JobRow {
    const row = this.db.prepare('SELECT * FROM bookmark_job WHERE job = ?').get(job) as JobRow | undefined;
    return row ?? { job, last_run: 0, attempt: 0, lease_id: null, lease_pid: null, lease_host: null, lease_option: null, lease_started_at: null, lease_heartbeat_at: null };
  }

  private contextsOf(job: string, ctx: string | undefined): string[] {
    if (ctx !== undefined) {
      this.db.prepare('INSERT OR IGNORE INTO bookmark (job, ctx) VALUES (?, ?)').run(job, ctx);
      return [ctx];
    }
    return (this.db.prepare('SELECT ctx FROM bookmark WHERE job = ?').all(job) as { ctx: string }[]).map((r) => r.ctx);
  }

  private assertHeld(lease: BookmarkLease): void {
    if (lease.released) throw new BookmarkError(`the lease of run ${lease.run} of \`${lease.job}\` was already committed or abandoned`);
    const row = this.jobRow(lease.job);
    if (row.lease_id !== lease.id) {
      throw new BookmarkError(
        `run ${lease.run} of \`${lease.job}\` lost its lease: its heartbeat stopped for over ${Math.round(this.staleAfterMs / 1000)} s and another run took over; its output was not published`,
      );
    }
  }

  private assertIdle(job: string): void {
    const row = this.jobRow(job);
    if (row.lease_id && !this.isStale(row, Date.now())) throw new BookmarkBusyError(busyMessage(row, Date.now()));
    this.recoverPending(job);
  }

  private isStale(row: JobRow, now: number): boolean {
    if (row.lease_heartbeat_at === null || now - row.lease_heartbeat_at > this.staleAfterMs) return true;
    if (row.lease_host !== hostname() || row.lease_pid === null) return false;
    if (row.lease_pid === process.pid) return !liveLeases.has(row.lease_id ?? '');
    return !processAlive(row.lease_pid);
  }
}

function makeView(
  ctx: string,
  option: BookmarkOption,
  state: BookmarkState,
  isUnprocessed: (f: { path: string; mtime: number }) => boolean,
): BookmarkView {
  return { ctx, option, highWaterMark: state.highWaterMark, isUnprocessed };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busyMessage(row: JobRow, now: number): string {
  const since = new Date(row.lease_started_at ?? now).toISOString();
  const beat = Math.max(0, Math.round((now - (row.lease_heartbeat_at ?? now)) / 1000));
  return (
    `job \`${row.job}\` is already running (pid ${row.lease_pid} on ${row.lease_host}, started ${since}, last heartbeat ${beat} s ago); ` +
    `two runs over one bookmark would take the same files. Wait for it to finish.`
  );
}
