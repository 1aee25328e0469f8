// What Glue knows about a job's runs: one run (GetJobRun) for its time window, state and error,
// and the recent runs (GetJobRuns) for a run picker.
import { GetJobRunCommand, GetJobRunsCommand, type GlueClient, type JobRun as GlueJobRun } from '@aws-sdk/client-glue';
import { withAwsRetry } from '../aws/aws-retry.js';
import type { AwsSettings } from '../aws/aws-settings.js';
import type { GlueJobRunInfo } from './glue-metrics-model.js';

function infoOf(jobName: string, r: GlueJobRun): GlueJobRunInfo {
  return {
    jobName,
    jobRunId: r.Id ?? '',
    ...(r.JobRunState ? { state: r.JobRunState } : {}),
    ...(r.ErrorMessage ? { errorMessage: r.ErrorMessage } : {}),
    ...(r.StartedOn ? { startedOn: r.StartedOn.getTime() } : {}),
    ...(r.CompletedOn ? { completedOn: r.CompletedOn.getTime() } : {}),
    ...(r.WorkerType ? { workerType: r.WorkerType } : {}),
    ...(r.NumberOfWorkers ? { numberOfWorkers: r.NumberOfWorkers } : {}),
    ...(r.GlueVersion ? { glueVersion: r.GlueVersion } : {}),
  };
}

export async function getGlueJobRun(glue: GlueClient, settings: AwsSettings, jobName: string, jobRunId: string): Promise<GlueJobRunInfo> {
  const out = await withAwsRetry(settings, { operation: 'Glue GetJobRun', jobName, jobRunId }, () =>
    glue.send(new GetJobRunCommand({ JobName: jobName, RunId: jobRunId })),
  );
  if (!out.JobRun) throw new Error(`Glue returned no run "${jobRunId}" for job "${jobName}".`);
  return infoOf(jobName, out.JobRun);
}

export interface GlueRunListing extends GlueJobRunInfo {
  /** Seconds Glue counted for the run (ExecutionTime). */
  executionSeconds?: number;
}

/** The job's most recent runs, newest first, at most `limit`. */
export async function listGlueJobRuns(glue: GlueClient, settings: AwsSettings, jobName: string, limit = 50): Promise<GlueRunListing[]> {
  const runs: GlueRunListing[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withAwsRetry(settings, { operation: 'Glue GetJobRuns', jobName }, () =>
      glue.send(new GetJobRunsCommand({ JobName: jobName, NextToken: nextToken, MaxResults: Math.min(200, limit - runs.length) })),
    );
    for (const r of page.JobRuns ?? []) {
      runs.push({ ...infoOf(jobName, r), ...(r.ExecutionTime !== undefined ? { executionSeconds: r.ExecutionTime } : {}) });
    }
    nextToken = page.NextToken;
  } while (nextToken && runs.length < limit);
  return runs.slice(0, limit);
}
