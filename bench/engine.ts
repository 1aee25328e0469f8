// npm run bench:engine — the story's job (assets/demo-job.json) on a demo lake of ≥ 1 GB,
// on our engine with 1 and 2 executors, against DuckDB computing the same join over the same
// files with 1 and 2 threads (the yardstick for what one machine can do). Prints rows/s, MB/s,
// our time ÷ DuckDB's, and where our time goes (parse, shuffle, join, write, overhead).
// The engine runs from dist/ (what users run), so the script builds first.
// Executors get big heaps here: this measures speed, not the OOM (tests cover that).
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';
import { loadJobSpec } from '../engine/runtime/job-spec.js';
import type * as Driver from '../engine/runtime/driver.js';
import type { SparkEvent } from '../engine/runtime/spark-events.js';

const root = fileURLToPath(new URL('../.bench/engine/', import.meta.url));
const lake = `${root}lake`;
const FILES = Number(process.env.ENGINE_BENCH_FILES ?? 4000);
const ROWS_PER_FILE = Number(process.env.ENGINE_BENCH_ROWS ?? 2800);

async function ensureLake(): Promise<number> {
  const marker = `${lake}/.complete-${FILES}x${ROWS_PER_FILE}`;
  if (existsSync(marker)) return Number((await import('node:fs')).readFileSync(marker, 'utf8'));
  rmSync(lake, { recursive: true, force: true });
  const t = performance.now();
  const summary = await writeDemoLake(lake, { files: FILES, rowsPerFile: ROWS_PER_FILE });
  console.log(`generated ${summary.factRows.toLocaleString('en-US')} fact rows, ${(summary.bytes / 1e9).toFixed(2)} GB in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  writeFileSync(marker, String(summary.bytes));
  return summary.bytes;
}

interface OurRun {
  seconds: number;
  rows: number;
  bytes: number;
  written: number;
  phases: Record<string, number>;
  taskMs: number;
  slots: number;
}

async function runOurs(executors: number): Promise<OurRun> {
  const driver = (await import(pathToFileURL(fileURLToPath(new URL('../dist/engine/runtime/driver.js', import.meta.url))).href)) as typeof Driver;
  // The 1 GB lake has ~11k malformed records (0.1 %), past the demo job's threshold.
  const spec = { ...(await loadJobSpec(fileURLToPath(new URL('../assets/demo-job.json', import.meta.url)))), maxMalformedRecords: -1 };
  rmSync(`${root}out`, { recursive: true, force: true });
  rmSync(`${root}home`, { recursive: true, force: true });
  const t0 = performance.now();
  const run = driver.startRun(spec, {
    lake,
    out: `${root}out`,
    executors,
    executorHeapMb: 4096,
    driverHeapMb: 1024,
    bookmarkOption: 'disable',
    bookmarkDb: `${root}home/bookmarks.db`,
    eventLogDir: `${root}home/logs`,
    workDir: `${root}home/work`,
  });
  const phases: Record<string, number> = {};
  let taskMs = 0;
  run.subscribe((e: SparkEvent) => {
    if (e.Event !== 'SparkListenerTaskEnd' || (e['Task End Reason'] as { Reason: string }).Reason !== 'Success') return;
    taskMs += (e['Task Metrics'] as { 'Executor Run Time': number })['Executor Run Time'];
    for (const a of (e['Task Info'] as { Accumulables: { Name: string; Update: string }[] }).Accumulables) {
      phases[a.Name] = (phases[a.Name] ?? 0) + Number(a.Update);
    }
  });
  const r = await run.result;
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 'succeeded') throw new Error(`our run ${r.status}: ${r.message}`);
  return { seconds, rows: r.recordsRead, bytes: r.bytesRead, written: r.recordsWritten, phases, taskMs, slots: executors };
}

async function runDuckDb(threads: number): Promise<{ seconds: number; written: number }> {
  const out = `${root}duckdb-out.json`;
  rmSync(out, { force: true });
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await db.connect();
  const json = (path: string, columns: string): string =>
    `read_json('${lake}/${path}', format = 'newline_delimited', columns = {${columns}}, ignore_errors = true)`;
  const t0 = performance.now();
  await c.run(`
    COPY (
      SELECT f.BadgeID AS badge_id, f.EmployeeID AS employee_id, f.Year AS year, f.Month AS month, f.Day AS day, f.Hour AS hour,
             CAST(f.Hours_Logged AS DECIMAL(5,2)) AS hours_logged, d.* EXCLUDE (bid, badge_owner, emp_id)
      FROM ${json('badge_access/**/*.json', "BadgeID: 'BIGINT', EmployeeID: 'BIGINT', Year: 'INTEGER', Month: 'INTEGER', Day: 'INTEGER', Hour: 'INTEGER', Hours_Logged: 'DOUBLE'")} f
      JOIN (
        SELECT e.EmployeeID AS emp_id, e.First_Name AS first_name, e.Last_Name AS last_name, e.Email AS email, e.Department AS department,
               e.Job_Title AS job_title, CAST(e.Hire_Date AS DATE) AS hire_date,
               b.BadgeID AS bid, b.EmployeeID AS badge_owner, b.Badge_Type AS badge_type, CAST(b.Issued_Date AS DATE) AS issued_date, b.Active AS active
        FROM ${json('employees/**/*.json', "EmployeeID: 'BIGINT', First_Name: 'VARCHAR', Last_Name: 'VARCHAR', Email: 'VARCHAR', Department: 'VARCHAR', Job_Title: 'VARCHAR', Hire_Date: 'VARCHAR'")} e
        JOIN ${json('badges/**/*.json', "BadgeID: 'BIGINT', EmployeeID: 'BIGINT', Badge_Type: 'VARCHAR', Issued_Date: 'VARCHAR', Active: 'BOOLEAN'")} b
          ON e.EmployeeID = b.EmployeeID
      ) d ON f.BadgeID = d.bid
      WHERE f.BadgeID IS NOT NULL AND f.Hours_Logged IS NOT NULL
    ) TO '${out}' (FORMAT JSON)`);
  const seconds = (performance.now() - t0) / 1000;
  const count = await c.runAndReadAll(`SELECT count(*) FROM read_json('${out}', format = 'newline_delimited')`);
  const written = Number(count.getRows()[0][0]);
  c.closeSync();
  return { seconds, written };
}

const bytes = await ensureLake();
console.log(`lake: ${(bytes / 1e9).toFixed(2)} GB of fact files (${FILES} files × ${ROWS_PER_FILE} rows)`);
const rows: string[] = [];
for (const n of [1, 2]) {
  const ours = await runOurs(n);
  const duck = await runDuckDb(n);
  const mb = ours.bytes / 1e6;
  const slotMs = ours.seconds * 1000 * ours.slots;
  const phase = (name: string): number => ours.phases[name] ?? 0;
  const shuffle = phase('shuffle read time') + phase('shuffle write time');
  const accounted = phase('parse time') + shuffle + phase('join time') + phase('write time');
  const share = (ms: number): string => `${((100 * ms) / slotMs).toFixed(0)}%`;
  console.log(
    `\n${n} executor(s) vs DuckDB ${n} thread(s)\n` +
      `  ours:   ${ours.seconds.toFixed(1)} s, ${(ours.rows / ours.seconds / 1000).toFixed(0)}k rows/s, ${(mb / ours.seconds).toFixed(1)} MB/s, ${ours.written.toLocaleString('en-US')} rows written\n` +
      `  duckdb: ${duck.seconds.toFixed(1)} s, ${(ours.rows / duck.seconds / 1000).toFixed(0)}k rows/s, ${(mb / duck.seconds).toFixed(1)} MB/s, ${duck.written.toLocaleString('en-US')} rows written\n` +
      `  ours ÷ duckdb: ${(ours.seconds / duck.seconds).toFixed(1)}×\n` +
      `  where our time goes (share of ${n} slot(s) × wall time): parse+map ${share(phase('parse time'))}, shuffle ${share(shuffle)} ` +
      `(read ${share(phase('shuffle read time'))}, write ${share(phase('shuffle write time'))}), join ${share(phase('join time'))}, ` +
      `write ${share(phase('write time'))}, overhead/idle ${share(slotMs - accounted)}`,
  );
  rows.push(`${n}: ours ${ours.seconds.toFixed(1)} s / duckdb ${duck.seconds.toFixed(1)} s = ${(ours.seconds / duck.seconds).toFixed(1)}×`);
}
console.log(`\nsummary (our time ÷ DuckDB's): ${rows.join('; ')}`);
