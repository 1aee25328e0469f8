// Tables behind Glue-style job bookmarks. The semantics (band, options, commit protocol) live in
// engine/lake/bookmarks.ts; this file only owns the schema.
import type { Db } from './database.js';
import { migrate, type Migration } from './migrate.js';

const MIGRATIONS: Migration[] = [
  `
  -- One row per job: its run counter and the lease of the run in progress, if any.
  CREATE TABLE bookmark_job (
    job TEXT PRIMARY KEY,
    last_run INTEGER NOT NULL DEFAULT 0,
    attempt INTEGER NOT NULL DEFAULT 0,
    lease_id TEXT,
    lease_pid INTEGER,
    lease_host TEXT,
    lease_option TEXT,
    lease_started_at INTEGER,
    lease_heartbeat_at INTEGER
  );
  -- One row per job + transformation_ctx: which run's state is current, and how often it changed.
  CREATE TABLE bookmark (
    job TEXT NOT NULL,
    ctx TEXT NOT NULL,
    head_run INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    -- Runs before this one were pruned from the history: rewinding there is impossible.
    kept_from INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job, ctx)
  );
  -- The state after each run (high-water mark), kept for rewind and for pause from/to.
  CREATE TABLE bookmark_run (
    job TEXT NOT NULL,
    ctx TEXT NOT NULL,
    run INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    run_id TEXT,
    hwm INTEGER,
    files INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    lease_id TEXT NOT NULL,
    committed INTEGER NOT NULL,
    committed_at INTEGER,
    PRIMARY KEY (job, ctx, run)
  );
  -- Paths processed inside the recent band below a high-water mark (53-bit hash of path + mtime).
  CREATE TABLE bookmark_recent (
    job TEXT NOT NULL,
    ctx TEXT NOT NULL,
    run INTEGER NOT NULL,
    path_hash INTEGER NOT NULL,
    mtime INTEGER NOT NULL
  );
  CREATE INDEX bookmark_recent_by_mtime ON bookmark_recent (job, ctx, mtime);
  CREATE INDEX bookmark_recent_by_run ON bookmark_recent (job, ctx, run);
  -- A commit whose intent is recorded but whose output rename may not have happened yet.
  CREATE TABLE bookmark_pending (
    lease_id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    run INTEGER NOT NULL,
    staged TEXT,
    final TEXT,
    created_at INTEGER NOT NULL
  );
  `,
];

export function migrateBookmarkTables(db: Db): void {
  migrate(db, 'bookmarks', MIGRATIONS);
}
