import { describe, expect, it } from 'vitest';
import { diagnose } from '../engine/analysis/diagnose.js';
import { classifyFailureText } from '../engine/analysis/failure-cause.js';
import { glueSkewnessScore } from '../engine/analysis/skew.js';
import type { Task } from '../engine/model/job-run.js';
import { run, stage, task } from './analysis-run-builder.js';

const MB = 1024 * 1024;

function shuffleStage(bytes: number[]): Task[] {
  return bytes.map((b, i) => task(1, i, 1000, { m: { shuffleRemoteBytesRead: b, shuffleReadRecords: Math.round(b / 100) } }));
}

describe("skew: Spark AQE's partition rule", () => {
  it('fires only above 5 × median, not at it', () => {
    const at = diagnose(run({ stages: [stage(1, 5)], tasks: shuffleStage([100 * MB, 100 * MB, 100 * MB, 100 * MB, 500 * MB]) }));
    expect(at.skew[0].hits.map((h) => h.rule)).not.toContain('spark-aqe-skew');
    const environment = { sparkProperties: { 'spark.sql.adaptive.enabled': 'false' }, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} };
    const over = diagnose(run({ environment, stages: [stage(1, 5)], tasks: shuffleStage([100 * MB, 100 * MB, 100 * MB, 100 * MB, 500 * MB + 1]) }));
    const hit = over.skew[0].hits.find((h) => h.rule === 'spark-aqe-skew');
    expect(hit?.partitionIds).toEqual([4]);
    const f = over.findings.find((x) => x.id === 'skewed-stage:1.0');
    expect(f?.evidence.stageIds).toEqual([1]);
    expect(f?.evidence.taskIds).toEqual([over.skew[0].distributions.shuffleReadBytes.maxTaskId]);
    expect(f?.recommendation).toMatch(/Enable AQE skew join \(spark\.sql\.adaptive\.enabled=true and spark\.sql\.adaptive\.skewJoin\.enabled=true/);
  });

  it('fires only above 256 MB, not at it, however large the ratio', () => {
    const at = diagnose(run({ stages: [stage(1, 5)], tasks: shuffleStage([10 * MB, 10 * MB, 10 * MB, 10 * MB, 256 * MB]) }));
    expect(at.skew[0].hits.map((h) => h.rule)).not.toContain('spark-aqe-skew');
    const over = diagnose(run({ stages: [stage(1, 5)], tasks: shuffleStage([10 * MB, 10 * MB, 10 * MB, 10 * MB, 256 * MB + 1]) }));
    expect(over.skew[0].hits.map((h) => h.rule)).toContain('spark-aqe-skew');
  });

  it("scores Glue's skewness: 0 at the factor, 0.5 half-way, 1 at twice it", () => {
    expect(glueSkewnessScore(5, 5)).toBe(0);
    expect(glueSkewnessScore(7.5, 5)).toBeCloseTo(0.5);
    expect(glueSkewnessScore(10, 5)).toBe(1);
    expect(glueSkewnessScore(40, 5)).toBe(1);
  });

  it('reports REST quantiles (Min, 25th, Median, 75th, Max) per metric', () => {
    const d = diagnose(run({ stages: [stage(1, 4)], tasks: shuffleStage([1, 2, 3, 4]) }));
    expect(d.skew[0].distributions.shuffleReadBytes.quantiles).toEqual([1, 2, 3, 4, 4]);
  });

  it('reports a hot key with its share of the stage shuffle', () => {
    const tasks = shuffleStage([100, 100, 100, 100]);
    const d = diagnose(run({ stages: [stage(1, 4)], tasks, hotKeys: [{ stageId: 1, partitionId: 2, key: 'emp-42', records: 2 }] }));
    expect(d.hotKeys[0].recordShare).toBeCloseTo(0.5);
    const f = d.findings.find((x) => x.rule === 'hot-key-share');
    expect(f?.evidence.keys).toEqual(['emp-42']);
    expect(f?.title).toMatch(/holds 50 %/);
  });
});

describe('failure causes', () => {
  it.each([
    ['java.lang.OutOfMemoryError: Java heap space', 'executor-oom'],
    ['Container killed by YARN for exceeding memory limits. 5.5 GB of 5.5 GB physical memory used', 'executor-oom'],
    ['Container exited with a non-zero exit code 137', 'executor-oom'],
    ['Exit status: 143. Diagnostics: Container killed on request.', 'executor-oom'],
    ['Worker terminated due to reaching memory limit: ERR_WORKER_OUT_OF_MEMORY', 'executor-oom'],
    ['org.apache.spark.shuffle.FetchFailedException: Failed to connect to host', 'fetch-failure'],
    ['com.fasterxml.jackson.core.JsonParseException: Unexpected character', 'malformed-data'],
    ['java.util.concurrent.TimeoutException: Futures timed out after [300 seconds]', 'timeout'],
    ['java.lang.RuntimeException: got a 3, failing', 'other'],
  ])('%s → %s', (text, cause) => {
    expect(classifyFailureText(text, 'executor')).toBe(cause);
  });

  it('calls an OOM on the driver a driver OOM, and a lost executor without OOM text executor-lost', () => {
    expect(classifyFailureText('java.lang.OutOfMemoryError: GC overhead limit exceeded', 'driver')).toBe('driver-oom');
    expect(classifyFailureText('Container marked as failed. Exit status: 56.', 'executor', 'ExecutorLostFailure')).toBe('executor-lost');
  });

  function failing(index: number, times: number, first: number): Task[] {
    return Array.from({ length: times }, (_, a) =>
      task(2, index, 500, {
        taskId: first + a,
        attempt: a,
        executorId: String(a + 1),
        status: 'FAILED',
        failure: { reason: 'ExecutorLostFailure', causedByApp: true, lossReason: 'Container killed by YARN for exceeding memory limits' },
      }),
    );
  }

  it('a task index failing 4 times exhausts spark.task.maxFailures; 3 times does not', () => {
    const three = diagnose(run({ stages: [stage(2, 2)], tasks: [...failing(0, 3, 1000), task(2, 1, 500)] }));
    expect(three.failures.exhausted).toEqual([]);
    expect(three.failures.retried[0].failures).toBe(3);
    const jobs = [{ jobId: 7, name: 'j', stageIds: [2], jobTags: [], status: 'FAILED' as const, completionTime: 2e12, failureReason: 'Job aborted due to stage failure: Task 0 in stage 2.0 failed 4 times, most recent failure: Lost task 0.3 in stage 2.0 (TID 1003) (h executor 4): ExecutorLostFailure (executor 4 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits' }];
    const four = diagnose(run({ stages: [stage(2, 2, { status: 'FAILED' })], tasks: [...failing(0, 4, 2000), task(2, 1, 500)], jobs }));
    expect(four.failures.exhausted.map((x) => [x.stageId, x.index, x.failures])).toEqual([[2, 0, 4]]);
    expect(four.failures.jobs[0]).toMatchObject({ jobId: 7, cause: 'executor-oom', exhaustedTask: { stageId: 2, index: 0, failures: 4 } });
    const f = four.findings[0];
    expect(f.severity).toBe('critical');
    expect(f.title).toMatch(/Job 7 failed: task 0 of stage 2 failed 4 times \(spark\.task\.maxFailures = 4\)/);
    expect(f.evidence.taskIds).toEqual([2000, 2001, 2002, 2003]);
    expect(four.failures.first).toMatchObject({ kind: 'task', taskId: 2000, executorId: '1', cause: 'executor-oom' });
  });

  it('does not count killed attempts or executor losses not caused by the app towards maxFailures', () => {
    const tasks = [
      task(3, 0, 500, { status: 'KILLED', failure: { reason: 'TaskKilled', description: 'another attempt succeeded' } }),
      task(3, 0, 500, { attempt: 1, status: 'FAILED', failure: { reason: 'ExecutorLostFailure', causedByApp: false, lossReason: 'node lost' } }),
    ];
    const d = diagnose(run({ stages: [stage(3, 1)], tasks }));
    expect(d.failures.retried[0].failures).toBe(0);
  });
});
