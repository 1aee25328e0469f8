// A small story-shaped lake for the runtime tests (the real demo lake generator is engine/lake's):
// badge_access facts with skewed BadgeIDs in positional partitions, employees and badges, and
// the job spec that joins them. Deterministic for a seed.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobSpec } from '../engine/runtime/job-spec.js';
import { parseJobSpec } from '../engine/runtime/job-spec.js';

export interface FixtureLake {
  dir: string;
  factFiles: string[];
  /** Every valid fact row, for computing the expected join. */
  facts: { BadgeID: number; EmployeeID: number; Hours_Logged: number; Door: string; file: string }[];
  badges: { BadgeID: number; EmployeeID: number }[];
  employees: { EmployeeID: number; Name: string }[];
  malformed: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeFixtureLake(
  dir: string,
  opts: { files: number; rowsPerFile: number; hotShare?: number; malformedEvery?: number; seed?: number; baseMtime?: number },
): FixtureLake {
  const rand = rng(opts.seed ?? 1);
  const employees = Array.from({ length: 20 }, (_, i) => ({ EmployeeID: i + 1, Name: `employee ${i + 1}` }));
  const badges = Array.from({ length: 200 }, (_, i) => ({ BadgeID: 1000 + i, EmployeeID: (i % 20) + 1 }));
  mkdirSync(join(dir, 'employees'), { recursive: true });
  mkdirSync(join(dir, 'badges'), { recursive: true });
  writeFileSync(join(dir, 'employees', 'employees.json'), employees.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(dir, 'badges', 'badges.json'), badges.map((b) => JSON.stringify({ ...b, IssuedOn: '2019-01-02' })).join('\n') + '\n');
  const facts: FixtureLake['facts'] = [];
  const factFiles: string[] = [];
  let malformed = 0;
  let line = 0;
  const base = opts.baseMtime ?? 1_600_000_000_000;
  for (let f = 0; f < opts.files; f++) {
    const day = String((f % 28) + 1).padStart(2, '0');
    const part = join(dir, 'badge_access', '2020', '01', day, String(f));
    mkdirSync(part, { recursive: true });
    const file = join(part, `access-${f}.json`);
    const lines: string[] = [];
    for (let r = 0; r < opts.rowsPerFile; r++) {
      line++;
      if (opts.malformedEvery && line % opts.malformedEvery === 0) {
        malformed++;
        lines.push(line % 2 ? '{"BadgeID": 12, "EmployeeID"' : JSON.stringify({ BadgeID: 'not a number', EmployeeID: 1, Hours_Logged: 1 }));
        continue;
      }
      const hot = rand() < (opts.hotShare ?? 0.5);
      const badge = hot ? badges[0] : badges[Math.floor(rand() * badges.length)];
      const row = { BadgeID: String(badge.BadgeID), EmployeeID: badge.EmployeeID, Hours_Logged: Math.round(rand() * 800) / 100, AccessDate: `2020-01-${day}`, Door: `building ${f % 7} door ${r % 13} north wing` };
      lines.push(JSON.stringify(row));
      facts.push({ BadgeID: badge.BadgeID, EmployeeID: badge.EmployeeID, Hours_Logged: row.Hours_Logged, Door: row.Door, file });
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const t = new Date(base + f * 60_000);
    utimesSync(file, t, t);
    factFiles.push(file);
  }
  return { dir, factFiles, facts, badges, employees, malformed };
}

export function fixtureSpec(lake: string, sink: string, extra: Partial<Record<string, unknown>> = {}): JobSpec {
  return parseJobSpec({
    name: 'fixture-badges',
    lake,
    sources: {
      badge_access: {
        path: 'badge_access',
        format: 'json',
        transformation_ctx: 'badge_access_src',
        mappings: [
          ['BadgeID', 'string', 'badge_id', 'long'],
          ['EmployeeID', 'int', 'employee_id', 'int'],
          ['Hours_Logged', 'double', 'hours_logged', 'decimal(6,2)'],
          ['AccessDate', 'string', 'access_date', 'date'],
          ['Door', 'string', 'door', 'string'],
        ],
      },
      employees: { path: 'employees', format: 'json', mappings: [['EmployeeID', 'int', 'emp_id', 'int'], ['Name', 'string', 'name', 'string']] },
      badges: { path: 'badges', format: 'json', mappings: [['BadgeID', 'long', 'badge_id', 'long'], ['EmployeeID', 'int', 'badge_employee_id', 'int']] },
    },
    join: { frame1: 'badge_access', frame2: { frame1: 'employees', frame2: 'badges', keys1: ['emp_id'], keys2: ['badge_employee_id'] }, keys1: ['badge_id'], keys2: ['badge_id'] },
    drop_fields: ['badge_employee_id', 'emp_id'],
    sink: { path: sink },
    shufflePartitions: 4,
    maxMalformedRecords: -1,
    ...extra,
  });
}
