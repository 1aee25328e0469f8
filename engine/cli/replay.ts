// `skewscope replay <path>`: walk a run through time and say what Skewscope would have known, and
// when: OOM-risk levels per executor and the driver, findings as they first appear, and the real
// failures beside them. It answers "how early could we have stopped this run?" without a UI, so it
// also fits a CI step that replays yesterday's failed job.
import type { Command } from 'commander';
import type { JobRun } from '../model/job-run.js';
import { openEventLogs } from '../ingest/open-event-logs.js';
import { diagnose } from '../analysis/diagnose.js';
import { latestTime } from '../analysis/stage-tasks.js';
import { classifyFailureText, firstLine, isBenignRemoval } from '../analysis/failure-cause.js';
import { fmtBytes, fmtMs, fmtPct } from '../analysis/units.js';
import { failAndExit } from './fail.js';
import { addAwsOptions, awsSettingsFrom, type AwsCliOptions } from '../aws/aws-cli-options.js';
import { setDefaultAwsSettings } from '../aws/default-settings.js';

export interface ReplayMoment {
  t: number;
  /** Milliseconds since the application started. */
  offsetMs: number;
  kind: 'risk' | 'finding' | 'executor-lost' | 'job-failed';
  subject: string;
  text: string;
}

export interface ReplayReport {
  runId: string;
  startTime: number;
  endTime: number;
  stepMs: number;
  moments: ReplayMoment[];
  /** First 'high' OOM risk, first executor lost or job failed, and the lead between them. */
  firstHighRiskAt?: number;
  firstFailureAt?: number;
  leadMs?: number;
}

export function register(program: Command): void {
  const command = program
    .command('replay')
    .description('Replay a run through time: OOM risk per executor and findings as they would have appeared, beside the real failures')
    .argument('<path>', 'event log file, rolling folder, folder of logs, .zip or s3:// URI')
    .option('--steps <n>', 'instants to evaluate between start and end', '100')
    .option('--json', 'print { runId, startTime, endTime, stepMs, moments, firstHighRiskAt?, firstFailureAt?, leadMs? } per run')
    .addHelpText('after', '\nExample:\n  skewscope replay ./spark-events/application_1538416563558_0014 --steps 200');
  addAwsOptions(command).action(async (path: string, opts: { steps: string; json?: boolean } & AwsCliOptions) => {
    try {
      const steps = Number(opts.steps);
      if (!Number.isInteger(steps) || steps < 2 || steps > 10_000) {
        throw new RangeError(`--steps must be a whole number from 2 to 10000, got "${opts.steps}"`);
      }
      setDefaultAwsSettings(awsSettingsFrom(opts));
      const { runs } = await openEventLogs(path);
      const reports = runs.map((run) => replayRun(run, steps));
      if (opts.json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
      else for (const r of reports) process.stdout.write(formatReplay(r) + '\n');
    } catch (err) {
      if (err instanceof RangeError) {
        process.stderr.write(`skewscope: ${err.message}\n`);
        process.exit(1);
      }
      failAndExit(err);
    }
  });
}

export function replayRun(run: JobRun, steps: number): ReplayReport {
  const startTime = run.application.attempts[0]?.startTime ?? 0;
  const endTime = Math.max(latestTime(run), startTime);
  const stepMs = Math.max(1, Math.ceil((endTime - startTime) / steps));
  const moments: ReplayMoment[] = [];
  const at = (t: number, kind: ReplayMoment['kind'], subject: string, text: string) =>
    moments.push({ t, offsetMs: t - startTime, kind, subject, text });

  const riskLevel = new Map<string, string>();
  const seenFindings = new Set<string>();
  for (let t = startTime + stepMs; ; t = Math.min(t + stepMs, endTime)) {
    const d = diagnose(run, { asOf: t });
    for (const r of d.oomRisk) {
      const who = r.executorId === 'driver' ? 'driver' : `executor ${r.executorId}`;
      if ((riskLevel.get(r.executorId) ?? 'low') !== r.level) {
        const heap = r.fraction !== undefined ? `heap ${fmtPct(r.fraction)}${r.limitBytes ? ` of ${fmtBytes(r.limitBytes)}` : ''}` : 'heap unknown';
        at(t, 'risk', who, `${who} OOM risk ${r.level} (${heap}; confidence ${fmtPct(r.confidence)}): ${r.reason}`);
        riskLevel.set(r.executorId, r.level);
      }
    }
    for (const f of d.findings) {
      if (f.severity === 'info' || seenFindings.has(f.id)) continue;
      seenFindings.add(f.id);
      at(t, 'finding', f.id, `${f.severity}: ${f.title}`);
    }
    if (t >= endTime) break;
  }

  for (const e of run.executors) {
    if (e.removeTime === undefined || e.id === 'driver' || isBenignRemoval(e.removeReason)) continue;
    const reason = e.removeReason ?? '';
    const cause = classifyFailureText(reason, 'executor', 'ExecutorLostFailure');
    at(e.removeTime, 'executor-lost', `executor ${e.id}`, `executor ${e.id} lost (${cause}): ${firstLine(reason, 160)}`);
  }
  for (const j of run.jobs) {
    if (j.status !== 'FAILED' || j.completionTime === undefined) continue;
    at(j.completionTime, 'job-failed', `job ${j.jobId}`, `job ${j.jobId} failed: ${firstLine(j.failureReason, 160) || 'no reason given'}`);
  }
  moments.sort((a, b) => a.t - b.t);

  const firstHighRiskAt = moments.find((m) => m.kind === 'risk' && m.text.includes(' OOM risk high '))?.t;
  const firstFailureAt = moments.find((m) => m.kind === 'executor-lost' || m.kind === 'job-failed')?.t;
  const leadMs = firstHighRiskAt !== undefined && firstFailureAt !== undefined ? firstFailureAt - firstHighRiskAt : undefined;
  return { runId: run.id, startTime, endTime, stepMs, moments, firstHighRiskAt, firstFailureAt, leadMs };
}

export function formatReplay(r: ReplayReport): string {
  const lines = [`Replay of ${r.runId}: ${fmtMs(r.endTime - r.startTime)}, evaluated every ${fmtMs(r.stepMs)}`];
  if (r.moments.length === 0) lines.push('  nothing changed: no OOM risk above low, no warnings, no failures');
  for (const m of r.moments) lines.push(`  +${fmtMs(m.offsetMs).padEnd(9)} ${m.text}`);
  if (r.firstFailureAt !== undefined) {
    if (r.leadMs !== undefined && r.leadMs > 0) {
      lines.push(`First high OOM risk came ${fmtMs(r.leadMs)} before the first failure: a run watched live could have been stopped then.`);
    } else if (r.leadMs !== undefined) {
      lines.push('The first high OOM risk came only after the first failure: no early warning for this run.');
    } else {
      lines.push('No high OOM risk before the failures: the memory data did not predict them (or the failures were not memory).');
    }
  }
  return lines.join('\n');
}
