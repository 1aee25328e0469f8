// Exactly once under crashes: a bounded job is SIGKILLed at random points (at least 20 times,
// anywhere from start-up to the commit) and rerun until the backlog is done. Every input record
// must appear in the committed output exactly once, and no input file may be skipped.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../engine/runtime/run-result.js';
import { makeFixtureLake } from './runtime-fixture-lake.js';

const CHILD = fileURLToPath(new URL('./runtime-kill-child.ts', import.meta.url));
const KILLS = 20;
const FACT_FILES = 12;
const BOUND = 3;

interface KillPoint {
  /** Kill once this many events were logged (0: before the first). */
  afterEvents: number;
  /** ...plus this long, so kills also land between events (inside tasks, inside the commit). */
  delayMs: number;
}

/** One bounded run in a child process, SIGKILLed at `kill` when given. Counts the events it logged. */
function runChild(args: string[], kill?: KillPoint): Promise<{ result?: RunResult; events: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let events = 0;
    let armed = false;
    const arm = (): void => {
      if (!kill || armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
    };
    if (kill?.afterEvents === 0) arm();
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      events = (out.match(/^event /gm) ?? []).length;
      if (kill && events >= kill.afterEvents) arm();
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('result '));
      if (signal === 'SIGKILL' && !line) resolve({ events });
      else if (line) resolve({ result: JSON.parse(line.slice('result '.length)) as RunResult, events });
      else reject(new Error(`child exited with ${code ?? signal}: ${err}`));
    });
  });
}

function committedRows(out: string): string[] {
  const rows: string[] = [];
  for (const run of readdirSync(out).filter((n) => n.startsWith('run_id='))) {
    for (const f of readdirSync(join(out, run)).filter((n) => !n.startsWith('_') && !n.startsWith('.'))) {
      for (const line of readFileSync(join(out, run, f), 'utf8').split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as Record<string, unknown>;
        rows.push(JSON.stringify([r.badge_id, r.employee_id, r.hours_logged, r.name, r.door]));
      }
    }
  }
  return rows.sort();
}

describe('exactly once under SIGKILL', () => {
  it(`loses and duplicates nothing across ${KILLS} kills at random points`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'skewscope-kill-'));
    try {
      const lake = makeFixtureLake(join(root, 'lake'), { files: FACT_FILES, rowsPerFile: 300, seed: 5 });
      const args = [lake.dir, join(root, 'out'), join(root, 'home'), String(BOUND)];
      const names = new Map(lake.employees.map((e) => [e.EmployeeID, e.Name]));
      const owner = new Map(lake.badges.map((b) => [b.BadgeID, b.EmployeeID]));
      const expected = lake.facts
        .map((f) => JSON.stringify([f.BadgeID, f.EmployeeID, f.Hours_Logged, names.get(owner.get(f.BadgeID)!), f.Door]))
        .sort();

      // A first clean run tells how many events a run logs, so kills land anywhere inside one.
      const first = await runChild(args);
      expect(first.result!.status).toBe('succeeded');
      expect(first.result!.filesRead).toBe(BOUND + 2);
      const runEvents = first.events;
      let kills = 0;
      let completed = 1;
      let seed = 12345;
      const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      let remaining = first.result!.remainingFiles;
      while (kills < KILLS || remaining > 0) {
        const kill = kills < KILLS ? { afterEvents: Math.floor(random() * (runEvents + 1)), delayMs: Math.floor(random() * 40) } : undefined;
        const r = await runChild(args, kill);
        if (r.result) {
          expect(r.result.status).toBe('succeeded');
          completed++;
          remaining = r.result.remainingFiles;
        } else kills++;
        expect(completed + kills).toBeLessThan(KILLS + 40);
      }
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      // Runs killed after their commit's intent was recorded are finished by the next run's recovery.
      expect(readdirSync(join(root, 'out')).filter((n) => n.startsWith('run_id=')).length).toBeGreaterThanOrEqual(FACT_FILES / BOUND);
      expect(committedRows(join(root, 'out'))).toEqual(expected);
      // The kills landed inside runs, not only before they began: killed runs left in-progress logs mid-job.
      const logs = join(root, 'home', 'logs');
      const killedMidJob = readdirSync(logs).filter((n) => n.endsWith('.inprogress') && readFileSync(join(logs, n), 'utf8').includes('"SparkListenerTaskEnd"'));
      expect(killedMidJob.length).toBeGreaterThanOrEqual(3);
      // Nothing left behind but committed runs (and the staging parent the next run would clear).
      expect(readdirSync(join(root, 'out')).filter((n) => !n.startsWith('run_id=') && n !== '_staging')).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 170_000);
});
