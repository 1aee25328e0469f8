// The original story's tables: a badge-access fact table joined to an employee dimension
// (107 rows) and a badge dimension (12,249 rows). Badge ids in the fact table follow Zipf's law,
// so a few badges carry most rows — the hot join keys behind the skew. A chosen fraction of
// fact records is malformed the way real feeds are: broken JSON, wrong types, missing keys.
import { seededRandom, shuffled, streamSeed, zipfSampler } from './random.js';

export const EMPLOYEE_COUNT = 107;
export const FIRST_EMPLOYEE_ID = 100;
export const BADGE_COUNT = 12_249;
export const BADGE_FILES = 10;
export const FIRST_BADGE_ID = 10_001;

const FIRST_NAMES = ['Ada', 'Bo', 'Cyd', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu', 'Max', 'Ned', 'Oz', 'Pia', 'Quin', 'Rae', 'Sol', 'Tam'];
const LAST_NAMES = ['Abbot', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fox', 'Gupta', 'Hale', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Moss', 'Novak', 'Okafor', 'Park'];
const DEPARTMENTS = ['Finance', 'Shipping', 'IT', 'Sales', 'Purchasing', 'Marketing', 'Human Resources', 'Executive', 'Accounting', 'Public Relations'];
const TITLES = ['Clerk', 'Analyst', 'Manager', 'Representative', 'Programmer', 'Accountant', 'Director'];
const BADGE_TYPES = ['Employee', 'Employee', 'Employee', 'Contractor', 'Visitor'];

export interface DemoSettings {
  seed: number;
  /** Zipf exponent of badge ids in the fact table (0 = uniform). */
  skew: number;
  /** Fraction of fact records that are malformed, 0..1. */
  malformedRate: number;
  rowsPerFile: number;
}

export function employeeLines(seed: number): string {
  const random = seededRandom(streamSeed(seed, -1));
  let out = '';
  for (let i = 0; i < EMPLOYEE_COUNT; i++) {
    const id = FIRST_EMPLOYEE_ID + i;
    const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
    const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
    const hired = new Date(Date.UTC(2005 + Math.floor(random() * 14), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    out +=
      JSON.stringify({
        EmployeeID: id,
        First_Name: first,
        Last_Name: last,
        Email: `${first}.${last}${id}@example.com`.toLowerCase(),
        Department: DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)],
        Job_Title: TITLES[Math.floor(random() * TITLES.length)],
        Hire_Date: hired.toISOString().slice(0, 10),
      }) + '\n';
  }
  return out;
}

/** The owner of each badge (deterministic per seed), so fact rows join consistently. */
export function badgeOwners(seed: number): Int32Array {
  const random = seededRandom(streamSeed(seed, -2));
  const owners = new Int32Array(BADGE_COUNT);
  for (let b = 0; b < BADGE_COUNT; b++) owners[b] = FIRST_EMPLOYEE_ID + Math.floor(random() * EMPLOYEE_COUNT);
  return owners;
}

/** Badge dimension file `part` (0-based) of BADGE_FILES. */
export function badgeLines(seed: number, part: number, owners: Int32Array): string {
  const random = seededRandom(streamSeed(seed, -3 - part));
  const from = Math.floor((part * BADGE_COUNT) / BADGE_FILES);
  const to = Math.floor(((part + 1) * BADGE_COUNT) / BADGE_FILES);
  let out = '';
  for (let b = from; b < to; b++) {
    const issued = new Date(Date.UTC(2015 + Math.floor(random() * 5), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    out +=
      JSON.stringify({
        BadgeID: FIRST_BADGE_ID + b,
        EmployeeID: owners[b],
        Badge_Type: BADGE_TYPES[Math.floor(random() * BADGE_TYPES.length)],
        Issued_Date: issued.toISOString().slice(0, 10),
        Active: random() > 0.05,
      }) + '\n';
  }
  return out;
}

export interface FactFileStats {
  rows: number;
  malformed: number;
}

/** Generates fact files; holds only the Zipf table and the rank → badge mapping. */
export class BadgeAccessGenerator {
  private readonly drawRank: (random: () => number) => number;
  /** Zipf rank → badge index, shuffled so the hottest badge is not simply the first id. */
  private readonly badgeOfRank: number[];

  constructor(
    private readonly settings: DemoSettings,
    private readonly owners: Int32Array,
  ) {
    this.drawRank = zipfSampler(BADGE_COUNT, settings.skew);
    this.badgeOfRank = shuffled(
      Array.from({ length: BADGE_COUNT }, (_, i) => i),
      seededRandom(streamSeed(settings.seed, -100)),
    );
  }

  /** The JSON-lines body of fact file `index`, whose rows fall in the hour starting at `hourStart`. */
  file(index: number, hourStart: Date, stats: FactFileStats): string {
    const random = seededRandom(streamSeed(this.settings.seed, index));
    const year = hourStart.getUTCFullYear();
    const month = hourStart.getUTCMonth() + 1;
    const day = hourStart.getUTCDate();
    const hour = hourStart.getUTCHours();
    const { malformedRate, rowsPerFile } = this.settings;
    let out = '';
    for (let r = 0; r < rowsPerFile; r++) {
      const badge = this.badgeOfRank[this.drawRank(random)];
      const badgeId = FIRST_BADGE_ID + badge;
      const employeeId = this.owners[badge];
      const hours = Math.round((0.25 + random() * 11.75) * 100) / 100;
      let line = `{"BadgeID":${badgeId},"EmployeeID":${employeeId},"Year":${year},"Month":${month},"Day":${day},"Hour":${hour},"Hours_Logged":${hours}}`;
      if (malformedRate > 0 && random() < malformedRate) {
        line = malformed(line, badgeId, employeeId, year, month, day, hour, random);
        stats.malformed++;
      }
      out += line + '\n';
    }
    stats.rows += rowsPerFile;
    return out;
  }
}

function malformed(line: string, badgeId: number, employeeId: number, year: number, month: number, day: number, hour: number, random: () => number): string {
  const kind = Math.floor(random() * 3);
  // Broken JSON: a record cut off mid-write.
  if (kind === 0) return line.slice(0, Math.max(1, Math.floor(line.length * (0.3 + random() * 0.4))));
  // Wrong types: an id that is not a number, hours as text.
  if (kind === 1) {
    return `{"BadgeID":"B-${badgeId}","EmployeeID":${employeeId},"Year":${year},"Month":${month},"Day":${day},"Hour":${hour},"Hours_Logged":"eight"}`;
  }
  // Missing keys: no BadgeID, no Hours_Logged.
  return `{"EmployeeID":${employeeId},"Year":${year},"Month":${month},"Day":${day},"Hour":${hour}}`;
}
