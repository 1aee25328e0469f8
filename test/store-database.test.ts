// The SQLite file: where it lives, and per-component versioned migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appHome } from '../engine/store/app-home.js';
import { openDatabase, type Db } from '../engine/store/database.js';
import { migrate } from '../engine/store/migrate.js';

let dir: string;
let db: Db | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skewscope-store-'));
});
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('app home', () => {
  it('is $SKEWSCOPE_HOME when set, else the platform app-data folder', () => {
    expect(appHome({ SKEWSCOPE_HOME: '/data/sk' }, 'linux')).toBe('/data/sk');
    expect(appHome({}, 'linux')).toBe(join(homedir(), '.config', 'skewscope'));
    expect(appHome({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', 'skewscope'));
    expect(appHome({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'skewscope'));
    expect(appHome({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Roaming', 'skewscope'));
  });
});

describe('migrations', () => {
  it('creates the folder, uses WAL, and applies each component’s migrations once, in order', () => {
    db = openDatabase({ file: join(dir, 'nested', 'skewscope.db') });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const steps = ['CREATE TABLE a (x INTEGER)', (d: Db) => d.prepare('INSERT INTO a (x) VALUES (1)').run()];
    migrate(db, 'demo', steps);
    migrate(db, 'demo', steps);
    expect(db.prepare('SELECT COUNT(*) AS n FROM a').get()).toEqual({ n: 1 });
    migrate(db, 'demo', [...steps, 'ALTER TABLE a ADD COLUMN y TEXT']);
    expect(db.prepare('SELECT version FROM schema_version WHERE component = ?').get('demo')).toEqual({ version: 3 });
    migrate(db, 'other', ['CREATE TABLE b (x INTEGER)']);
    expect(db.prepare('SELECT component, version FROM schema_version ORDER BY component').all()).toEqual([
      { component: 'demo', version: 3 },
      { component: 'other', version: 1 },
    ]);
  });

  it('rolls back a failing migration and refuses a database newer than the code', () => {
    db = openDatabase({ file: join(dir, 'skewscope.db') });
    expect(() => migrate(db as Db, 'demo', ['CREATE TABLE a (x INTEGER)', 'NOT SQL'])).toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
    migrate(db, 'demo', ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE c (x INTEGER)']);
    expect(() => migrate(db as Db, 'demo', ['CREATE TABLE a (x INTEGER)'])).toThrow(
      "the database's demo schema is version 2, newer than this Skewscope knows (1); update Skewscope",
    );
  });
});
