// A run that is still happening. The local engine (issue #6) and the log replayer both feed the
// UI through this one interface: the API asks for the current snapshot and is told when it changed.
import type { JobRun } from '../model/job-run.js';
import { runAsOf } from '../model/as-of.js';
import { runSpan } from './run-info.js';

export interface LiveRunSource {
  readonly id: string;
  /** The run as known now. */
  current(): JobRun;
  /** Called after every batch of new events; returns an unsubscribe function. */
  subscribe(onUpdate: () => void): () => void;
  /** True once no more events will come. */
  finished(): boolean;
  stop(): void;
}

/**
 * Replays a finished run's events over time, `speed` times faster than they happened, so the
 * live views can be exercised on any log.
 */
export function replayAsLive(full: JobRun, speed: number, tickMs = 250): LiveRunSource {
  const { start, end } = runSpan(full);
  const startedAt = Date.now();
  const listeners = new Set<() => void>();
  const id = `live:${full.id}:${startedAt.toString(36)}`;
  let now = start;
  let snapshot = runAsOf(full, now);
  const timer = setInterval(() => {
    now = Math.min(end, start + (Date.now() - startedAt) * speed);
    snapshot = { ...runAsOf(full, now), id };
    for (const l of listeners) l();
    if (now >= end) clearInterval(timer);
  }, tickMs);
  timer.unref?.();
  return {
    id,
    current: () => ({ ...snapshot, id }),
    subscribe(onUpdate) {
      listeners.add(onUpdate);
      return () => listeners.delete(onUpdate);
    },
    finished: () => now >= end,
    stop: () => {
      clearInterval(timer);
      now = end;
    },
  };
}
