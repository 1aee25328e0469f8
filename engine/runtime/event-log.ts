// The run's event log: Spark JSON lines written as they happen to `<dir>/<appId>.inprogress`,
// renamed to `<dir>/<appId>` when the application ends (as Spark's EventLoggingListener), and
// fanned out to live subscribers (CLI progress, API/SSE, the tuner).
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SparkEvent } from './spark-events.js';

export type EventListener = (event: SparkEvent) => void;

export class EventLog {
  readonly path: string;
  private readonly fd: number;
  private readonly listeners = new Set<EventListener>();
  private readonly history: SparkEvent[] = [];
  private closed = false;

  constructor(
    dir: string,
    readonly appId: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, appId);
    this.fd = openSync(`${this.path}.inprogress`, 'w');
  }

  emit(event: SparkEvent): void {
    if (this.closed) return;
    const line = JSON.stringify(event);
    writeSync(this.fd, line + '\n');
    // Subscribers get their own copy of exactly what the log holds: live and replayed runs
    // cannot differ, and nobody shares objects with the driver's state.
    const copy = JSON.parse(line) as SparkEvent;
    this.history.push(copy);
    for (const l of this.listeners) {
      try {
        l(copy);
      } catch {
        // A failing subscriber (e.g. a closed SSE stream) must not stop the run.
      }
    }
  }

  /** Receives every event so far (replayed in order), then each new one. Returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    for (const e of this.history) listener(e);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the log: fsync, close, drop the `.inprogress` suffix. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(`${this.path}.inprogress`, this.path);
    this.listeners.clear();
  }
}
