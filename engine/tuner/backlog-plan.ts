// How to clear the backlog with the safe bound: how many bounded runs one after another and how
// long that takes, and, to meet a deadline, parallel jobs on disjoint push_down_predicates over
// partition values, balanced by file count. Parallel jobs are separate job runs with their own
// workers and bookmarks (as Glue runs them), so the plan's wall time is that of the longest job.
import type { Backlog, PartitionLoad } from './backlog.js';
import { boundSize, boundUnit } from './bound.js';
import type { Bound } from './job-runner.js';

/** Duration of one bounded run ≈ fixedMs + perUnitMs × files (or bytes) it takes. */
export interface RunTimeModel {
  fixedMs: number;
  perUnitMs: number;
}

export interface ParallelJob {
  /** 1-based. */
  index: number;
  predicate: string;
  /** The partition values it covers, as "2019" or "2019/03". */
  partitions: string[];
  files: number;
  bytes: number;
  runs: number;
  wallMs: number;
}

export interface BacklogPlan {
  bound: Bound;
  backlogFiles: number;
  backlogBytes: number;
  sequential: { runs: number; wallMs: number };
  deadlineMs?: number;
  /** Present when a deadline was given and the sequential plan misses it. */
  parallel?: { jobs: ParallelJob[]; wallMs: number; meetsDeadline: boolean };
  runTime: RunTimeModel;
  notes: string[];
}

export interface PlanOptions {
  deadlineMs?: number;
  /** Most parallel jobs to propose (default 8). */
  maxParallel?: number;
}

export function planBacklog(backlog: Backlog, bound: Bound, runTime: RunTimeModel, opts: PlanOptions = {}): BacklogPlan {
  const unit = boundUnit(bound) ?? 'files';
  const size = boundSize(bound);
  const cost = (files: number, bytes: number) => {
    const amount = unit === 'files' ? files : bytes;
    const runs = amount === 0 ? 0 : size === undefined ? 1 : Math.ceil(amount / size);
    return { runs, wallMs: runs * runTime.fixedMs + amount * runTime.perUnitMs };
  };
  const sequential = cost(backlog.files, backlog.bytes);
  const notes: string[] = [];
  if (unit === 'bytes') notes.push('boundedSize runs take whole files, so the run count is an estimate');
  const plan: BacklogPlan = {
    bound,
    backlogFiles: backlog.files,
    backlogBytes: backlog.bytes,
    sequential,
    deadlineMs: opts.deadlineMs,
    runTime,
    notes,
  };
  if (opts.deadlineMs === undefined || sequential.wallMs <= opts.deadlineMs) return plan;

  const maxParallel = opts.maxParallel ?? 8;
  let best: { jobs: ParallelJob[]; wallMs: number } | undefined;
  // Whole top-level values first (the story's 2019 / 2020 split), then one level deeper.
  for (let depth = 1; depth <= backlog.columns.length && !(best && best.wallMs <= opts.deadlineMs); depth++) {
    const groups = groupAtDepth(backlog, depth);
    for (let k = 2; k <= Math.min(maxParallel, groups.length); k++) {
      const jobs = splitBalanced(groups, k).map((part, i) => {
        const files = part.reduce((a, g) => a + g.files, 0);
        const bytes = part.reduce((a, g) => a + g.bytes, 0);
        return { index: i + 1, predicate: predicateFor(backlog, depth, part), partitions: part.map((g) => label(backlog.columns, g.values)), files, bytes, ...cost(files, bytes) };
      });
      const wallMs = Math.max(...jobs.map((j) => j.wallMs));
      if (!best || wallMs < best.wallMs) best = { jobs, wallMs };
      if (wallMs <= opts.deadlineMs) break;
    }
  }
  if (!best) {
    notes.push('the backlog has no partition values to split on, so no parallel plan is possible');
    return plan;
  }
  plan.parallel = { ...best, meetsDeadline: best.wallMs <= opts.deadlineMs };
  if (!plan.parallel.meetsDeadline) notes.push(`no split into at most ${maxParallel} jobs meets the deadline; this is the fastest found`);
  return plan;
}

function groupAtDepth(backlog: Backlog, depth: number): PartitionLoad[] {
  const cols = backlog.columns.slice(0, depth);
  const out: PartitionLoad[] = [];
  for (const p of backlog.partitions) {
    const values: Record<string, string> = {};
    for (const c of cols) if (c in p.values) values[c] = p.values[c];
    const last = out[out.length - 1];
    if (last && JSON.stringify(last.values) === JSON.stringify(values)) {
      last.files += p.files;
      last.bytes += p.bytes;
    } else out.push({ values, files: p.files, bytes: p.bytes });
  }
  return out;
}

/** Contiguous split of ordered groups into k parts minimising the largest file count (linear partition, DP). */
export function splitBalanced(groups: PartitionLoad[], k: number): PartitionLoad[][] {
  const n = groups.length;
  const prefix = [0];
  for (const g of groups) prefix.push(prefix[prefix.length - 1] + g.files);
  // cost[j][i]: best max load splitting the first i groups into j parts; cut[j][i]: where the last part starts.
  const cost = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(0));
  cost[0][0] = 0;
  for (let j = 1; j <= k; j++) {
    for (let i = j; i <= n; i++) {
      for (let s = j - 1; s < i; s++) {
        const c = Math.max(cost[j - 1][s], prefix[i] - prefix[s]);
        if (c < cost[j][i]) {
          cost[j][i] = c;
          cut[j][i] = s;
        }
      }
    }
  }
  const parts: PartitionLoad[][] = [];
  for (let j = k, i = n; j > 0; j--) {
    const s = cut[j][i];
    parts.unshift(groups.slice(s, i));
    i = s;
  }
  return parts;
}

/**
 * A Spark SQL predicate naming exactly the given partition values: a prefix whose values the job
 * takes entirely becomes one condition on the prefix; siblings taken whole become one `in`.
 */
function predicateFor(backlog: Backlog, depth: number, part: PartitionLoad[]): string {
  const cols = backlog.columns.slice(0, depth);
  const key = (vals: string[]) => JSON.stringify(vals);
  const taken = new Set(part.map((g) => key(cols.map((c) => g.values[c]))));
  const all = groupAtDepth(backlog, depth).map((g) => cols.map((c) => g.values[c]));
  const clauses: string[] = [];
  const walk = (prefix: string[], conds: string[]) => {
    const level = prefix.length;
    const children = [...new Set(all.filter((v) => startsWith(v, prefix)).map((v) => v[level]))];
    const whole: string[] = [];
    for (const child of children) {
      const under = all.filter((v) => startsWith(v, [...prefix, child]));
      const inJob = under.filter((v) => taken.has(key(v))).length;
      if (inJob === 0) continue;
      if (inJob === under.length) whole.push(child);
      else walk([...prefix, child], [...conds, `${cols[level]} == ${quote(child)}`]);
    }
    if (whole.length) {
      const cond = whole.length === 1 ? `${cols[level]} == ${quote(whole[0])}` : `${cols[level]} in (${whole.map(quote).join(', ')})`;
      clauses.push(`(${[...conds, cond].join(' and ')})`);
    }
  };
  walk([], []);
  return clauses.join(' or ');
}

function startsWith(values: string[], prefix: string[]): boolean {
  return prefix.every((p, i) => values[i] === p);
}

function quote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function label(columns: string[], values: Record<string, string>): string {
  return columns.filter((c) => c in values).map((c) => values[c]).join('/');
}

/** Fits run duration against the amount taken, on runs that finished. */
export function fitRunTime(points: { amount: number; durationMs: number }[]): RunTimeModel | undefined {
  const pts = points.filter((p) => p.amount > 0 && p.durationMs > 0);
  if (pts.length === 0) return undefined;
  const amounts = new Set(pts.map((p) => p.amount));
  if (amounts.size >= 2) {
    const n = pts.length;
    const mx = pts.reduce((a, p) => a + p.amount, 0) / n;
    const my = pts.reduce((a, p) => a + p.durationMs, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of pts) {
      sxy += (p.amount - mx) * (p.durationMs - my);
      sxx += (p.amount - mx) ** 2;
    }
    const perUnitMs = sxy / sxx;
    const fixedMs = my - perUnitMs * mx;
    if (perUnitMs > 0 && fixedMs >= 0) return { fixedMs, perUnitMs };
  }
  // One size (or a fit that makes no physical sense): all of the time scales with the work.
  const total = pts.reduce((a, p) => a + p.durationMs, 0);
  const amount = pts.reduce((a, p) => a + p.amount, 0);
  return { fixedMs: 0, perUnitMs: total / amount };
}
