// The command-line options of the Glue runner (`skewscope tune --runner glue …`), and the runner
// they describe. AWS access is the usual --profile / --region / --endpoint-url.
import type { Command } from 'commander';
import type { WorkerType } from '@aws-sdk/client-glue';
import { addAwsOptions, awsSettingsFrom, type AwsCliOptions } from '../aws/aws-cli-options.js';
import type { JobSpec } from '../runtime/job-spec.js';
import { GlueJobRunner } from './glue-job-runner.js';

export interface GlueRunnerCliOptions extends AwsCliOptions {
  glueJob?: string;
  glueRole?: string;
  glueScript?: string;
  glueWorkerType?: string;
  glueWorkers?: string;
  glueVersion?: string;
  glueEventLogs?: string;
  gluePollSeconds?: string;
  dryRun?: boolean;
  lake?: string;
}

export function addGlueRunnerOptions(command: Command): Command {
  command
    .option('--glue-job <name>', 'Glue job the trials run as (created or updated; default: the spec\'s name)')
    .option('--glue-role <arn>', 'IAM role of the Glue job (required with --runner glue)')
    .option('--glue-script <s3-uri>', 'where the generated PySpark script is uploaded, s3://bucket/key.py (required with --runner glue)')
    .option('--glue-worker-type <type>', 'G.1X, G.2X, …', 'G.1X')
    .option('--glue-workers <n>', 'number of workers', '2')
    .option('--glue-version <v>', 'Glue version', '4.0')
    .option('--glue-event-logs <s3-uri>', "the job's --spark-event-logs-path")
    .option('--glue-poll-seconds <s>', 'between GetJobRun/CloudWatch polls (Glue reports every 30 s)', '30')
    .option('--dry-run', 'print the AWS API calls instead of making them');
  return addAwsOptions(command);
}

/** The runner, or an Error naming the missing or wrong option. `onNotice` gets the AWS retry notices (default stderr). */
export function glueRunnerFrom(o: GlueRunnerCliOptions, spec: JobSpec, print?: (line: string) => void, onNotice?: (message: string) => void): GlueJobRunner {
  if (!o.glueRole) throw new Error('--runner glue needs --glue-role <arn> (the IAM role Glue runs the job as)');
  if (!o.glueScript || !/^s3:\/\/[^/]+\/.+/.test(o.glueScript)) throw new Error('--runner glue needs --glue-script s3://bucket/key.py (where the generated script goes)');
  const workers = Number(o.glueWorkers ?? 2);
  const poll = Number(o.gluePollSeconds ?? 30);
  if (!Number.isInteger(workers) || workers < 2) throw new Error(`--glue-workers ${o.glueWorkers}: a whole number of at least 2`);
  if (!(poll > 0)) throw new Error(`--glue-poll-seconds ${o.gluePollSeconds}: a positive number of seconds`);
  return new GlueJobRunner({
    settings: { ...awsSettingsFrom(o), ...(onNotice ? { onNotice } : {}) },
    spec,
    ...(o.glueJob ? { jobName: o.glueJob } : {}),
    roleArn: o.glueRole,
    scriptLocation: o.glueScript,
    ...(o.lake ? { lake: o.lake } : {}),
    workerType: (o.glueWorkerType ?? 'G.1X') as WorkerType,
    numberOfWorkers: workers,
    glueVersion: o.glueVersion ?? '4.0',
    ...(o.glueEventLogs ? { eventLogsPath: o.glueEventLogs } : {}),
    pollIntervalMs: poll * 1000,
    dryRun: o.dryRun === true,
    ...(print ? { print } : {}),
  });
}
