// The run as of time t, for replay: only what had happened by t.
import type { JobRun } from '../model/job-run.js';

export function runAsOfForViews(run: JobRun, asOf: number | undefined): JobRun {
  return run;
}
