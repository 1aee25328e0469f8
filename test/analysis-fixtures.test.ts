// Diagnosis on the real fixture logs, with expectations from what each Spark test set up.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../engine/analysis/diagnose.js';
import { formatFindings } from '../engine/analysis/format-findings.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import type { JobRun } from '../engine/model/job-run.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));

async function one(name: string): Promise<JobRun> {
  const { runs } = await openEventLogs(fixtures + name);
  return runs[0];
}

describe('diagnosis on real fixture logs', () => {
  it('runs on every fixture log; every finding is well formed and ranked', async () => {
    const { runs } = await openEventLogs(fixtures);
    expect(runs.length).toBeGreaterThanOrEqual(15);
    const rank = { critical: 0, warning: 1, info: 2 };
    for (const r of runs) {
      const d = diagnose(r);
      const ids = new Set<string>();
      for (const f of d.findings) {
        expect(f.id && f.title && f.rule && f.recommendation).toBeTruthy();
        expect(['info', 'warning', 'critical']).toContain(f.severity);
        expect(ids.has(f.id)).toBe(false);
        ids.add(f.id);
        if (/^(stragglers|skewed-stage|straggler-executor)/.test(f.id)) expect(f.evidence.stageIds?.length || f.evidence.executorIds?.length).toBeTruthy();
        if (f.id.startsWith('stragglers') || f.id.startsWith('skewed-stage')) expect(f.evidence.taskIds?.length).toBeGreaterThan(0);
      }
      const order = d.findings.map((f) => rank[f.severity]);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(formatFindings(d)).toContain(`Findings for ${r.id}`);
    }
  });

  it('app-20161116163331-0000 (blacklisting test): executors 0 and 2 named for their failures', async () => {
    const d = diagnose(await one('app-20161116163331-0000'));
    expect(d.stragglerExecutors.flagged.map((e) => e.executorId).sort()).toEqual(['0', '2']);
    expect(d.stragglerExecutors.flagged.every((e) => e.test === 'failures' && e.failed === 4)).toBe(true);
    expect(d.findings.find((f) => f.id === 'straggler-executor:0')?.title).toMatch(/^Executor 0 failed 4 of its 4 tasks/);
  });

  it('app-20180109111548-0000: the failed tasks are on executor 0, a plain task error, too few to name the executor', async () => {
    const d = diagnose(await one('app-20180109111548-0000'));
    expect(d.failures.tasks.map((t) => [t.executorId, t.cause, t.message])).toEqual([
      ['0', 'other', 'java.lang.RuntimeException: Bad executor'],
      ['0', 'other', 'java.lang.RuntimeException: Bad executor'],
    ]);
    expect(d.stragglerExecutors.flagged).toEqual([]);
    const f = d.findings.find((x) => x.id === 'task-failures:other');
    expect(f?.evidence.executorIds).toEqual(['0']);
    expect(f?.title).toMatch(/all on executor 0/);
    expect(d.failures.first).toMatchObject({ kind: 'task', executorId: '0' });
  });

  it('application_1538416563558_0014: 8 executors lost with exit 56, not OOM', async () => {
    const d = diagnose(await one('application_1538416563558_0014'));
    expect(d.failures.executors).toHaveLength(8);
    expect(d.failures.executors.every((e) => e.cause === 'executor-lost' && e.exitCode === 56)).toBe(true);
    expect(d.failures.tasks.filter((t) => t.reason === 'ExecutorLostFailure')).toHaveLength(8);
    expect(d.failures.byCause['executor-oom']).toBe(0);
    const f = d.findings.find((x) => x.id === 'executors-lost');
    expect(f?.title).toMatch(/8 executors lost .*exit 56/);
    expect(f?.recommendation).toMatch(/heartbeat/i);
  });

  it('application_1628109047826_1317105: the speculated task is the straggler, its killed copy is not a failure', async () => {
    const d = diagnose(await one('application_1628109047826_1317105'));
    expect(d.stragglers.tasks.map((t) => t.taskId)).toEqual([3]);
    expect(d.failures.tasks).toMatchObject([{ taskId: 4, cause: 'killed' }]);
    expect(d.failures.byCause.other).toBe(0);
    expect(d.findings.find((f) => f.id === 'speculation-killed')?.evidence.taskIds).toEqual([4]);
    const s = d.findings.find((f) => f.id === 'stragglers:0.0');
    expect(s?.evidence.taskIds).toEqual([3]);
  });

  it('local-1422981780767: job 1 failed on a task error after 1 attempt', async () => {
    const d = diagnose(await one('local-1422981780767'));
    const j = d.failures.jobs.find((x) => x.jobId === 1);
    expect(j).toMatchObject({ cause: 'other', exhaustedTask: { stageId: 2, index: 3, failures: 1 } });
    expect(d.findings[0]).toMatchObject({ id: 'job-failed:1', severity: 'critical' });
    // local mode allows one attempt (local[N] means spark.task.maxFailures = 1)
    expect(d.failures.maxFailures).toBe(1);
    expect(d.failures.exhausted.map((x) => [x.stageId, x.index])).toEqual([[2, 3]]);
    expect(d.findings[0].title).toMatch(/failed 1 time \(spark\.task\.maxFailures = 1 in local mode\)/);
  });

  it('estimates a heap limit from the block manager when no spark.*.memory is set', async () => {
    const d = diagnose(await one('app-20200706201101-0003'));
    const v = d.memory.find((m) => m.executorId === '0');
    expect(v?.limitSource).toMatch(/block-manager-max/);
    expect(v?.limitEstimated).toBe(true);
    expect(v?.coarseness).toMatch(/task-end peaks/);
  });
});
