// Glue writes every run's event log into one --spark-event-logs-path folder, named by the Spark
// application id, which on Glue is `spark-application-<start epoch ms>`. Reading the whole folder
// to find one run would read every run's log, so the candidates are chosen by that timestamp
// first; only when no name carries one are all logs read.
import type { IngestWarning } from '../model/job-run.js';
import { discoverEventLogs } from './discover-event-logs.js';

const STARTED_AT = /^(?:spark-application|local)-(\d{13})$/;
/** How long before Glue's StartedOn the Spark application may start (provisioning). */
const EARLY_MS = 15 * 60_000;

export interface LogCandidates {
  /** Paths to open: each one application's log (file or rolling folder). */
  paths: string[];
  /** Whether the names were enough to choose (false: every log has to be read). */
  byName: boolean;
  warnings: IngestWarning[];
}

/** The logs under `path` whose application started within the Glue run's window. */
export async function glueLogCandidates(path: string, startedOn: number, endedOn: number): Promise<LogCandidates> {
  const warnings: IngestWarning[] = [];
  const paths: string[] = [];
  let named = 0;
  let unnamed = 0;
  for await (const app of discoverEventLogs(path, (w) => warnings.push(w))) {
    const m = app.appId ? STARTED_AT.exec(app.appId) : null;
    if (!m) {
      unnamed++;
      continue;
    }
    named++;
    const t = Number(m[1]);
    if (t >= startedOn - EARLY_MS && t <= endedOn) paths.push(app.displayPath);
  }
  if (named === 0 && unnamed > 0) return { paths: [path], byName: false, warnings };
  return { paths, byName: true, warnings };
}
