// Executor memory metrics as Spark 3+ names them (ExecutorMetricType), from any version's JSON:
// Spark 3 writes {"JVMHeapMemory":..}; Spark 2.4's "Executor Metrics Updated" used longer names.
import type { ExecutorMetrics } from '../../model/job-run.js';
import type { FieldReader, Json } from './event-fields.js';

const SPARK_24_NAMES: Record<string, string> = {
  'JVM Used Heap Memory': 'JVMHeapMemory',
  'JVM Used Nonheap Memory': 'JVMOffHeapMemory',
  'Onheap Execution Memory': 'OnHeapExecutionMemory',
  'Offheap Execution Memory': 'OffHeapExecutionMemory',
  'Onheap Storage Memory': 'OnHeapStorageMemory',
  'Offheap Storage Memory': 'OffHeapStorageMemory',
  'Onheap Unified Memory': 'OnHeapUnifiedMemory',
  'Offheap Unified Memory': 'OffHeapUnifiedMemory',
  'Direct Memory': 'DirectPoolMemory',
  'Mapped Memory': 'MappedPoolMemory',
};

export function readExecutorMetrics(f: FieldReader, o: Json): ExecutorMetrics {
  // Spark 3+ writes exactly the model's shape: keep the parsed object (one allocation less per task).
  if (isModelShaped(o)) return o as ExecutorMetrics;
  const out: ExecutorMetrics = {};
  for (const key of Object.keys(o)) {
    if (key === 'Timestamp') continue;
    const v = f.num(o, key);
    if (v !== undefined) out[SPARK_24_NAMES[key] ?? key] = v;
  }
  return out;
}

/**
 * Numbers only, under Spark 3 names. Every Spark 2.4 name has a space: a key with one is left to
 * the copy below (which keeps it as it is unless it is a 2.4 name). Values are checked through
 * Object.values, not a keyed read per key: this runs for every TaskEnd.
 */
function isModelShaped(o: Json): boolean {
  const values = Object.values(o);
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  for (const key in o) if (key.includes(' ') || key === 'Timestamp') return false;
  return true;
}

/** Raises each metric of `peaks` to `m`'s value where higher (Spark's compareAndUpdatePeakValues). */
export function raisePeaks(peaks: ExecutorMetrics, m: ExecutorMetrics): void {
  for (const key in m) {
    const v = m[key];
    const old = peaks[key];
    if (old === undefined || v > old) peaks[key] = v;
  }
}
