// Opens a Glue job run from AWS: GetJobRun for its window and state, then its CloudWatch metrics,
// folded into a JobRun. This is the whole "Open from AWS" path when there is no event log.
import { cloudWatchClient, glueClient } from '../aws/clients.js';
import type { AwsSettings } from '../aws/aws-settings.js';
import type { JobRun } from '../model/job-run.js';
import { fetchGlueMetrics, type GlueMetrics } from './cloudwatch-glue-metrics.js';
import { getGlueJobRun } from './glue-job-runs.js';
import { mergeRuns, pickLogForGlueRun } from './merge-runs.js';
import { openEventLogs } from './open-event-logs.js';
import { glueLogCandidates } from './glue-log-candidates.js';
import { setDefaultAwsSettings } from '../aws/default-settings.js';
import { glueRunFromMetrics, type GlueJobRunInfo } from './glue-metrics-model.js';

/** Glue publishes the last report up to a period after the run ends; look a little beyond both ends. */
const MARGIN_MS = 60_000;

export interface GlueRunData {
  info: GlueJobRunInfo;
  metrics: GlueMetrics;
}

/** The metrics window of a run: its start to its end (or now), a margin beyond both. */
export function glueRunWindow(info: GlueJobRunInfo, now: number): { startTime: number; endTime: number } {
  return {
    startTime: (info.startedOn ?? now - 3600_000) - MARGIN_MS,
    endTime: Math.min(now, (info.completedOn ?? now) + MARGIN_MS),
  };
}

export async function fetchGlueRun(settings: AwsSettings, jobName: string, jobRunId: string, now = Date.now()): Promise<GlueRunData> {
  const glue = glueClient(settings);
  const cw = cloudWatchClient(settings);
  try {
    const info = await getGlueJobRun(glue, settings, jobName, jobRunId);
    const metrics = await fetchGlueMetrics(cw, settings, { jobName, jobRunId, ...glueRunWindow(info, now), now });
    return { info, metrics };
  } finally {
    glue.destroy();
    cw.destroy();
  }
}

/**
 * The run from CloudWatch; with `eventLogPath` (a log, or Glue's --spark-event-logs-path folder)
 * its event log too, merged onto one timeline.
 */
export async function openGlueRun(settings: AwsSettings, jobName: string, jobRunId: string, eventLogPath?: string): Promise<JobRun> {
  const { info, metrics } = await fetchGlueRun(settings, jobName, jobRunId);
  const cloud = glueRunFromMetrics(info, metrics);
  if (!eventLogPath) return cloud;
  // The log seam only gets paths; s3:// paths read the settings from here.
  setDefaultAwsSettings(settings);
  const candidates = await glueLogCandidates(eventLogPath, info.startedOn ?? 0, info.completedOn ?? Date.now());
  const runs: JobRun[] = [];
  const warnings = [...candidates.warnings];
  for (const path of candidates.paths) {
    const opened = await openEventLogs(path);
    runs.push(...opened.runs);
    warnings.push(...opened.warnings);
  }
  const log = pickLogForGlueRun(runs, cloud);
  if (!log) {
    return { ...cloud, warnings: [...cloud.warnings, ...warnings, { file: eventLogPath, message: `no event log there matches Glue run ${jobRunId} (by spark.glue.JOB_RUN_ID or time); showing CloudWatch metrics only` }] };
  }
  return mergeRuns(log, cloud);
}
