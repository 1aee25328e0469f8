// `skewscope glue-metrics --job J --run R`: a Glue job run's JVM heap per executor, driver and ALL
// from CloudWatch (30 s gauges), plus its aggregate counters. --json prints the series.
import type { Command } from 'commander';
import { addAwsOptions, awsSettingsFrom, type AwsCliOptions } from '../aws/aws-cli-options.js';
import { fetchGlueRun } from '../ingest/glue-run-import.js';
import { glueMetricsSummary, type GlueMetricsSummary, type HeapPoint } from '../ingest/glue-metrics-model.js';
import { failAndExit } from './fail.js';

interface Options extends AwsCliOptions {
  job: string;
  run: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('glue-metrics')
    .description("A Glue job run's JVM heap per executor over time, from CloudWatch (Glue reports every 30 s)")
    .requiredOption('--job <name>', 'Glue job name')
    .requiredOption('--run <id>', 'job run id (jr_…)')
    .option('--json', 'print { driver: [{ t, heapUsage, heapUsed? }], executors: { <id>: [...] }, all: [...], counters: {...}, gauges, notes } (t in epoch ms)');
  addAwsOptions(command)
    .addHelpText('after', '\nExamples:\n  skewscope glue-metrics --job orders-etl --run jr_0a1b2c… --profile prod --region eu-west-1\n  skewscope glue-metrics --job orders-etl --run jr_0a1b2c… --json > heap.json')
    .action(async (opts: Options) => {
      try {
        const { info, metrics } = await fetchGlueRun(awsSettingsFrom(opts), opts.job, opts.run);
        const summary = glueMetricsSummary(metrics);
        if (opts.json) {
          const { driver, executors, all, counters, gauges, notes, resolutionSeconds } = summary;
          process.stdout.write(JSON.stringify({ jobName: info.jobName, jobRunId: info.jobRunId, state: info.state, resolutionSeconds, driver, executors, all, counters, gauges, notes }, null, 2) + '\n');
        } else {
          printText(summary, info.state, info.errorMessage);
        }
      } catch (err) {
        failAndExit(err);
      }
    });
}

function printText(s: GlueMetricsSummary, state: string | undefined, error: string | undefined): void {
  const w = (line = '') => process.stdout.write(line + '\n');
  w(`Glue job ${s.jobName}, run ${s.jobRunId}${state ? `: ${state}` : ''}`);
  if (error) w(`  ${error.split('\n')[0].slice(0, 200)}`);
  w(`JVM heap from CloudWatch, one point per ${s.resolutionSeconds} s (Glue reports every 30 s; shorter peaks between reports are invisible)`);
  const rows = [
    ...(s.driver.length ? [['driver', s.driver] as const] : []),
    ...Object.entries(s.executors).map(([id, pts]) => [`executor ${id}`, pts] as const),
    ...(s.all.length ? [['ALL (average)', s.all] as const] : []),
  ];
  if (rows.length === 0) w('  no heap metrics: was the job run with --enable-metrics, and is the run id right?');
  for (const [who, pts] of rows) w(`  ${who.padEnd(16)} ${heapLine(pts)}`);
  const counters = Object.entries(s.counters);
  if (counters.length) {
    w('Counters (sums of Glue\'s per-report deltas)');
    for (const [name, value] of counters) w(`  ${name.padEnd(52)} ${value}`);
  }
  for (const note of s.notes) w(`Note: ${note}`);
}

function heapLine(pts: HeapPoint[]): string {
  const peak = pts.reduce((a, b) => (b.heapUsage > a.heapUsage ? b : a));
  const last = pts[pts.length - 1];
  const gib = (b?: number) => (b === undefined ? '' : ` (${(b / 1024 ** 3).toFixed(2)} GiB)`);
  return `peak ${pct(peak.heapUsage)}${gib(peak.heapUsed)} at ${new Date(peak.t).toISOString()}, last ${pct(last.heapUsage)}, ${pts.length} points`;
}

const pct = (f: number) => `${(f * 100).toFixed(1)} %`;
