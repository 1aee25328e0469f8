// The job spec: a JSON file mirroring a Glue script (sources with bookmarks and bounds,
// ApplyMapping, nested Join.apply, drop_fields, a JSON-lines sink). Validated with zod; every
// error names the field path so the user can find it in the file.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const castType = z
  .string()
  .regex(
    /^(string|int|integer|long|bigint|double|float|date|timestamp|boolean|decimal\(\s*\d+\s*,\s*\d+\s*\))$/i,
    'expected one of string, int, long, double, decimal(p,s), date, timestamp, boolean',
  );

/** ApplyMapping tuple: (source, sourceType, target, targetType). */
const mapping = z.tuple([z.string().min(1), castType, z.string().min(1), castType]);

const source = z
  .object({
    path: z.string().min(1),
    format: z.enum(['json', 'csv']).default('json'),
    /** Bookmarked (and bounded) only when set, as in Glue. */
    transformation_ctx: z.string().min(1).optional(),
    push_down_predicate: z.string().optional(),
    exclusions: z.array(z.string()).optional(),
    boundedFiles: z.number().int().positive().optional(),
    boundedSize: z.number().int().positive().optional(),
    /** CSV only: first line holds the column names (default true). */
    header: z.boolean().default(true),
    mappings: z.array(mapping).min(1),
  })
  .strict()
  .refine((s) => !(s.boundedFiles !== undefined && s.boundedSize !== undefined), {
    message: 'boundedFiles and boundedSize cannot both be set (Glue takes one at a time)',
    path: ['boundedFiles'],
  });

export interface JoinNode {
  frame1: string | JoinNode;
  frame2: string | JoinNode;
  keys1: string[];
  keys2: string[];
}

const joinNode: z.ZodType<JoinNode> = z.lazy(() =>
  z
    .object({
      frame1: z.union([z.string().min(1), joinNode]),
      frame2: z.union([z.string().min(1), joinNode]),
      keys1: z.array(z.string().min(1)).min(1),
      keys2: z.array(z.string().min(1)).min(1),
    })
    .strict()
    .refine((j) => j.keys1.length === j.keys2.length, {
      message: 'keys1 and keys2 must have the same length',
      path: ['keys2'],
    }),
);

const jobSpecSchema = z
  .object({
    name: z.string().min(1),
    /** Root the source paths are relative to (`--lake` overrides). Local folder or s3://bucket/prefix. */
    lake: z.string().min(1).optional(),
    sources: z.record(z.string().min(1), source).refine((r) => Object.keys(r).length > 0, 'at least one source'),
    join: joinNode.optional(),
    drop_fields: z.array(z.string()).default([]),
    sink: z.object({ path: z.string().min(1), format: z.literal('json').default('json') }).strict(),
    /** Shuffle partitions (spark.sql.shuffle.partitions). */
    shufflePartitions: z.number().int().positive().max(10_000).default(8),
    /** Malformed records tolerated before the job fails (Spark's badRecordsPath style); -1 = unlimited. */
    maxMalformedRecords: z.number().int().min(-1).default(1000),
    /** Target bytes per scan task: files are grouped up to this size (spark.sql.files.maxPartitionBytes). */
    maxPartitionBytes: z.number().int().positive().default(8 * 1024 * 1024),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const names = new Set(Object.keys(spec.sources));
    const used: string[] = [];
    const walk = (n: JoinNode, path: (string | number)[]): void => {
      for (const side of ['frame1', 'frame2'] as const) {
        const f = n[side];
        if (typeof f === 'string') {
          if (!names.has(f)) ctx.addIssue({ code: 'custom', path: [...path, side], message: `unknown source "${f}"; sources are ${[...names].join(', ')}` });
          used.push(f);
        } else walk(f, [...path, side]);
      }
    };
    if (spec.join) walk(spec.join, ['join']);
    else if (names.size !== 1) ctx.addIssue({ code: 'custom', path: ['join'], message: 'several sources need a join' });
    const dup = used.find((u, i) => used.indexOf(u) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['join'], message: `source "${dup}" is joined twice` });
    for (const n of names) {
      if (spec.join && !used.includes(n)) ctx.addIssue({ code: 'custom', path: ['sources', n], message: `source "${n}" is not used by the join` });
    }
  });

export type JobSpec = z.infer<typeof jobSpecSchema>;
export type SourceSpec = JobSpec['sources'][string];
export type Mapping = z.infer<typeof mapping>;

export class JobSpecError extends Error {}

function formatIssues(where: string, error: z.ZodError): string {
  const lines = error.issues.map((i) => {
    const path = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(root)';
    return `  ${path}: ${i.message}`;
  });
  return `${where}: invalid job spec\n${lines.join('\n')}`;
}

export function parseJobSpec(value: unknown, where = 'job spec'): JobSpec {
  const r = jobSpecSchema.safeParse(value);
  if (!r.success) throw new JobSpecError(formatIssues(where, r.error));
  return r.data;
}

export async function loadJobSpec(file: string): Promise<JobSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new JobSpecError(`${file}: cannot read the job spec (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new JobSpecError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return parseJobSpec(json, file);
}
