// Shuffled hash join of one partition. The build side's rows for the partition are held in
// memory as JS objects, grouped by key, the way a sort-merge join buffers its partition when it
// cannot spill: a hot key makes this partition, and this executor's heap, really grow.
// The probe side streams past it. Output goes to the next shuffle or to the run's staged output.
import { SpaceSaving } from './heavy-hitters.js';
import { openSink, type TimedSink } from './row-sink.js';
import { keyOf, readPartition, type ShuffleReadStats } from './shuffle.js';
import type { HotKeyReport, JoinTask } from './task-types.js';

export interface JoinStats {
  read: ShuffleReadStats;
  sink: TimedSink;
  /** Time waiting for shuffle blocks to be read and parsed (both sides). */
  readMs: number;
}

const HOT_KEYS_KEPT = 16;
const HOT_KEYS_REPORTED = 5;
const YIELD_EVERY = 8192;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

const REPORT_EVERY = 16384;

/** `onHotKeys` gets the sketch while the build side grows, so an attempt that dies of OOM still tells which keys killed it. */
export async function runJoin(task: JoinTask, attempt: number, onHotKeys: (r: HotKeyReport) => void): Promise<JoinStats> {
  const read: ShuffleReadStats = { bytes: 0, records: 0, blocks: 0 };
  const sketch = new SpaceSaving(HOT_KEYS_KEPT);
  const built = new Map<string, Record<string, unknown>[]>();
  let readMs = 0;
  let t = performance.now();
  for await (const rows of readPartition(task.build.dirs, task.partition, read)) {
    readMs += performance.now() - t;
    for (const row of rows) {
      const key = keyOf(row, task.build.keys);
      if (key === undefined) continue;
      sketch.offer(key);
      if (sketch.n % REPORT_EVERY === 0) onHotKeys(report(sketch));
      const group = built.get(key);
      if (group) group.push(row);
      else built.set(key, [row]);
    }
    t = performance.now();
  }

  onHotKeys(report(sketch));

  const sink = await openSink(task.out, attempt);
  let emitted = 0;
  try {
    t = performance.now();
    for await (const rows of readPartition(task.probe.dirs, task.partition, read)) {
      readMs += performance.now() - t;
      for (const right of rows) {
        const key = keyOf(right, task.probe.keys);
        const group = key === undefined ? undefined : built.get(key);
        if (!group) continue;
        for (const left of group) {
          const p = sink.writePair(left, right);
          if (p) await p;
          // Let the heap sampler run while a hot key fans out.
          if (++emitted % YIELD_EVERY === 0) await yieldToLoop();
        }
      }
      t = performance.now();
    }
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return { read, sink, readMs };
}

function report(sketch: SpaceSaving): HotKeyReport {
  return { total: sketch.n, keys: sketch.top(HOT_KEYS_REPORTED) };
}
