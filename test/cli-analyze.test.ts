// `skewscope analyze` and `--help` as a user runs them: a real process, real fixture logs.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EVENTS = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'skewscope-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function skewscope(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'engine/cli.ts'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('skewscope analyze', () => {
  it('prints a readable summary: application, outcome, overview, slowest stages, failing executors', async () => {
    const { code, stdout } = await skewscope('analyze', `${EVENTS}local-1422981780767`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Application\s+Spark shell \(local-1422981780767\)/m);
    expect(stdout).toMatch(/1 of 3 job\(s\) FAILED/);
    expect(stdout).toMatch(/job 1: Job aborted due to stage failure/);
    expect(stdout).toMatch(/Stages\s+4: 3 complete, 1 failed/);
    expect(stdout).toMatch(/Slowest stages[\s\S]*\b0\.0\s+COMPLETE\s+591 ms/);
    expect(stdout).toMatch(/Executors with most failures[\s\S]*driver\s+localhost:57971\s+1\s+31/);
  });

  it('shows the highest heap of the driver and of the executors against spark.*.memory', async () => {
    const { code, stdout } = await skewscope('analyze', `${EVENTS}application_1553914137147_0018`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Peak heap\s+executor \d+: [\d.]+ MiB of 7\.0 GiB \(\d+ %\)/);
    expect(stdout).toMatch(/Peak heap\s+driver: [\d.]+ MiB of 2\.0 GiB/);
  });

  it('--json prints one object with REST field names for one application', async () => {
    const { code, stdout } = await skewscope('analyze', `${EVENTS}local-1422981780767`, '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(['application', 'executors', 'findings', 'jobs', 'stages', 'warnings']);
    expect(out.application.id).toBe('local-1422981780767');
    expect(out.jobs.map((j: { jobId: number }) => j.jobId)).toEqual([2, 1, 0]);
    const stage2 = out.stages.find((s: { stageId: number }) => s.stageId === 2);
    expect(stage2).toMatchObject({ status: 'FAILED', numCompleteTasks: 7, numFailedTasks: 1, shuffleLocalBlocksFetched: 64 });
    expect(out.executors[0]).toMatchObject({ id: 'driver', totalTasks: 32, failedTasks: 1, maxMemory: 278302556 });
    expect(Array.isArray(out.findings)).toBe(true);
  });

  it('--json prints an array, one object per attempt, for a folder of several applications', async () => {
    const dir = join(tmp, 'two');
    mkdirSync(dir);
    for (const name of ['local-1422981780767', 'local-1430917381534']) writeFileSync(join(dir, name), readFileSync(EVENTS + name));
    const { code, stdout } = await skewscope('analyze', dir, '--json');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Array.isArray(out)).toBe(true);
    expect(out.map((o: { application: { id: string } }) => o.application.id).sort()).toEqual(['local-1422981780767', 'local-1430917381534']);
  });

  it('fails with a clear message and no stack for a missing path', async () => {
    const { code, stderr, stdout } = await skewscope('analyze', join(tmp, 'missing-log'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/missing-log: no such file or folder/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--help lists the commands with a description and examples', async () => {
    const { code, stdout } = await skewscope('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/analyze \[options\] <path>\s+Summarise Spark event logs/);
    expect(stdout).toMatch(/serve \[options\]/);
    expect(stdout).toMatch(/Examples:\n\s+skewscope analyze/);
  });
});
