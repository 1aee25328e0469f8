// The one SQLite database file. Each part of the engine owns its tables and their migrations
// (see migrate.ts); this file only opens the file with settings safe for several processes.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appHome } from './app-home.js';

export type Db = Database.Database;

export const DATABASE_FILE_NAME = 'skewscope.db';

export interface OpenDatabaseOptions {
  /** Full path of the database file. Default: `<appHome()>/skewscope.db`. */
  file?: string;
}

export function defaultDatabaseFile(): string {
  return join(appHome(), DATABASE_FILE_NAME);
}

export function openDatabase(options: OpenDatabaseOptions = {}): Db {
  const file = options.file ?? defaultDatabaseFile();
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets a CLI read while the app writes; busy_timeout makes concurrent writers wait
  // instead of failing with SQLITE_BUSY.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  // A commit must survive power loss: the bookmark and the published output move together.
  db.pragma('synchronous = FULL');
  return db;
}
