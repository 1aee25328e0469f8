// Versioned schema, one version number per component ("bookmarks", "tuning-history", ...), so
// each file under engine/store/ migrates its own tables without a central list to edit.
import type { Db } from './database.js';

/** Migration i (0-based) brings the component from version i to version i + 1. */
export type Migration = string | ((db: Db) => void);

export function migrate(db: Db, component: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  )`);
  // IMMEDIATE: two processes opening a fresh database must not both run migration 1.
  db.transaction(() => {
    const row = db.prepare('SELECT version FROM schema_version WHERE component = ?').get(component) as
      | { version: number }
      | undefined;
    const current = row?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(
        `the database's ${component} schema is version ${current}, newer than this Skewscope knows (${migrations.length}); update Skewscope`,
      );
    }
    for (let v = current; v < migrations.length; v++) {
      const step = migrations[v];
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    if (current !== migrations.length) {
      db.prepare(
        'INSERT INTO schema_version (component, version) VALUES (?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version',
      ).run(component, migrations.length);
    }
  }).immediate();
}
