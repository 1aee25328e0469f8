// An AWS Glue stand-in on loopback speaking awsJson1_1 (AWSGlue.*), enough for opening runs and
// for the Glue runner: GetJob/CreateJob/UpdateJob, StartJobRun, GetJobRun, GetJobRuns,
// BatchStopJobRun. Runs advance one step per GetJobRun poll (no clocks), following a plan the
// test chooses from the run's arguments. Requests are checked; violations land in `problems`.
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './aws-json-standin.js';

export interface RunPlan {
  /** Number of polls the run stays RUNNING before it ends. */
  runningPolls: number;
  end: 'SUCCEEDED' | 'FAILED';
  errorMessage?: string;
}

export interface StandinRun {
  id: string;
  jobName: string;
  state: string;
  startedOn: number;
  completedOn?: number;
  errorMessage?: string;
  arguments: Record<string, string>;
  polls: number;
  plan: RunPlan;
}

export interface GlueStandinOptions {
  /** The plan of a run started with these arguments. */
  plan?: (args: Record<string, string>, jobName: string) => RunPlan;
  /** Called after each poll advanced a run (e.g. to publish CloudWatch points for it). */
  onPoll?: (run: StandinRun) => void;
  /** Runs start this long before "now", so their 30 s steps lie in the past (default 30 min). */
  startedAgoMs?: number;
  /** Glue pages GetJobRuns by this many runs. */
  pageSize?: number;
}

export interface GlueStandin extends AwsJsonServer {
  jobs: Map<string, Record<string, unknown>>;
  runs: StandinRun[];
  /** A finished or running run, as if started outside the test. */
  addRun(run: Omit<StandinRun, 'polls' | 'plan'> & { plan?: RunPlan }): void;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR']);

/** Starts a server, or mounts on `on` (to share one endpoint with other stand-ins). */
export async function startGlueStandin(opts: GlueStandinOptions = {}, on?: AwsJsonServer): Promise<GlueStandin> {
  const jobs = new Map<string, Record<string, unknown>>();
  const runs: StandinRun[] = [];
  let seq = 0;
  let server: AwsJsonServer;
  const pageSize = opts.pageSize ?? 2;

  const violation = (msg: string): never => {
    server.problems.push(msg);
    throw new StandinError('InvalidInputException', msg);
  };
  const requireString = (body: Record<string, unknown>, field: string, op: string): string => {
    const v = body[field];
    if (typeof v !== 'string' || v === '') violation(`${op}: ${field} missing`);
    return v as string;
  };
  const checkJobDefinition = (def: Record<string, unknown>, op: string) => {
    const command = def.Command as { Name?: string; ScriptLocation?: string; PythonVersion?: string } | undefined;
    if (typeof def.Role !== 'string' || !def.Role) violation(`${op}: Role missing`);
    if (command?.Name !== 'glueetl') violation(`${op}: Command.Name ${command?.Name}, expected glueetl`);
    if (!/^s3:\/\/[^/]+\/.+\.py$/.test(command?.ScriptLocation ?? '')) violation(`${op}: Command.ScriptLocation ${command?.ScriptLocation} is not an s3:// .py`);
    const args = (def.DefaultArguments ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(args)) {
      if (!k.startsWith('--')) violation(`${op}: argument ${k} does not start with --`);
      if (typeof v !== 'string') violation(`${op}: argument ${k} is not a string`);
    }
  };
  const runOf = (jobName: string, id: string) => {
    const run = runs.find((r) => r.jobName === jobName && r.id === id);
    if (!run) throw new StandinError('EntityNotFoundException', `Job run ${id} of ${jobName} not found`);
    return run;
  };
  const wire = (r: StandinRun) => ({
    Id: r.id,
    JobName: r.jobName,
    JobRunState: r.state,
    StartedOn: r.startedOn / 1000,
    ...(r.completedOn ? { CompletedOn: r.completedOn / 1000, ExecutionTime: Math.round((r.completedOn - r.startedOn) / 1000) } : {}),
    ...(r.errorMessage ? { ErrorMessage: r.errorMessage } : {}),
    Arguments: r.arguments,
    WorkerType: 'G.1X',
    NumberOfWorkers: 4,
    GlueVersion: '4.0',
  });
  const advance = (r: StandinRun) => {
    if (TERMINAL.has(r.state)) return;
    r.polls++;
    if (r.state === 'STOPPING') {
      r.state = 'STOPPED';
      r.completedOn = r.startedOn + r.polls * 30_000;
    } else if (r.polls <= r.plan.runningPolls) {
      r.state = 'RUNNING';
    } else {
      r.state = r.plan.end;
      r.completedOn = r.startedOn + r.polls * 30_000;
      if (r.plan.errorMessage) r.errorMessage = r.plan.errorMessage;
    }
    opts.onPoll?.(r);
  };

  server = on ?? (await startAwsJsonServer());
  server.mount({
    targetPrefix: 'AWSGlue',
    contentType: 'application/x-amz-json-1.1',
    handle: ({ operation: op, body, service }) => {
      if (service && service !== 'glue') server.problems.push(`signed for service ${service}, not glue`);
      switch (op) {
        case 'GetJob': {
          const name = requireString(body, 'JobName', op);
          const job = jobs.get(name);
          if (!job) throw new StandinError('EntityNotFoundException', `Job ${name} not found`);
          return { Job: job };
        }
        case 'CreateJob': {
          const name = requireString(body, 'Name', op);
          checkJobDefinition(body, op);
          if (jobs.has(name)) throw new StandinError('AlreadyExistsException', `Job ${name} already exists`);
          jobs.set(name, body);
          return { Name: name };
        }
        case 'UpdateJob': {
          const name = requireString(body, 'JobName', op);
          const update = body.JobUpdate as Record<string, unknown> | undefined;
          if (!update) return violation('UpdateJob: JobUpdate missing');
          checkJobDefinition(update, op);
          if (!jobs.has(name)) throw new StandinError('EntityNotFoundException', `Job ${name} not found`);
          jobs.set(name, { Name: name, ...update });
          return { JobName: name };
        }
        case 'StartJobRun': {
          const name = requireString(body, 'JobName', op);
          if (!jobs.has(name)) throw new StandinError('EntityNotFoundException', `Job ${name} not found`);
          const args = (body.Arguments ?? {}) as Record<string, string>;
          for (const [k, v] of Object.entries(args)) {
            if (!k.startsWith('--') || typeof v !== 'string' || v === '') violation(`StartJobRun: bad argument ${k}=${String(v)}`);
          }
          const bookmark = args['--job-bookmark-option'];
          if (bookmark !== undefined && !['job-bookmark-enable', 'job-bookmark-disable', 'job-bookmark-pause'].includes(bookmark)) {
            violation(`StartJobRun: --job-bookmark-option ${bookmark} is not one Glue knows`);
          }
          const id = `jr_${(++seq).toString(16).padStart(8, '0')}`;
          const plan = opts.plan?.(args, name) ?? { runningPolls: 2, end: 'SUCCEEDED' };
          runs.push({ id, jobName: name, state: 'STARTING', startedOn: Date.now() - (opts.startedAgoMs ?? 30 * 60_000), arguments: args, polls: 0, plan });
          return { JobRunId: id };
        }
        case 'GetJobRun': {
          const run = runOf(requireString(body, 'JobName', op), requireString(body, 'RunId', op));
          advance(run);
          return { JobRun: wire(run) };
        }
        case 'GetJobRuns': {
          const name = requireString(body, 'JobName', op);
          const all = runs.filter((r) => r.jobName === name).reverse();
          const offset = body.NextToken ? Number(String(body.NextToken).replace('page-', '')) : 0;
          if (Number.isNaN(offset)) violation(`GetJobRuns: unknown NextToken ${String(body.NextToken)}`);
          const size = Math.min(pageSize, Number(body.MaxResults ?? 200));
          const page = all.slice(offset, offset + size);
          return { JobRuns: page.map(wire), ...(offset + size < all.length ? { NextToken: `page-${offset + size}` } : {}) };
        }
        case 'BatchStopJobRun': {
          const name = requireString(body, 'JobName', op);
          const ids = body.JobRunIds as string[] | undefined;
          if (!Array.isArray(ids) || ids.length === 0) return violation('BatchStopJobRun: JobRunIds missing');
          const ok = [];
          const errors = [];
          for (const id of ids) {
            const run = runs.find((r) => r.jobName === name && r.id === id);
            if (run && !TERMINAL.has(run.state)) {
              run.state = 'STOPPING';
              ok.push({ JobName: name, JobRunId: id });
            } else {
              errors.push({ JobName: name, JobRunId: id, ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'not running' } });
            }
          }
          return { SuccessfulSubmissions: ok, Errors: errors };
        }
        default:
          throw new StandinError('UnknownOperationException', op);
      }
    },
  });
  return Object.assign(server, {
    jobs,
    runs,
    addRun(run: Omit<StandinRun, 'polls' | 'plan'> & { plan?: RunPlan }) {
      runs.push({ ...run, polls: 0, plan: run.plan ?? { runningPolls: 0, end: 'SUCCEEDED' } });
    },
  });
}
