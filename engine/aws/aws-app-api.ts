// The "Open from AWS" calls of the app API: list a Glue job's runs for the run picker, and open one
// (CloudWatch heap per executor, plus its event log on S3 when given) into the same views.
// Only the profile name, region and endpoint cross the transport; credentials stay in the SDK.
import { z } from 'zod';
import { glueClient } from './clients.js';
import { classifyAwsError } from './aws-errors.js';
import type { AwsSettings } from './aws-settings.js';
import { listGlueJobRuns } from '../ingest/glue-job-runs.js';
import { openGlueRun } from '../ingest/glue-run-import.js';
import type { JobRun } from '../model/job-run.js';
import type { LiveRunSource } from '../views/live-run.js';
import { glueLiveRun, isGlueRunFinal } from './glue-live-run.js';

export interface AwsConnection {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export interface GlueRunRow {
  jobRunId: string;
  state?: string;
  startedOn?: number;
  completedOn?: number;
  /** Seconds Glue counted for the run. */
  executionSeconds?: number;
  errorMessage?: string;
  workerType?: string;
  numberOfWorkers?: number;
}

export interface GlueRunsResult {
  jobName: string;
  runs: GlueRunRow[];
  error?: { message: string };
  /** Throttling retries on the way (the listing was slow for this reason). */
  notices?: string[];
}

const connection = {
  profile: z.string().max(200).regex(/^[\w.@+=,-]+$/, 'a profile name').optional(),
  region: z.string().max(50).regex(/^[a-z0-9-]+$/, 'a region such as eu-west-1').optional(),
  endpointUrl: z.string().url().max(2048).optional(),
};
const jobName = z.string().min(1).max(255);
/** Profile name, region and endpoint as the UI sends them (the Tuner's Glue runner takes them too). */
export { connection as awsConnectionArgs };

/** Argument schemas, in the form the app API dispatcher checks every call with. */
export const AWS_ARG_SCHEMAS = {
  glueRuns: z.object({ ...connection, jobName }).strict(),
  openGlueRun: z
    .object({
      ...connection,
      jobName,
      jobRunId: z.string().min(1).max(255),
      // S3 only: a local path would bypass the server's folder guard.
      eventLogPath: z.string().regex(/^s3[an]?:\/\/[^/]+/i, 'an s3:// URI').max(4096).optional(),
    })
    .strict(),
};

function settingsOf(c: AwsConnection): AwsSettings {
  return {
    ...(c.profile ? { profile: c.profile } : {}),
    ...(c.region ? { region: c.region } : {}),
    ...(c.endpointUrl ? { endpointUrl: c.endpointUrl } : {}),
  };
}

export async function glueRunsForPicker(args: AwsConnection & { jobName: string }): Promise<GlueRunsResult> {
  const notices: string[] = [];
  const settings = { ...settingsOf(args), onNotice: (m: string) => notices.push(m) };
  const glue = glueClient(settings);
  try {
    const runs = await listGlueJobRuns(glue, settings, args.jobName, 50);
    return { jobName: args.jobName, runs: runs.map(({ jobName: _job, glueVersion: _v, ...row }) => row), ...(notices.length ? { notices } : {}) };
  } catch (err) {
    return { jobName: args.jobName, runs: [], error: { message: classifyAwsError(err, { operation: 'Glue GetJobRuns', jobName: args.jobName }, settings).message } };
  } finally {
    glue.destroy();
  }
}

/** The run as a JobRun; AWS problems are thrown as AwsError with a message for the user. */
export async function loadGlueRun(args: AwsConnection & { jobName: string; jobRunId: string; eventLogPath?: string }): Promise<JobRun> {
  // Throttling retries are told to the user as warnings on the run, so a slow open is explained.
  const notices: string[] = [];
  const run = await openGlueRun({ ...settingsOf(args), onNotice: (m) => notices.push(m) }, args.jobName, args.jobRunId, args.eventLogPath);
  return notices.length ? { ...run, warnings: [...run.warnings, ...notices.map((message) => ({ file: run.source.path, message }))] } : run;
}

/** A live source for a run Glue has not finished (CloudWatch only), else undefined. */
export function glueLiveSource(args: AwsConnection, run: JobRun, pollMs?: number): LiveRunSource | undefined {
  if (!run.glue || isGlueRunFinal(run) || run.source.kind !== 'cloudwatch') return undefined;
  return glueLiveRun(settingsOf(args), run, pollMs);
}
