// The Spark event folder on real fixture logs (fed line by line, as the reader does) and on
// hand-written events for the cases the fixtures do not cover.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SparkEventFolder } from '../engine/ingest/spark-event-folder.js';
import { parseSparkSize } from '../engine/ingest/spark-events/spark-size.js';
import type { IngestWarning, JobRun } from '../engine/model/job-run.js';

const EVENTS = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));

function fold(relPath: string): { run: JobRun; warnings: IngestWarning[]; lines: string[] } {
  const file = EVENTS + relPath;
  const warnings: IngestWarning[] = [];
  const folder = new SparkEventFolder({ source: { kind: 'event-log', path: file }, warn: (w) => warnings.push(w) });
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => line && folder.acceptLine(line, i + 1, file));
  return { run: folder.result(), warnings, lines };
}

function foldLines(lines: string[]): { run: JobRun; warnings: IngestWarning[] } {
  const warnings: IngestWarning[] = [];
  const folder = new SparkEventFolder({ source: { kind: 'event-log', path: 'mem.log' }, warn: (w) => warnings.push(w) });
  lines.forEach((line, i) => folder.acceptLine(line, i + 1, 'mem.log'));
  return { run: folder.result(), warnings };
}

const PLAIN_LOGS = [
  'app-20161116163331-0000',
  'app-20180109111548-0000',
  'app-20200706201101-0003',
  'application_1506645932520_24630151',
  'application_1538416563558_0014',
  'application_1553914137147_0018',
  'application_1628109047826_1317105',
  'eventlog_v2_local-1766844910796/events_1_local-1766844910796',
  'local-1422981780767',
  'local-1426533911241/EVENT_LOG_1',
  'local-1430917381534',
  'sparklens/local-1532512550423',
  'sparklint/directory_source/event_log_0',
  'sparklint/directory_source/event_log_1',
  'sparklint/file_event_log_test_nav_events',
  'sparklint/file_event_log_test_simple',
  'sparklint/file_event_log_test_state_events',
  'sparklint/spark_event_log_example',
];

describe('every fixture log', () => {
  for (const log of PLAIN_LOGS) {
    it(`${log}: folds without warnings, one task per task id, one stage attempt per stage event`, () => {
      const { run, warnings, lines } = fold(log);
      expect(warnings).toEqual([]);
      const taskIds = new Set(lines.flatMap((l) => (/"Event":"SparkListenerTask(Start|End)"/.test(l) ? [JSON.parse(l)['Task Info']['Task ID']] : [])));
      expect(run.tasks.map((t) => t.taskId).sort((a, b) => a - b)).toEqual([...taskIds].sort((a, b) => a - b));
      const submitted = new Set(lines.flatMap((l) => {
        if (!/"Event":"SparkListenerStage(Submitted|Completed)"/.test(l)) return [];
        const info = JSON.parse(l)['Stage Info'];
        return [`${info['Stage ID']}.${info['Stage Attempt ID'] ?? 0}`];
      }));
      for (const key of submitted) expect(run.stages.some((s) => `${s.stageId}.${s.attemptId}` === key)).toBe(true);
      for (const t of run.tasks) {
        expect(t.finishTime === 0 || t.finishTime >= t.launchTime).toBe(true);
        if (t.status !== 'RUNNING') expect(t.finishTime).toBeGreaterThan(0);
      }
    });
  }
});

describe('application, jobs and stages', () => {
  it('reads the application, a failed job with its reason and a failed stage', () => {
    const { run } = fold('local-1422981780767');
    expect(run.id).toBe('local-1422981780767');
    expect(run.application).toMatchObject({ id: 'local-1422981780767', name: 'Spark shell' });
    expect(run.application.attempts[0]).toMatchObject({ sparkUser: 'irashid', completed: true, startTime: 1422981779720, endTime: 1422981788731 });
    const job1 = run.jobs.find((j) => j.jobId === 1)!;
    expect(job1.status).toBe('FAILED');
    expect(job1.failureReason).toMatch(/^Job aborted due to stage failure: Task 3 in stage 2.0 failed 1 times/);
    expect(run.stages.find((s) => s.stageId === 2)).toMatchObject({ status: 'FAILED', failureReason: expect.stringMatching(/^Job aborted/) });
    const failed = run.tasks.filter((t) => t.status === 'FAILED');
    expect(failed.map((t) => t.taskId)).toEqual([19]);
    expect(failed[0].failure).toMatchObject({ reason: 'ExceptionFailure', className: 'java.lang.RuntimeException', description: 'got a 3, failing' });
    expect(failed[0].errorMessage).toMatch(/^java.lang.RuntimeException: got a 3, failing/);
  });

  it('keeps one run per attempt, with the attempt in its id', () => {
    const { run } = fold('sparklint/directory_source/event_log_1');
    expect(run.attemptId).toBe('1');
    expect(run.id).toBe(`${run.application.id}/1`);
    expect(run.application.attempts[0].attemptId).toBe('1');
  });

  it('counts speculative copies submitted for a stage attempt', () => {
    const { run } = foldLines([
      '{"Event":"SparkListenerStageSubmitted","Stage Info":{"Stage ID":3,"Stage Attempt ID":1,"Stage Name":"x","Number of Tasks":4,"Submission Time":5}}',
      '{"Event":"SparkListenerSpeculativeTaskSubmitted","Stage ID":3,"Stage Attempt ID":1,"Task Index":2,"Partition ID":2}',
      '{"Event":"SparkListenerSpeculativeTaskSubmitted","Stage ID":3,"Stage Attempt ID":1,"Task Index":3,"Partition ID":3}',
    ]);
    expect(run.stages[0]).toMatchObject({ stageId: 3, attemptId: 1, status: 'ACTIVE', speculativeTasksSubmitted: 2 });
  });

  it('marks stages listed at job start but never run as SKIPPED when the job ends', () => {
    const { run } = foldLines([
      '{"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":10,"Stage Infos":[{"Stage ID":0,"Stage Attempt ID":0,"Stage Name":"a","Number of Tasks":3,"Completion Time":5},{"Stage ID":1,"Stage Attempt ID":0,"Stage Name":"b","Number of Tasks":2}],"Stage IDs":[0,1],"Properties":{"spark.job.description":"nightly"}}',
      '{"Event":"SparkListenerJobEnd","Job ID":0,"Completion Time":20,"Job Result":{"Result":"JobSucceeded"}}',
    ]);
    expect(run.jobs[0]).toMatchObject({ name: 'b', description: 'nightly', numTasks: 2, status: 'SUCCEEDED', submissionTime: 10, completionTime: 20 });
    expect(run.stages.map((s) => s.status)).toEqual(['SKIPPED', 'SKIPPED']);
  });
});

describe('executors', () => {
  it('keeps dead executors with the reason they were removed', () => {
    const { run } = fold('application_1538416563558_0014');
    const removed = run.executors.filter((e) => e.removeTime !== undefined);
    expect(removed.length).toBe(8);
    for (const e of removed) expect(e.removeReason).toMatch(/Container marked as failed/);
    const lost = run.tasks.filter((t) => t.failure?.reason === 'ExecutorLostFailure');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost[0].failure?.causedByApp).toBe(true);
    expect(lost[0].errorMessage).toMatch(/^ExecutorLostFailure \(executor \d+ exited caused by one of the running tasks\) Reason: Container marked as failed/);
  });

  it('marks executors excluded (blacklisted) by executor and by node', () => {
    const { run } = fold('app-20161116163331-0000');
    const excluded = run.executors.filter((e) => e.isExcluded).map((e) => e.id).sort();
    expect(excluded).toContain('0');
    expect(excluded).toContain('2');
    // The whole node is excluded: every executor on it, not the driver (Spark never excludes the driver).
    const onNode = run.executors.filter((x) => x.host === '172.22.0.167' && x.id !== 'driver');
    expect(onNode.length).toBe(4);
    for (const e of onNode) expect(e.isExcluded).toBe(true);
    expect(run.executors.find((x) => x.id === 'driver')?.isExcluded).toBe(false);
  });

  it('records exclusion for a stage, and lifts it when the stage completes', () => {
    const { run } = fold('app-20180109111548-0000');
    expect(run.stages.find((s) => s.stageId === 0 && s.attemptId === 0)?.excludedExecutors).toEqual(['0']);
    expect(run.executors.find((e) => e.id === '0')?.excludedInStages).toEqual([]);
  });

  it('reads the killed speculative attempt of a task', () => {
    const { run } = fold('application_1628109047826_1317105');
    const killed = run.tasks.filter((t) => t.status === 'KILLED');
    expect(killed.length).toBe(1);
    expect(killed[0].errorMessage).toBe('another attempt succeeded');
    expect(run.tasks.some((t) => t.speculative)).toBe(true);
  });
});

describe('metrics of every Spark version', () => {
  it('Spark 1.4: Input Metrics with Data Read Method, shuffle write without records', () => {
    const { run, lines } = fold('local-1430917381534');
    const line = lines.find((l) => l.includes('"Event":"SparkListenerTaskEnd"') && l.includes('"Task ID":0,'))!;
    const raw = JSON.parse(line)['Task Metrics'];
    const t = run.tasks.find((x) => x.taskId === 0)!;
    expect(t.metrics).toMatchObject({
      inputBytes: raw['Input Metrics']['Bytes Read'],
      inputRecords: raw['Input Metrics']['Records Read'],
      shuffleWriteBytes: raw['Shuffle Write Metrics']['Shuffle Bytes Written'],
      shuffleWriteTime: raw['Shuffle Write Metrics']['Shuffle Write Time'],
      executorRunTime: raw['Executor Run Time'],
    });
    expect(t.partitionId).toBe(-1);
  });

  it('Spark 3: task executor metrics become task peaks, executor peaks and a task-end-peak series with the spark.executor.memory limit', () => {
    const { run } = fold('application_1553914137147_0018');
    const t = run.tasks.find((x) => x.taskId === 0)!;
    expect(t.executorPeaks?.JVMHeapMemory).toBe(499823904);
    expect(run.executors.find((e) => e.id === '3')?.peakMemoryMetrics?.JVMHeapMemory).toBeGreaterThanOrEqual(499823904);
    const series = run.memory.find((m) => m.executorId === '3' && m.kind === 'task-end-peak')!;
    expect(series.used).toContain(499823904);
    expect(series).toMatchObject({ limitBytes: 7 * 2 ** 30, limitSource: 'spark.executor.memory' });
    expect([...series.t].sort((a, b) => a - b)).toEqual(series.t);
    const driverStage = run.memory.find((m) => m.executorId === 'driver' && m.kind === 'stage-peak')!;
    expect(driverStage).toMatchObject({ limitBytes: 2 * 2 ** 30, limitSource: 'spark.driver.memory' });
    expect(Object.keys(run.stages[0].executorPeaks).length).toBeGreaterThan(0);
  });

  it('Spark 2.4: "Executor Metrics Updated" with the old metric names becomes metrics-update samples', () => {
    const { run } = fold('application_1506645932520_24630151');
    const driver = run.memory.find((m) => m.executorId === 'driver' && m.kind === 'metrics-update')!;
    expect(driver.used).toContain(592412824);
    expect(driver.limitSource).toBe('spark.driver.memory');
    expect(run.executors.find((e) => e.id === 'driver')?.peakMemoryMetrics).toMatchObject({ JVMHeapMemory: expect.any(Number), DirectPoolMemory: expect.any(Number) });
  });

  it('Spark 3 array form of executor metrics updates, with stage peaks', () => {
    const { run } = foldLines([
      '{"Event":"SparkListenerStageSubmitted","Stage Info":{"Stage ID":4,"Stage Attempt ID":0,"Stage Name":"x","Number of Tasks":1,"Submission Time":1000}}',
      '{"Event":"SparkListenerExecutorMetricsUpdate","Executor ID":"7","Metrics Updated":[],"Executor Metrics Updated":[{"Stage ID":4,"Stage Attempt ID":0,"Executor Metrics":{"JVMHeapMemory":123,"OnHeapExecutionMemory":5}}]}',
    ]);
    expect(run.memory).toEqual([expect.objectContaining({ executorId: '7', kind: 'metrics-update', t: [1000], used: [123] })]);
    expect(run.stages[0].executorPeaks['7']).toEqual({ JVMHeapMemory: 123, OnHeapExecutionMemory: 5 });
  });

  it('falls back to the block manager maximum when spark.executor.memory is not set', () => {
    const { run } = fold('app-20200706201101-0003');
    const s = run.memory.find((m) => m.executorId === '0' && m.kind === 'task-end-peak')!;
    expect(s.limitSource).toBe('block-manager-max');
    expect(s.limitBytes).toBe(run.executors.find((e) => e.id === '0')!.maxMemory);
  });

  it('parses Spark size strings', () => {
    expect(parseSparkSize('4g')).toBe(4 * 2 ** 30);
    expect(parseSparkSize('512m')).toBe(512 * 2 ** 20);
    expect(parseSparkSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSparkSize('1024')).toBe(2 ** 30);
    expect(parseSparkSize('3gb')).toBe(3 * 2 ** 30);
    expect(parseSparkSize('lots')).toBeUndefined();
  });
});

describe('bad input', () => {
  it('warns once per unknown event type, naming file and line', () => {
    const { warnings } = foldLines(['{"Event":"com.example.MyEvent","x":1}', '{"Event":"com.example.MyEvent","x":2}']);
    expect(warnings).toEqual([{ file: 'mem.log', line: 1, message: expect.stringMatching(/Unknown event type com.example.MyEvent/) }]);
  });

  it('warns about a non-JSON line and a field of the wrong type, and keeps going', () => {
    const { run, warnings } = foldLines([
      '{"Event":"SparkListenerApplicationStart","App Name":"n","App ID":"app-1","Timestamp":"yesterday","User":"u"}',
      'this is not json',
      '{"Event":"SparkListenerTaskStart","Stage ID":0,"Stage Attempt ID":0,"Task Info":{"Task ID":3,"Index":0,"Attempt":0,"Launch Time":50,"Executor ID":"1","Host":"h","Locality":"ANY","Speculative":false}}',
    ]);
    expect(warnings.map((w) => [w.line, w.file])).toEqual([
      [1, 'mem.log'],
      [2, 'mem.log'],
    ]);
    expect(warnings[0].message).toMatch(/"Timestamp" should be a number/);
    expect(warnings[1].message).toMatch(/not a JSON event/);
    expect(run.application.id).toBe('app-1');
    expect(run.tasks.map((t) => t.taskId)).toEqual([3]);
  });

  it('skips SQL events unparsed (a broken SQL line is not even noticed)', () => {
    const { warnings, run } = foldLines(['{"Event":"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart","executionId":0,"physicalPlanDescription":"…cut']);
    expect(warnings).toEqual([]);
    expect(run.source.eventsRead).toBe(0);
  });
});

describe('lines read as the log grows', () => {
  const start = '{"Event":"SparkListenerTaskStart","Stage ID":0,"Stage Attempt ID":0,"Task Info":{"Task ID":7,"Index":0,"Attempt":0,"Launch Time":100,"Executor ID":"1","Host":"h","Locality":"ANY","Speculative":false,"Getting Result Time":0,"Finish Time":0,"Failed":false,"Killed":false,"Accumulables":[]}}';
  const end = (accumulables: string) =>
    `{"Event":"SparkListenerTaskEnd","Stage ID":0,"Stage Attempt ID":0,"Task Type":"ResultTask","Task End Reason":{"Reason":"Success"},"Task Info":{"Task ID":7,"Index":0,"Attempt":0,"Launch Time":100,"Executor ID":"1","Host":"h","Locality":"ANY","Speculative":false,"Getting Result Time":0,"Finish Time":180,"Failed":false,"Killed":false,"Accumulables":[${accumulables}]},"Task Metrics":{"Executor Run Time":70,"JVM GC Time":3}}`;
  const internal = '{"ID":1,"Name":"internal.metrics.executorRunTime","Update":70,"Value":70,"Internal":true,"Count Failed Values":true},{"ID":2,"Name":"number of output rows","Update":"5","Value":"5","Internal":true,"Count Failed Values":true,"Metadata":"sql"}';
  const user = '{"ID":9,"Name":"rows seen","Update":5,"Value":12,"Internal":false,"Count Failed Values":true}';

  it('shows a started task as running, then ended', () => {
    const warnings: IngestWarning[] = [];
    const folder = new SparkEventFolder({ source: { kind: 'event-log', path: 'grow.log' }, warn: (w) => warnings.push(w) });
    folder.acceptLine(start, 1, 'grow.log');
    expect(folder.result().tasks).toEqual([expect.objectContaining({ taskId: 7, status: 'RUNNING', launchTime: 100 })]);
    folder.acceptLine(end(internal), 2, 'grow.log');
    const run = folder.result();
    expect(run.tasks).toEqual([expect.objectContaining({ taskId: 7, status: 'SUCCESS', finishTime: 180, metrics: expect.objectContaining({ executorRunTime: 70, jvmGcTime: 3 }) })]);
    expect(run.source.eventsRead).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('keeps a started task whose TaskEnd line is cut off, and says which line was bad', () => {
    const { run, warnings } = foldLines([start, end(internal).slice(0, 200)]);
    expect(run.tasks).toEqual([expect.objectContaining({ taskId: 7, status: 'RUNNING' })]);
    expect(warnings).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/not a JSON event/) })]);
  });

  it('keeps user accumulators of a task and leaves out internal and SQL ones', () => {
    const { run } = foldLines([start, end(`${internal},${user}`)]);
    expect(run.tasks[0].accumulatorUpdates).toEqual([{ id: 9, name: 'rows seen', update: '5', value: '12' }]);
    const { run: internalOnly } = foldLines([end(internal)]);
    expect(internalOnly.tasks[0].accumulatorUpdates).toBeUndefined();
    expect(internalOnly.tasks[0].metrics?.executorRunTime).toBe(70);
  });
});

describe('live use', () => {
  it('accepts parsed events and gives a result at any moment', () => {
    const folder = new SparkEventFolder({ source: { kind: 'local', path: 'local-run' }, warn: () => {} });
    folder.acceptEvent({ Event: 'SparkListenerApplicationStart', 'App Name': 'demo', 'App ID': 'local-1', Timestamp: 100, User: 'me' });
    folder.acceptEvent({ Event: 'SparkListenerTaskStart', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task Info': { 'Task ID': 1, Index: 0, Attempt: 0, 'Launch Time': 110, 'Executor ID': '1', Host: 'h', Locality: 'ANY', Speculative: false } });
    const during = folder.result();
    expect(during.tasks[0].status).toBe('RUNNING');
    expect(during.application.attempts[0].completed).toBe(false);
    folder.acceptEvent({
      Event: 'SparkListenerTaskEnd',
      'Stage ID': 0,
      'Stage Attempt ID': 0,
      'Task End Reason': { Reason: 'Success' },
      'Task Info': { 'Task ID': 1, Index: 0, Attempt: 0, 'Launch Time': 110, 'Executor ID': '1', Host: 'h', Locality: 'ANY', Speculative: false, 'Finish Time': 150, Failed: false, Killed: false },
      'Task Metrics': { 'Executor Run Time': 30 },
    });
    folder.acceptEvent({ Event: 'SparkListenerApplicationEnd', Timestamp: 200 });
    const after = folder.result();
    expect(after.tasks[0]).toMatchObject({ status: 'SUCCESS', finishTime: 150, metrics: expect.objectContaining({ executorRunTime: 30 }) });
    expect(after.application.attempts[0]).toMatchObject({ completed: true, duration: 100 });
  });
});
