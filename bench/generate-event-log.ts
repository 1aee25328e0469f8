// Generates a large, realistic Spark 3.x event log for the ingest benchmark: the large
// EnvironmentUpdate and SQL execution events real logs carry, many executors and stages, TaskStart /
// TaskEnd with Accumulables, Task Metrics and Task Executor Metrics as Spark 3 writes them,
// occasional task failures and lost executors, driver ExecutorMetricsUpdate heartbeats and
// per-stage StageExecutorMetrics. Deterministic (seeded), written streaming. The lz4 and zstd copies
// are written by lz4-java and zstd-jni through Spark's own stream constructors.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { writeSparkCodecStreams } from '../test/java/spark-codec-streams.js';

const EXECUTORS = 160;
const APP_ID = 'application_1700000000000_0042';
const START = 1_700_000_000_000;

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const executorMetrics = (r: () => number, heap: number) => ({
  JVMHeapMemory: Math.floor(heap),
  JVMOffHeapMemory: Math.floor(90e6 + r() * 40e6),
  OnHeapExecutionMemory: Math.floor(r() * 2e9),
  OffHeapExecutionMemory: 0,
  OnHeapStorageMemory: Math.floor(r() * 5e8),
  OffHeapStorageMemory: 0,
  OnHeapUnifiedMemory: Math.floor(r() * 2.5e9),
  OffHeapUnifiedMemory: 0,
  DirectPoolMemory: Math.floor(r() * 3e7),
  MappedPoolMemory: 0,
  ProcessTreeJVMVMemory: Math.floor(9e9 + r() * 1e9),
  ProcessTreeJVMRSSMemory: Math.floor(heap * 1.3),
  ProcessTreePythonVMemory: 0,
  ProcessTreePythonRSSMemory: 0,
  ProcessTreeOtherVMemory: 0,
  ProcessTreeOtherRSSMemory: 0,
  MinorGCCount: Math.floor(r() * 400),
  MinorGCTime: Math.floor(r() * 20000),
  MajorGCCount: Math.floor(r() * 20),
  MajorGCTime: Math.floor(r() * 9000),
});

function environmentUpdate(): object {
  const sparkProps: [string, string][] = [
    ['spark.app.id', APP_ID],
    ['spark.app.name', 'nightly-orders-join'],
    ['spark.executor.memory', '10g'],
    ['spark.executor.cores', '4'],
    ['spark.eventLog.enabled', 'true'],
    ['spark.eventLog.logStageExecutorMetrics', 'true'],
  ];
  for (let i = 0; i < 400; i++) sparkProps.push([`spark.hadoop.fs.s3a.bucket.datalake-${i}.endpoint`, `s3.eu-west-1.amazonaws.com/${'x'.repeat(i % 40)}`]);
  const hadoopProps = Array.from({ length: 1200 }, (_, i) => [`fs.s3a.generated.option.${i}`, `value-${i}-${'v'.repeat(i % 60)}`]);
  const systemProps = Array.from({ length: 300 }, (_, i) => [`java.generated.property.${i}`, `/opt/amazon/lib/${'p'.repeat(i % 50)}`]);
  const classpath = Array.from({ length: 900 }, (_, i) => [`/opt/amazon/spark/jars/library-${i}-1.${i % 17}.${i % 5}.jar`, 'System Classpath']);
  return {
    Event: 'SparkListenerEnvironmentUpdate',
    'JVM Information': { 'Java Home': '/usr/lib/jvm/java-17-amazon-corretto', 'Java Version': '17.0.9 (Amazon.com Inc.)', 'Scala Version': 'version 2.12.17' },
    'Spark Properties': sparkProps,
    'Hadoop Properties': hadoopProps,
    'System Properties': systemProps,
    'Metrics Properties': [['*.sink.servlet.class', 'org.apache.spark.metrics.sink.MetricsServlet']],
    'Classpath Entries': classpath,
  };
}

function planNode(depth: number, r: () => number): object {
  return {
    nodeName: depth === 0 ? 'AdaptiveSparkPlan' : ['SortMergeJoin', 'Exchange', 'Project', 'Filter', 'FileScan parquet'][depth % 5],
    simpleString: `node at depth ${depth} ${'columns#'.repeat(8)}`,
    children: depth < 7 ? [planNode(depth + 1, r), ...(r() < 0.4 ? [planNode(depth + 2, r)] : [])] : [],
    metadata: depth % 5 === 4 ? { Location: 'InMemoryFileIndex[s3://datalake/orders]', PushedFilters: '[IsNotNull(order_id)]', ReadSchema: 'struct<order_id:bigint,customer_id:bigint,amount:decimal(18,2)>' } : {},
    metrics: Array.from({ length: 6 }, (_, i) => ({ name: `metric ${i}`, accumulatorId: 1000 + depth * 10 + i, metricType: 'sum' })),
  };
}

function sqlExecutionStart(id: number, r: () => number): object {
  return {
    Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart',
    executionId: id,
    description: `save at OrdersJob.scala:${40 + id}`,
    details: Array.from({ length: 30 }, (_, i) => `com.example.OrdersJob$.step${i}(OrdersJob.scala:${i + 10})`).join('\n'),
    physicalPlanDescription: Array.from({ length: 400 }, (_, i) => `(${i}) Project [order_id#${i}L, customer_id#${i + 1}L, amount#${i + 2}] Arguments: [${'col, '.repeat(12)}]`).join('\n'),
    sparkPlanInfo: planNode(0, r),
    time: START + id * 60_000,
    modifiedConfigs: {},
  };
}

const ACCUM_NAMES = [
  'internal.metrics.executorDeserializeTime',
  'internal.metrics.executorDeserializeCpuTime',
  'internal.metrics.executorRunTime',
  'internal.metrics.executorCpuTime',
  'internal.metrics.resultSize',
  'internal.metrics.jvmGCTime',
  'internal.metrics.peakExecutionMemory',
  'internal.metrics.shuffle.read.remoteBlocksFetched',
  'internal.metrics.shuffle.read.localBlocksFetched',
  'internal.metrics.shuffle.read.remoteBytesRead',
  'internal.metrics.shuffle.read.localBytesRead',
  'internal.metrics.shuffle.read.recordsRead',
  'internal.metrics.shuffle.write.bytesWritten',
  'internal.metrics.shuffle.write.recordsWritten',
  'internal.metrics.input.bytesRead',
  'internal.metrics.input.recordsRead',
];

function taskInfo(taskId: number, index: number, attempt: number, executor: number, launch: number, finish: number, failed: boolean, accumulables: object[]) {
  return {
    'Task ID': taskId,
    Index: index,
    Attempt: attempt,
    'Partition ID': index,
    'Launch Time': launch,
    'Executor ID': String(executor),
    Host: `ip-10-0-${executor % 250}-${(executor * 7) % 250}.eu-west-1.compute.internal`,
    Locality: 'PROCESS_LOCAL',
    Speculative: false,
    'Getting Result Time': 0,
    'Finish Time': finish,
    Failed: failed,
    Killed: false,
    Accumulables: accumulables,
  };
}

/** Writes about `targetBytes` of plain event log to `path` (via a temp name, so a crash leaves no half file). */
export async function generateEventLog(path: string, targetBytes: number): Promise<void> {
  const r = rng(42);
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp);
  let written = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const emit = async (event: object): Promise<void> => {
    const line = JSON.stringify(event) + '\n';
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes > 4 << 20) await flush();
  };
  const flush = async (): Promise<void> => {
    const text = pending.join('');
    written += Buffer.byteLength(text);
    pending = [];
    pendingBytes = 0;
    if (!out.write(text)) await once(out, 'drain');
  };

  await emit({ Event: 'SparkListenerLogStart', 'Spark Version': '3.3.0-amzn-1' });
  await emit({ Event: 'SparkListenerResourceProfileAdded', 'Resource Profile Id': 0, 'Executor Resource Requests': { cores: { 'Resource Name': 'cores', Amount: 4, 'Discovery Script': '', Vendor: '' }, memory: { 'Resource Name': 'memory', Amount: 10240, 'Discovery Script': '', Vendor: '' } }, 'Task Resource Requests': { cpus: { 'Resource Name': 'cpus', Amount: 1.0 } } });
  await emit({ Event: 'SparkListenerBlockManagerAdded', 'Block Manager ID': { 'Executor ID': 'driver', Host: 'ip-10-0-0-1', Port: 40000 }, 'Maximum Memory': 5_000_000_000, Timestamp: START, 'Maximum Onheap Memory': 5_000_000_000, 'Maximum Offheap Memory': 0 });
  await emit(environmentUpdate());
  await emit({ Event: 'SparkListenerApplicationStart', 'App Name': 'nightly-orders-join', 'App ID': APP_ID, Timestamp: START, User: 'spark', 'App Attempt ID': '1' });
  for (let e = 1; e <= EXECUTORS; e++) {
    await emit({ Event: 'SparkListenerExecutorAdded', Timestamp: START + e * 50, 'Executor ID': String(e), 'Executor Info': { Host: `ip-10-0-${e % 250}-${(e * 7) % 250}.eu-west-1.compute.internal`, 'Total Cores': 4, 'Log Urls': { stdout: `http://host-${e}:8042/stdout`, stderr: `http://host-${e}:8042/stderr` }, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 } });
    await emit({ Event: 'SparkListenerBlockManagerAdded', 'Block Manager ID': { 'Executor ID': String(e), Host: `ip-10-0-${e % 250}`, Port: 40000 + e }, 'Maximum Memory': 5_500_000_000, Timestamp: START + e * 50 + 10, 'Maximum Onheap Memory': 5_500_000_000, 'Maximum Offheap Memory': 0 });
  }

  let taskId = 0;
  let stageId = 0;
  let clock = START + 60_000;
  const heap = Array.from({ length: EXECUTORS + 1 }, () => 1e9);
  for (let job = 0; written + pendingBytes < targetBytes; job++) {
    await emit(sqlExecutionStart(job, r));
    const stages = [stageId, stageId + 1, stageId + 2];
    stageId += 3;
    const stageInfo = (s: number, tasks: number) => ({ 'Stage ID': s, 'Stage Attempt ID': 0, 'Stage Name': `save at OrdersJob.scala:${s}`, 'Number of Tasks': tasks, 'RDD Info': [{ 'RDD ID': s * 3, Name: 'MapPartitionsRDD', 'Parent IDs': [], 'Storage Level': { 'Use Disk': false, 'Use Memory': false, 'Deserialized': false, Replication: 1 }, 'Number of Partitions': tasks, 'Number of Cached Partitions': 0, 'Memory Size': 0, 'Disk Size': 0 }], 'Parent IDs': [], Details: 'org.apache.spark.sql.Dataset.save', Accumulables: [], 'Resource Profile Id': 0 });
    const taskCounts = stages.map(() => 200 + Math.floor(r() * 1800));
    await emit({ Event: 'SparkListenerJobStart', 'Job ID': job, 'Submission Time': clock, 'Stage Infos': stages.map((s, i) => stageInfo(s, taskCounts[i])), 'Stage IDs': stages, Properties: { 'spark.sql.execution.id': String(job), 'spark.job.description': `save at OrdersJob.scala:${job}`, 'spark.rdd.scope': '{"id":"12","name":"save"}' } });
    for (const [i, s] of stages.entries()) {
      await emit({ Event: 'SparkListenerStageSubmitted', 'Stage Info': { ...stageInfo(s, taskCounts[i]), 'Submission Time': clock }, Properties: { 'spark.sql.execution.id': String(job) } });
      const skewed = Math.floor(r() * taskCounts[i]);
      for (let index = 0; index < taskCounts[i]; index++) {
        const executor = 1 + Math.floor(r() * EXECUTORS);
        const launch = clock + Math.floor(r() * 5000);
        const run = Math.floor((index === skewed ? 40 : 1) * (800 + r() * 4000));
        const finish = launch + run + 30;
        const failedTask = r() < 0.003;
        heap[executor] = Math.min(9.5e9, Math.max(5e8, heap[executor] + (r() - 0.48) * 3e8));
        const shuffleRead = Math.floor(r() * 64e6);
        const values = [20, 5e6, run, run * 9e5, 4000, Math.floor(r() * 300), Math.floor(r() * 4e8), 40, 12, shuffleRead, shuffleRead / 3, 1e5, shuffleRead / 2, 5e4, 128e6, 1e6];
        const accumulables: object[] = ACCUM_NAMES.map((name, k) => ({ ID: 2000 + k, Name: name, Update: Math.floor(values[k]), Value: Math.floor(values[k] * (index + 1)), Internal: true, 'Count Failed Values': true }));
        accumulables.push({ ID: 1001, Name: 'number of output rows', Update: 123456, Value: 123456 * (index + 1), Internal: true, 'Count Failed Values': true, Metadata: 'sql' });
        await emit({ Event: 'SparkListenerTaskStart', 'Stage ID': s, 'Stage Attempt ID': 0, 'Task Info': taskInfo(taskId, index, 0, executor, launch, 0, false, []) });
        const reason = failedTask
          ? { Reason: 'ExceptionFailure', 'Class Name': 'java.lang.OutOfMemoryError', Description: 'Java heap space', 'Stack Trace': Array.from({ length: 25 }, (_, k) => ({ 'Declaring Class': `org.apache.spark.sql.execution.Operator${k}`, 'Method Name': 'processNext', 'File Name': 'Operator.scala', 'Line Number': 100 + k })), 'Full Stack Trace': 'java.lang.OutOfMemoryError: Java heap space\n\tat ' + 'org.apache.spark.Frame.run(Frame.scala:1)\n\tat '.repeat(25), Accumulables: [] }
          : { Reason: 'Success' };
        await emit({
          Event: 'SparkListenerTaskEnd',
          'Stage ID': s,
          'Stage Attempt ID': 0,
          'Task Type': i === stages.length - 1 ? 'ResultTask' : 'ShuffleMapTask',
          'Task End Reason': reason,
          'Task Info': taskInfo(taskId, index, 0, executor, launch, finish, failedTask, accumulables),
          'Task Executor Metrics': executorMetrics(r, heap[executor]),
          'Task Metrics': {
            'Executor Deserialize Time': 20, 'Executor Deserialize CPU Time': 5e6, 'Executor Run Time': run, 'Executor CPU Time': run * 9e5, 'Peak Execution Memory': Math.floor(values[6]), 'Result Size': 4000, 'JVM GC Time': Math.floor(values[5]), 'Result Serialization Time': 1, 'Memory Bytes Spilled': r() < 0.05 ? Math.floor(r() * 1e9) : 0, 'Disk Bytes Spilled': 0,
            'Shuffle Read Metrics': { 'Remote Blocks Fetched': 40, 'Local Blocks Fetched': 12, 'Fetch Wait Time': Math.floor(r() * 50), 'Remote Bytes Read': shuffleRead, 'Remote Bytes Read To Disk': 0, 'Local Bytes Read': Math.floor(shuffleRead / 3), 'Total Records Read': 100000, 'Shuffle Push Read Metrics': { 'Corrupt Merged Block Chunks': 0, 'Merged Fetch Fallback Count': 0, 'Merged Remote Blocks Fetched': 0, 'Merged Local Blocks Fetched': 0, 'Merged Remote Chunks Fetched': 0, 'Merged Local Chunks Fetched': 0, 'Merged Remote Bytes Read': 0, 'Merged Local Bytes Read': 0, 'Merged Remote Requests Duration': 0 } },
            'Shuffle Write Metrics': { 'Shuffle Bytes Written': Math.floor(shuffleRead / 2), 'Shuffle Write Time': 1e7, 'Shuffle Records Written': 50000 },
            'Input Metrics': { 'Bytes Read': 128e6, 'Records Read': 1e6 },
            'Output Metrics': { 'Bytes Written': 0, 'Records Written': 0 },
            'Updated Blocks': [],
          },
        });
        taskId++;
        if (taskId % 500 === 0) {
          await emit({ Event: 'SparkListenerExecutorMetricsUpdate', 'Executor ID': 'driver', 'Metrics Updated': [], 'Executor Metrics Updated': [{ 'Stage ID': s, 'Stage Attempt ID': 0, 'Executor Metrics': executorMetrics(r, 2e9 + r() * 1e9) }] });
        }
        if (taskId % 20_000 === 0) {
          const lost = 1 + Math.floor(r() * EXECUTORS);
          await emit({ Event: 'SparkListenerExecutorRemoved', Timestamp: finish, 'Executor ID': String(lost), 'Removed Reason': 'Container killed by YARN for exceeding memory limits. 11.0 GB of 11 GB physical memory used.' });
          await emit({ Event: 'SparkListenerExecutorAdded', Timestamp: finish + 5000, 'Executor ID': String(lost), 'Executor Info': { Host: `ip-10-0-${lost % 250}`, 'Total Cores': 4, 'Log Urls': {}, Attributes: {}, Resources: {}, 'Resource Profile Id': 0 } });
        }
      }
      clock += 60_000;
      for (let e = 1; e <= EXECUTORS; e++) {
        await emit({ Event: 'SparkListenerStageExecutorMetrics', 'Executor ID': String(e), 'Stage ID': s, 'Stage Attempt ID': 0, 'Executor Metrics': executorMetrics(r, heap[e]) });
      }
      await emit({ Event: 'SparkListenerStageCompleted', 'Stage Info': { ...stageInfo(s, taskCounts[i]), 'Submission Time': clock - 60_000, 'Completion Time': clock } });
    }
    await emit({ Event: 'SparkListenerJobEnd', 'Job ID': job, 'Completion Time': clock, 'Job Result': { Result: 'JobSucceeded' } });
    await emit({ Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd', executionId: job, time: clock });
  }
  await emit({ Event: 'SparkListenerApplicationEnd', Timestamp: clock + 1000 });
  await flush();
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
}

export interface BenchLogs {
  plain: string;
  lz4: string;
  zstd: string;
}

/** The benchmark logs of about `sizeMb` MB in `.bench/`, generated once and reused across runs. */
export async function ensureBenchLogs(benchDir: string, sizeMb: number, withCompressed: boolean): Promise<BenchLogs> {
  mkdirSync(benchDir, { recursive: true });
  const plain = join(benchDir, `${APP_ID}-${sizeMb}mb`);
  const logs = { plain, lz4: `${plain}.lz4`, zstd: `${plain}.zstd` };
  if (!existsSync(plain)) {
    console.error(`generating ${plain} (${sizeMb} MB)…`);
    await generateEventLog(plain, sizeMb * 1024 * 1024);
  }
  const missing = withCompressed ? (['lz4', 'zstd'] as const).filter((c) => !existsSync(logs[c])) : [];
  if (missing.length > 0) {
    console.error(`compressing with ${missing.join(', ')} (lz4-java / zstd-jni)…`);
    writeSparkCodecStreams(missing.map((codec) => ({ codec, input: plain, output: `${logs[codec]}.partial` })));
    for (const codec of missing) renameSync(`${logs[codec]}.partial`, logs[codec]);
  }
  return logs;
}
