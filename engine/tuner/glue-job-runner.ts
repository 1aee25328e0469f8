// A JobRunner that runs trials on AWS Glue: generate the job's PySpark script, upload it to S3,
// create or update the Glue job, StartJobRun with the trial's bound as arguments, then poll
// GetJobRun and the run's CloudWatch metrics, handing the tuner a live model after every poll.
// The tuner cancels doomed runs; cancel is BatchStopJobRun. With dryRun every API call is printed
// instead of made.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  BatchStopJobRunCommand,
  CreateJobCommand,
  GetJobCommand,
  StartJobRunCommand,
  UpdateJobCommand,
  type GlueClient,
  type WorkerType,
} from '@aws-sdk/client-glue';
import { classifyFailureText } from '../analysis/failure-cause.js';
import { AwsError } from '../aws/aws-errors.js';
import { withAwsRetry } from '../aws/aws-retry.js';
import type { AwsSettings } from '../aws/aws-settings.js';
import { cloudWatchClient, glueClient, s3Client } from '../aws/clients.js';
import { parseS3Uri } from '../aws/s3-uri.js';
import { fetchGlueMetrics } from '../ingest/cloudwatch-glue-metrics.js';
import { getGlueJobRun } from '../ingest/glue-job-runs.js';
import { glueRunWindow } from '../ingest/glue-run-import.js';
import { glueCounters, glueRunFromMetrics, type GlueJobRunInfo } from '../ingest/glue-metrics-model.js';
import type { JobRun } from '../model/job-run.js';
import type { JobSpec } from '../runtime/job-spec.js';
import { generateGlueScript, glueRunArguments } from './glue-script.js';
import type { JobRunner, RunHandle, RunOutcome, RunRequest } from './job-runner.js';

export interface GlueRunnerOptions {
  settings: AwsSettings;
  spec: JobSpec;
  /** Glue job to create or update (default: the spec's name). */
  jobName?: string;
  /** IAM role the job runs as. */
  roleArn: string;
  /** Where the generated script goes, s3://bucket/key.py. */
  scriptLocation: string;
  /** s3:// lake root overriding the spec's. */
  lake?: string;
  workerType?: WorkerType;
  numberOfWorkers?: number;
  glueVersion?: string;
  /** Glue's --spark-event-logs-path, so the runs' event logs can be opened afterwards. */
  eventLogsPath?: string;
  /** Between GetJobRun polls (default 30 s: Glue publishes metrics every 30 s). */
  pollIntervalMs?: number;
  /** Print the API calls instead of making them. */
  dryRun?: boolean;
  /** Where dry-run calls and progress lines go (default stderr: a command's stdout holds its answer). */
  print?: (line: string) => void;
}

/** Consecutive failed polls after which the trial is given up (the Glue run itself is left alone). */
const MAX_POLL_FAILURES = 4;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Glue's job-level error names no site; stage/task/executor wording means an executor died. */
function failureCause(info: GlueJobRunInfo): string | undefined {
  if (info.state === 'TIMEOUT') return 'timeout';
  if (!info.errorMessage) return info.state === 'FAILED' || info.state === 'ERROR' ? 'other' : undefined;
  const site = /stage failure|lost task|executor|container killed/i.test(info.errorMessage) ? 'executor' : 'driver';
  return classifyFailureText(info.errorMessage, site);
}

function outcomeOf(info: GlueJobRunInfo, run: JobRun, request: RunRequest): RunOutcome {
  const status = info.state === 'SUCCEEDED' ? 'succeeded' : info.state === 'STOPPED' ? 'cancelled' : 'failed';
  const cause = status === 'failed' ? failureCause(info) : undefined;
  const bytesRead = glueCounters({ jobName: info.jobName, jobRunId: info.jobRunId, periodSeconds: 30, series: run.glue?.metrics ?? [], notes: [] })['glue.driver.aggregate.bytesRead'] ?? 0;
  return {
    status,
    ...(cause ? { cause } : {}),
    oom: cause === 'driver-oom' || cause === 'executor-oom',
    durationMs: info.startedOn !== undefined && info.completedOn !== undefined ? info.completedOn - info.startedOn : 0,
    // Glue reports bytes read but not files; a bounded run takes its whole bound while the backlog lasts.
    filesRead: 'boundedFiles' in request.bound ? request.bound.boundedFiles : 0,
    bytesRead,
    run,
  };
}

/** A shared preparation step that is tried again by the next run if it failed. */
function retryable(p: Promise<void>, forget: () => void): Promise<void> {
  return p.catch((e) => {
    forget();
    throw e;
  });
}

export class GlueJobRunner implements JobRunner {
  readonly name = 'glue';
  /** The generated script samples with DataFrame.sample when --skewscope_sample_fraction < 1. */
  readonly supportsSampling = true;
  private readonly jobName: string;
  private readonly print: (line: string) => void;
  private scriptUploaded?: Promise<void>;
  /** Glue jobs created or updated by this runner (parallel plans run one job per predicate). */
  private readonly jobsReady = new Map<string, Promise<void>>();

  constructor(private readonly opts: GlueRunnerOptions) {
    this.jobName = opts.jobName ?? opts.spec.name;
    this.print = opts.print ?? ((line) => process.stderr.write(`${line}\n`));
  }

  async start(request: RunRequest): Promise<RunHandle> {
    const jobName = request.jobName ?? this.jobName;
    if (this.opts.dryRun) return this.dryRun(request, jobName);
    const { settings } = this.opts;
    const glue = glueClient(settings);
    try {
      this.scriptUploaded ??= retryable(this.uploadScript(), () => (this.scriptUploaded = undefined));
      await this.scriptUploaded;
      if (!this.jobsReady.has(jobName)) this.jobsReady.set(jobName, retryable(this.defineJob(glue, jobName), () => this.jobsReady.delete(jobName)));
      await this.jobsReady.get(jobName);
      const started = await withAwsRetry(settings, { operation: 'Glue StartJobRun', jobName }, () =>
        glue.send(new StartJobRunCommand({ JobName: jobName, Arguments: glueRunArguments(request) })),
      );
      return this.watch(glue, jobName, started.JobRunId!, request);
    } catch (e) {
      glue.destroy();
      throw e;
    }
  }

  /** Every trial and every job of a plan shares one script; the bound varies by argument. */
  private async uploadScript(): Promise<void> {
    const { settings, spec } = this.opts;
    const { bucket, key } = parseS3Uri(this.opts.scriptLocation);
    const s3 = s3Client(settings);
    try {
      await withAwsRetry(settings, { operation: 'S3 PutObject', bucket, key }, () =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: generateGlueScript(spec, this.opts.lake), ContentType: 'text/x-python' })),
      );
    } finally {
      s3.destroy();
    }
  }

  private async defineJob(glue: GlueClient, jobName: string): Promise<void> {
    const { settings } = this.opts;
    const definition = this.jobDefinition();
    let exists = true;
    try {
      await withAwsRetry(settings, { operation: 'Glue GetJob', jobName }, () => glue.send(new GetJobCommand({ JobName: jobName })));
    } catch (e) {
      if (!(e instanceof AwsError && e.kind === 'no-such-job')) throw e;
      exists = false;
    }
    if (exists) {
      await withAwsRetry(settings, { operation: 'Glue UpdateJob', jobName }, () => glue.send(new UpdateJobCommand({ JobName: jobName, JobUpdate: definition })));
    } else {
      await withAwsRetry(settings, { operation: 'Glue CreateJob', jobName }, () => glue.send(new CreateJobCommand({ Name: jobName, ...definition })));
    }
  }

  private jobDefinition() {
    const o = this.opts;
    return {
      Role: o.roleArn,
      Description: `Skewscope trial runs of the job spec "${o.spec.name}"`,
      Command: { Name: 'glueetl', ScriptLocation: o.scriptLocation, PythonVersion: '3' },
      DefaultArguments: {
        '--job-language': 'python',
        '--enable-metrics': 'true',
        '--enable-observability-metrics': 'true',
        '--job-bookmark-option': 'job-bookmark-enable',
        '--skewscope_bound_kind': 'none',
        '--skewscope_bound_value': '0',
        '--skewscope_predicate': '-',
        '--skewscope_sample_fraction': '1',
        ...(o.eventLogsPath ? { '--enable-spark-ui': 'true', '--spark-event-logs-path': o.eventLogsPath } : {}),
      },
      GlueVersion: o.glueVersion ?? '4.0',
      WorkerType: o.workerType ?? 'G.1X',
      NumberOfWorkers: o.numberOfWorkers ?? 2,
    };
  }

  private watch(glue: GlueClient, jobName: string, jobRunId: string, request: RunRequest): RunHandle {
    const { settings } = this.opts;
    const cw = cloudWatchClient(settings);
    const listeners: ((run: JobRun) => void)[] = [];
    const interval = this.opts.pollIntervalMs ?? 30_000;
    let stopRequested: Promise<void> | undefined;

    const snapshot = async (info: GlueJobRunInfo): Promise<JobRun> => {
      const now = Date.now();
      const metrics = await fetchGlueMetrics(cw, settings, { jobName, jobRunId, ...glueRunWindow(info, now), now });
      return glueRunFromMetrics(info, metrics);
    };

    const poll = async (): Promise<RunOutcome> => {
      try {
        for (let failures = 0; ; ) {
          let info: GlueJobRunInfo;
          let run: JobRun;
          try {
            info = await getGlueJobRun(glue, settings, jobName, jobRunId);
            run = await snapshot(info);
            failures = 0;
          } catch (err) {
            // The run goes on while the network blips: a poll or two may fail, not the trial.
            if (!(err instanceof AwsError && (err.kind === 'unreachable' || err.kind === 'throttled' || err.kind === 'other')) || ++failures >= MAX_POLL_FAILURES) throw err;
            this.print(`Polling Glue run ${jobRunId} failed (${failures} of ${MAX_POLL_FAILURES - 1} tolerated): ${err.message}`);
            await sleep(interval);
            continue;
          }
          for (const l of listeners) l(run);
          if (info.state && TERMINAL.has(info.state)) return outcomeOf(info, run, request);
          await sleep(interval);
        }
      } finally {
        cw.destroy();
        glue.destroy();
      }
    };
    const outcome = poll();

    return {
      onUpdate: (listener) => listeners.push(listener),
      cancel: (reason) => {
        stopRequested ??= (async () => {
          this.print(`Stopping Glue run ${jobRunId}: ${reason}`);
          const out = await withAwsRetry(settings, { operation: 'Glue BatchStopJobRun', jobName, jobRunId }, () =>
            glue.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: [jobRunId] })),
          );
          const refused = out.Errors?.find((e) => e.JobRunId === jobRunId);
          // A run that ended on its own meanwhile cannot be stopped; the outcome says how it ended.
          if (refused) this.print(`Glue did not stop ${jobRunId}: ${refused.ErrorDetail?.ErrorMessage ?? refused.ErrorDetail?.ErrorCode ?? 'no reason given'}`);
          await outcome.catch(() => undefined);
        })();
        return stopRequested;
      },
      outcome,
    };
  }

  /** Prints what a real run would call, in order, and makes no call at all. */
  private async dryRun(request: RunRequest, jobName: string): Promise<RunHandle> {
    const p = (call: string, input: unknown) => this.print(`${call} ${JSON.stringify(input)}`);
    const { bucket, key } = parseS3Uri(this.opts.scriptLocation);
    const script = generateGlueScript(this.opts.spec, this.opts.lake);
    const definition = this.jobDefinition();
    p('s3:PutObject', { Bucket: bucket, Key: key, ContentType: 'text/x-python', ContentLength: Buffer.byteLength(script) });
    p('glue:GetJob', { JobName: jobName });
    p('glue:CreateJob (UpdateJob with JobUpdate when the job exists)', { Name: jobName, ...definition });
    p('glue:StartJobRun', { JobName: jobName, Arguments: glueRunArguments(request) });
    p(`then every ${Math.round((this.opts.pollIntervalMs ?? 30_000) / 1000)} s: glue:GetJobRun + cloudwatch:ListMetrics + cloudwatch:GetMetricData`, { JobName: jobName, RunId: '<JobRunId>' });
    p('if the OOM predictor says the run is doomed: glue:BatchStopJobRun', { JobName: jobName, JobRunIds: ['<JobRunId>'] });
    const info: GlueJobRunInfo = { jobName: jobName, jobRunId: 'dry-run' };
    const run = glueRunFromMetrics(info, { jobName: jobName, jobRunId: 'dry-run', periodSeconds: 30, series: [], notes: ['dry run: nothing was started'] });
    const outcome: RunOutcome = { status: 'cancelled', cause: 'dry-run', oom: false, durationMs: 0, filesRead: 0, bytesRead: 0, run };
    return { onUpdate: () => undefined, cancel: async () => undefined, outcome: Promise.resolve(outcome) };
  }
}
