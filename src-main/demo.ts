// The built-in demo: the recorded local-engine run under assets/demo (a saved session or an event
// log; scripts/make-demo.ts records it). A checkout without it still opens on a generated run.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestWarning, JobRun } from '../engine/model/job-run.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { isSessionPath, readSession } from '../engine/ingest/session-file.js';
import { generateRun } from '../engine/views/synthetic-run.js';

/** The package root is one level above src-main/demo.ts and two above dist/src-main/demo.js. */
export function defaultDemoDir(): string {
  const candidates = ['../assets/demo/', '../../assets/demo/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(dir)) ?? candidates[1];
}

const NOT_A_LOG = /\.(md|json|ya?ml|txt|csv|py|ts|js)$/i;

export async function loadDemo(dir = defaultDemoDir()): Promise<{ runs: JobRun[]; warnings: IngestWarning[] }> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
  const session = names.find(isSessionPath);
  if (session) return { runs: await readSession(join(dir, session)), warnings: [] };
  const log = names.find((n) => !NOT_A_LOG.test(n) && /^(app|application|local|eventlog_v2|events|spark)/i.test(n));
  if (log) return openEventLogs(join(dir, log));
  const run = generateRun({ tasks: 2400, executors: 12, memoryPoints: 240, name: 'nightly-orders-etl (generated demo)' });
  return { runs: [run], warnings: [] };
}
