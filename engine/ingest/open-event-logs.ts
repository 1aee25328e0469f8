// Opens whatever the user pointed at (file, rolling folder, folder of many logs, zip) and folds
// every application attempt found into a JobRun: discover -> read lines -> fold.
import type { IngestWarning, JobRun } from '../model/job-run.js';
import { discoverEventLogs } from './discover-event-logs.js';
import { readEventLines } from './read-event-lines.js';
import { SparkEventFolder } from './spark-event-folder.js';
import { IngestError } from './ingest-error.js';

export interface OpenEventLogsOptions {
  signal?: AbortSignal;
  onProgress?: (p: { file: string; bytesRead: number; totalBytes: number }) => void;
}

export interface OpenedEventLogs {
  runs: JobRun[];
  /** Every warning: about the path as a whole and about each run (each run also lists its own). */
  warnings: IngestWarning[];
}

export async function openEventLogs(path: string, opts: OpenEventLogsOptions = {}): Promise<OpenedEventLogs> {
  const warnings: IngestWarning[] = [];
  const runs: JobRun[] = [];
  let found = 0;
  for await (const app of discoverEventLogs(path, (w) => warnings.push(w))) {
    opts.signal?.throwIfAborted();
    found++;
    const folder = new SparkEventFolder({
      source: {
        kind: 'event-log',
        path: app.displayPath,
        codec: app.files[0]?.codec ?? 'none',
        inProgress: app.inProgress,
        bytesRead: app.totalBytes,
      },
      warn: (w) => warnings.push(w),
      appId: app.appId,
      attemptId: app.attemptId,
    });
    await readEventLines(app, (line, lineNo, file) => folder.acceptLine(line, lineNo, file), {
      warn: (w) => folder.addWarning(w),
      signal: opts.signal,
      onProgress: opts.onProgress && ((p) => opts.onProgress?.({ file: app.displayPath, ...p })),
    });
    const run = folder.result();
    if ((run.source.eventsRead ?? 0) === 0) {
      warnings.push({ file: app.displayPath, message: 'No Spark events could be read from this log; skipped it.' });
      continue;
    }
    runs.push(run);
  }
  if (runs.length === 0) {
    const why = found === 0 ? 'no Spark event logs found here' : `none of the ${found} log(s) found held readable Spark events`;
    const detail = warnings.slice(0, 3).map((w) => `\n  ${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}`).join('');
    throw new IngestError({ path }, why + detail, 'Pass a Spark event log file (plain or .lz4/.snappy/.zstd/.lzf), a rolling eventlog_v2_… folder, or a folder of such logs');
  }
  return { runs, warnings };
}
