// `skewscope demo-lake`: writes the original story's lake — badge_access/ (the fact table in
// four positional partition levels: year/month/day/hour), employees/ and badges/ — file by file,
// never holding more than the files in flight.
import type { AwsOptions } from '../s3-client.js';
import { BADGE_COUNT, BADGE_FILES, BadgeAccessGenerator, badgeLines, badgeOwners, employeeLines, type FactFileStats } from './demo-data.js';
import { openDemoTarget } from './demo-target.js';

export interface DemoLakeOptions {
  /** Fact-table files. */
  files: number;
  rowsPerFile: number;
  /** Zipf exponent of badge ids (0 = uniform). */
  skew: number;
  /** Fraction of fact records that are malformed. */
  malformedRate: number;
  seed: number;
  /** Simulated days of arrivals (24 hour partitions each). */
  days: number;
  /** Files written at once. */
  concurrency: number;
}

/** Chosen so a whole-backlog run strains a small local engine while boundedFiles runs pass. */
export const DEMO_DEFAULTS: DemoLakeOptions = {
  files: 2000,
  rowsPerFile: 250,
  skew: 1.1,
  malformedRate: 0.001,
  seed: 42,
  days: 10,
  concurrency: 16,
};

/** Simulated history starts here; partitions are hours from this instant. */
export const DEMO_START = Date.UTC(2020, 0, 1);
const HOUR = 3_600_000;

export interface DemoProgress {
  filesWritten: number;
  totalFiles: number;
  bytesWritten: number;
}

export interface DemoLakeSummary {
  location: string;
  factTable: string;
  factFiles: number;
  factRows: number;
  malformedRows: number;
  hourPartitions: number;
  bytes: number;
  /** The hottest join key and its expected share of fact rows (from the Zipf law). */
  hottestBadgeShare: number;
  firstArrival: number;
  lastArrival: number;
}

export function validateDemoOptions(o: DemoLakeOptions): void {
  const whole = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`--${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  whole('files', o.files, 1);
  whole('rows-per-file', o.rowsPerFile, 1);
  whole('days', o.days, 1);
  whole('seed', o.seed, 0);
  if (!Number.isFinite(o.skew) || o.skew < 0) throw new RangeError(`--skew must be a number ≥ 0 (0 = uniform), got ${o.skew}`);
  if (!(o.malformedRate >= 0 && o.malformedRate <= 1)) throw new RangeError(`--malformed-rate must be between 0 and 1, got ${o.malformedRate}`);
}

export async function writeDemoLake(
  location: string,
  options: Partial<DemoLakeOptions> = {},
  aws: AwsOptions = {},
  onProgress?: (p: DemoProgress) => void,
): Promise<DemoLakeSummary> {
  const o = { ...DEMO_DEFAULTS, ...options };
  validateDemoOptions(o);
  const target = openDemoTarget(location, aws);
  try {
    for (const dir of ['badge_access', 'employees', 'badges']) await target.assertEmpty(dir);
    const totalFiles = o.files + 1 + BADGE_FILES;
    const progress: DemoProgress = { filesWritten: 0, totalFiles, bytesWritten: 0 };
    const put = async (rel: string, body: string, mtime: number) => {
      await target.put(rel, body, mtime);
      progress.filesWritten++;
      progress.bytesWritten += Buffer.byteLength(body);
      onProgress?.(progress);
    };

    // Dimensions first, dated a day before the first fact partition.
    const owners = badgeOwners(o.seed);
    const dimensionTime = DEMO_START - 24 * HOUR;
    await put('employees/employees.json', employeeLines(o.seed), dimensionTime);
    for (let part = 0; part < BADGE_FILES; part++) {
      await put(`badges/part-${String(part).padStart(5, '0')}.json`, badgeLines(o.seed, part, owners), dimensionTime);
    }

    const hours = o.days * 24;
    const generator = new BadgeAccessGenerator(o, owners);
    const stats: FactFileStats = { rows: 0, malformed: 0 };
    const hourOf = (i: number) => Math.floor((i * hours) / o.files);
    const firstOfHour = (h: number) => Math.ceil((h * o.files) / hours);
    // A file lands an hour after its partition's hour starts, the next ones 7 s apart.
    const arrivalOf = (i: number) => {
      const h = hourOf(i);
      return DEMO_START + (h + 1) * HOUR + (i - firstOfHour(h)) * 7000;
    };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < o.files; i = next++) {
        const start = new Date(DEMO_START + hourOf(i) * HOUR);
        const rel = `badge_access/${partitionPath(start)}/part-${String(i).padStart(5, '0')}.json`;
        await put(rel, generator.file(i, start, stats), arrivalOf(i));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));

    let hourPartitions = 0;
    for (let i = 0; i < o.files; i++) if (i === 0 || hourOf(i) !== hourOf(i - 1)) hourPartitions++;
    let norm = 0;
    for (let r = 0; r < BADGE_COUNT; r++) norm += 1 / Math.pow(r + 1, o.skew);
    return {
      location,
      factTable: target.describe('badge_access'),
      factFiles: o.files,
      factRows: stats.rows,
      malformedRows: stats.malformed,
      hourPartitions,
      bytes: progress.bytesWritten,
      hottestBadgeShare: 1 / norm,
      firstArrival: arrivalOf(0),
      lastArrival: arrivalOf(o.files - 1),
    };
  } finally {
    target.close();
  }
}

function partitionPath(hourStart: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${hourStart.getUTCFullYear()}/${two(hourStart.getUTCMonth() + 1)}/${two(hourStart.getUTCDate())}/${two(hourStart.getUTCHours())}`;
}
