// The Glue script lines for a tuning result, ready to paste: the bound as Glue's
// additional_options (its values are strings) and each parallel job's push_down_predicate.
import type { BacklogPlan } from './backlog-plan.js';
import type { Bound } from './job-runner.js';

export interface GlueExportOptions {
  /** The source's transformation_ctx, for the create_dynamic_frame line. */
  transformationCtx?: string;
  targetHeap?: number;
}

export function glueScriptLines(bound: Bound, plan?: BacklogPlan, opts: GlueExportOptions = {}): string[] {
  const ctx = opts.transformationCtx ?? 'datasource0';
  const target = opts.targetHeap !== undefined ? ` (peak heap ≤ ${Math.round(opts.targetHeap * 100)} %)` : '';
  const lines: string[] = [];
  if ('unbounded' in bound) {
    lines.push(`# Skewscope: the whole backlog fits in one run${target}; no bound needed.`);
    lines.push('additional_options = {}');
  } else {
    const [key, value] = 'boundedFiles' in bound ? ['boundedFiles', bound.boundedFiles] : ['boundedSize', bound.boundedSize];
    lines.push(`# Skewscope: largest safe bound${target}`);
    lines.push(`additional_options = {${JSON.stringify(key)}: ${JSON.stringify(String(value))}}`);
  }
  const jobs = plan?.parallel?.jobs ?? [];
  if (jobs.length === 0) {
    lines.push(`${ctx} = glueContext.create_dynamic_frame.from_catalog(database=DATABASE, table_name=TABLE, transformation_ctx=${JSON.stringify(ctx)}, additional_options=additional_options)`);
    return lines;
  }
  lines.push(`# Parallel plan: ${jobs.length} jobs on disjoint partitions, each with its own job bookmark.`);
  for (const j of jobs) {
    lines.push(`# job ${j.index}: ${j.partitions.join(', ')} (${j.files} files, ${j.runs} runs)`);
    lines.push(`push_down_predicate = ${JSON.stringify(j.predicate)}`);
  }
  lines.push(`${ctx} = glueContext.create_dynamic_frame.from_catalog(database=DATABASE, table_name=TABLE, transformation_ctx=${JSON.stringify(ctx)}, push_down_predicate=push_down_predicate, additional_options=additional_options)`);
  return lines;
}
