// The JobRunner over the bundled local engine. Trials run with Glue's bookmark option `pause`
// (they take the unprocessed input but never move the bookmark) and write into a scratch folder
// that is deleted afterwards, so tuning leaves the user's bookmark and output untouched. The live
// model is folded from the engine's own Spark events by the same code that reads event logs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkEventFolder } from '../ingest/spark-event-folder.js';
import type { JobRun } from '../model/job-run.js';
import { startRun } from '../runtime/driver.js';
import type { JobSpec } from '../runtime/job-spec.js';
import type { InputBound } from '../runtime/plan-types.js';
import type { RunSettings } from '../runtime/run-settings.js';
import { MAP_OUTPUT_STATISTICS_EVENT } from '../runtime/spark-events.js';
import type { Bound, JobRunner, MapOutputStatistics, RunHandle, RunOutcome, RunRequest } from './job-runner.js';

/** Live models are rebuilt at most this often (the engine samples heaps every 250 ms or finer). */
const UPDATE_EVERY_MS = 200;

export interface LocalJobRunnerOptions {
  spec: JobSpec;
  /** Engine settings shared by every run (lake, executors, heaps, bookmark database, ...). */
  settings?: Omit<RunSettings, 'bound' | 'bookmarkOption' | 'signal'>;
  /** Source the bound and predicates apply to (default: the one with a bound in the spec, else the first). */
  factSource?: string;
}

export class LocalJobRunner implements JobRunner {
  readonly name = 'local';
  readonly supportsSampling = false;
  readonly factSource: string;

  constructor(private readonly opts: LocalJobRunnerOptions) {
    const sources = Object.entries(opts.spec.sources);
    this.factSource =
      opts.factSource ?? sources.find(([, s]) => s.boundedFiles !== undefined || s.boundedSize !== undefined)?.[0] ?? sources[0][0];
    if (!(this.factSource in opts.spec.sources)) {
      throw new Error(`the job spec has no source "${this.factSource}"; sources are ${sources.map(([n]) => n).join(', ')}`);
    }
  }

  async start(request: RunRequest): Promise<RunHandle> {
    if (request.sampleFraction !== undefined && request.sampleFraction < 1) {
      throw new Error('the local engine cannot run on a sample of the input; tune on full data');
    }
    const scratch = request.advanceBookmark ? undefined : await mkdtemp(join(tmpdir(), 'skewscope-trial-'));
    const spec = this.specFor(request);
    const run = startRun(spec, {
      ...this.opts.settings,
      ...(scratch ? { out: scratch } : {}),
      bound: toInputBound(request.bound),
      bookmarkOption: request.advanceBookmark ? 'enable' : 'pause',
    });
    const folder = new SparkEventFolder({ source: { kind: 'local', path: run.eventLogPath }, warn: () => {} });
    const listeners: ((r: JobRun) => void)[] = [];
    const mapOutputListeners: ((s: MapOutputStatistics) => void)[] = [];
    let lastUpdate = 0;
    run.subscribe((event) => {
      if (event.Event === MAP_OUTPUT_STATISTICS_EVENT) {
        // At once, not throttled: the join that reads these partitions is being launched now.
        const stats = { stageId: event['Stage ID'] as number, bytesByPartitionId: event['Bytes By Partition Id'] as number[] };
        for (const l of mapOutputListeners) l(stats);
        return;
      }
      folder.acceptEvent(event as unknown as Record<string, unknown>);
      const now = Date.now();
      if (listeners.length === 0 || now - lastUpdate < UPDATE_EVERY_MS) return;
      lastUpdate = now;
      const model = folder.result();
      for (const l of listeners) l(model);
    });
    const outcome: Promise<RunOutcome> = run.result.then(async (r) => {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      return {
        status: r.status,
        cause: r.cause,
        oom: r.oom,
        durationMs: r.durationMs,
        filesRead: r.filesRead,
        bytesRead: r.bytesRead,
        remainingFiles: r.remainingFiles,
        run: folder.result(),
      };
    });
    return {
      onUpdate: (l) => void listeners.push(l),
      onMapOutput: (l) => void mapOutputListeners.push(l),
      cancel: async (reason) => {
        run.cancel(reason);
        await outcome;
      },
      outcome,
    };
  }

  /** The spec as this request runs it: its own bookmark job name, and the predicate on the fact source. */
  private specFor(request: RunRequest): JobSpec {
    const spec = this.opts.spec;
    if (request.predicate === undefined && request.jobName === undefined) return spec;
    const fact = spec.sources[this.factSource];
    const predicate =
      request.predicate === undefined
        ? fact.push_down_predicate
        : fact.push_down_predicate
          ? `(${fact.push_down_predicate}) and (${request.predicate})`
          : request.predicate;
    return {
      ...spec,
      name: request.jobName ?? spec.name,
      sources: { ...spec.sources, [this.factSource]: { ...fact, push_down_predicate: predicate } },
    };
  }
}

function toInputBound(b: Bound): InputBound | 'unbounded' {
  if ('boundedFiles' in b) return { boundedFiles: b.boundedFiles };
  if ('boundedSize' in b) return { boundedSize: b.boundedSize };
  return 'unbounded';
}
