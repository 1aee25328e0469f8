// Spark REST v1 ApplicationInfo: one entry per application, its attempts newest first.
import type { JobRun } from '../job-run.js';
import { sparkDate } from './spark-time.js';

export function applicationInfo(runs: JobRun[]) {
  const first = runs[0];
  const attempts = runs
    .flatMap((r) => r.application.attempts)
    .sort((a, b) => b.startTime - a.startTime)
    .map((a) => ({
      attemptId: a.attemptId,
      startTime: sparkDate(a.startTime),
      endTime: sparkDate(a.endTime),
      lastUpdated: sparkDate(a.lastUpdated),
      duration: a.duration,
      sparkUser: a.sparkUser,
      completed: a.completed,
      appSparkVersion: a.appSparkVersion,
      startTimeEpoch: a.startTime,
      endTimeEpoch: a.endTime,
      lastUpdatedEpoch: a.lastUpdated,
    }));
  return { id: first.application.id, name: first.application.name, attempts };
}

/** Groups runs (one per attempt) into applications, newest first as the History Server lists them. */
export function applicationList(runs: JobRun[]) {
  const byApp = new Map<string, JobRun[]>();
  for (const r of runs) {
    const list = byApp.get(r.application.id);
    if (list) list.push(r);
    else byApp.set(r.application.id, [r]);
  }
  return [...byApp.values()]
    .map(applicationInfo)
    .sort((a, b) => latestEnd(b) - latestEnd(a) || (a.id < b.id ? -1 : 1));
}

function latestEnd(app: ReturnType<typeof applicationInfo>): number {
  return Math.max(...app.attempts.map((a) => (a.endTimeEpoch > 0 ? a.endTimeEpoch : a.lastUpdatedEpoch)));
}
