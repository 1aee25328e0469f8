// A Glue run that is still going, as a live run for the views: GetJobRun and its CloudWatch
// metrics again every poll (Glue reports every 30 s), until the run reaches a final state. The
// views then update, and live OOM-risk alerts fire, exactly as for the local engine.
import type { AwsSettings } from './aws-settings.js';
import { fetchGlueRun } from '../ingest/glue-run-import.js';
import { glueRunFromMetrics } from '../ingest/glue-metrics-model.js';
import type { JobRun } from '../model/job-run.js';
import type { LiveRunSource } from '../views/live-run.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

export function isGlueRunFinal(run: JobRun): boolean {
  return run.glue?.state !== undefined && FINAL.has(run.glue.state);
}

export function glueLiveRun(settings: AwsSettings, first: JobRun, pollMs = 30_000): LiveRunSource {
  const { jobName, jobRunId } = first.glue!;
  const listeners = new Set<() => void>();
  let current = first;
  let done = isGlueRunFinal(first);
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const poll = async () => {
    try {
      const { info, metrics } = await fetchGlueRun(settings, jobName, jobRunId);
      current = { ...glueRunFromMetrics(info, metrics), id: first.id };
      done = isGlueRunFinal(current);
      failures = 0;
    } catch (err) {
      // A blip (network, throttling past the retries) must not end the live view; a run of them does.
      failures++;
      const message = `live update failed (${failures} in a row): ${(err as Error).message}`;
      current = { ...current, warnings: [...current.warnings.filter((w) => !w.message.startsWith('live update failed')), { file: current.source.path, message }] };
      if (failures >= 5) done = true;
    }
    for (const l of listeners) l();
    if (!done) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void poll(), pollMs);
    timer.unref?.();
  };
  if (!done) schedule();

  return {
    id: first.id,
    current: () => current,
    subscribe(onUpdate) {
      listeners.add(onUpdate);
      return () => listeners.delete(onUpdate);
    },
    finished: () => done,
    stop() {
      clearTimeout(timer);
      done = true;
    },
  };
}
