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
  let modern = true;
  for (const key in o) {
    if (typeof o[key] !== 'number' || key in SPARK_24_NAMES || key === 'Timestamp') {
      modern = false;
      break;
    }
  }
  if (modern) return o as ExecutorMetrics;
  const out: ExecutorMetrics = {};
  for (const key of Object.keys(o)) {
    if (key === 'Timestamp') continue;
    const v = f.num(o, key);
    if (v !== undefined) out[SPARK_24_NAMES[key] ?? key] = v;
  }
  return out;
}

/** Raises each metric of `peaks` to `m`'s value where higher (Spark's compareAndUpdatePeakValues). */
export function raisePeaks(peaks: ExecutorMetrics, m: ExecutorMetrics): void {
  for (const key in m) {
    const v = m[key];
    const old = peaks[key];
    if (old === undefined || v > old) peaks[key] = v;
  }
}
