// Findings about how the work was spread: straggler executors, skewed stages, hot keys,
// straggler tasks and GC pressure. Each carries the ids it rests on.
import { shuffleReadBytes, type Task } from '../model/job-run.js';
import type { FindingContext } from './diagnose.js';
import type { ScoredFinding } from './findings.js';
import type { StageSkew } from './skew.js';
import type { StageStragglers } from './stragglers.js';
import { fmtBytes, fmtList, fmtMs, fmtP, fmtPct, fmtRatio, plural } from './units.js';

export function taskFindings(ctx: FindingContext): ScoredFinding[] {
  return [...executorFindings(ctx), ...skewFindings(ctx), ...hotKeyFindings(ctx), ...stragglerFindings(ctx), ...gcFindings(ctx)];
}

function tasksOf(ctx: FindingContext, stageId: number, attemptId: number): Task[] {
  return ctx.groups.find((g) => g.stageId === stageId && g.stageAttemptId === attemptId)?.tasks ?? [];
}

function sparkAtLeast(ctx: FindingContext, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(ctx.run.sparkVersion ?? ctx.run.application.attempts[0]?.appSparkVersion ?? '');
  return !!m && (Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor));
}

function prop(ctx: FindingContext, key: string): string | undefined {
  return ctx.run.environment.sparkProperties[key];
}

function executorFindings(ctx: FindingContext): ScoredFinding[] {
  const excludeConf = sparkAtLeast(ctx, 3, 1) ? 'spark.excludeOnFailure.enabled=true' : 'spark.blacklist.enabled=true';
  return ctx.stragglerExecutors.flagged.map((r) => {
    // Say what the test that named it measured; mention the other kind only as an aside.
    const what =
      r.test === 'failures'
        ? `failed ${r.failed} of its ${r.tasks} tasks${r.stragglers > 0 ? ` (and ran ${plural(r.stragglers, 'significant straggler')})` : ''}`
        : `ran ${plural(r.stragglers, 'significant straggler')} among its ${r.tasks} tasks${r.failed > 0 ? ` (and failed ${r.failed})` : ''}`;
    const bad = new Set(r.taskIds);
    const stageIds = [...new Set(ctx.run.tasks.filter((t) => bad.has(t.taskId)).map((t) => t.stageId))].sort((a, b) => a - b);
    const oomFailures = ctx.failures.tasks.filter((t) => t.executorId === r.executorId && t.cause === 'executor-oom').length;
    const fix =
      oomFailures > 0 && oomFailures * 2 >= r.failed
        ? `Its failures are out-of-memory deaths (${oomFailures} of ${r.failed}): a heavier partition or a heap that kept growing, not a bad machine — see the OOM finding.`
        : r.test === 'failures'
          ? `Suspect the executor or host ${r.host}, not the code: a bad disk, a full /tmp, a broken library or a noisy neighbour. Let Spark route around it (${excludeConf}).`
          : `Its tasks are slow wherever they come from: check host ${r.host} (CPU steal, disk, network) and its GC time; speculation (spark.speculation=true) re-runs such tasks elsewhere.`;
    const ex = ctx.run.executors.find((e) => e.id === r.executorId);
    const excluded = ex && (ex.isExcluded || ex.excludedInStages.length > 0) ? ' Spark already excluded it during the run.' : '';
    return {
      id: `straggler-executor:${r.executorId}`,
      title: `Executor ${r.executorId} ${what} (${fmtPct((r.test === 'failures' ? r.failed : r.stragglers) / r.tasks)} vs ${fmtPct(r.restRate)} on the other executors)`,
      severity: 'warning',
      rule: 'binomial-executor-test',
      evidence: {
        executorIds: [r.executorId],
        stageIds,
        taskIds: [...r.taskIds].sort((a, b) => a - b),
        metrics: { tasks: r.tasks, failed: r.failed, stragglers: r.stragglers, badRate: round(r.badRate), restRate: round(r.restRate), pValue: r.pValue },
      },
      recommendation: `${fix}${excluded} How sure: one-sided binomial test against the other executors' rate, ${fmtP(r.pValue)} (threshold ${ctx.stragglerExecutors.alphaPerExecutor.toExponential(1)} after correcting for ${ctx.stragglerExecutors.executors.length} executors).`,
      score: 500 - Math.log10(Math.max(r.pValue, 1e-300)),
    };
  });
}

function skewFindings(ctx: FindingContext): ScoredFinding[] {
  const aqeOn = prop(ctx, 'spark.sql.adaptive.enabled') === 'true' || (sparkAtLeast(ctx, 3, 2) && prop(ctx, 'spark.sql.adaptive.enabled') !== 'false');
  const skewJoinOn = aqeOn && prop(ctx, 'spark.sql.adaptive.skewJoin.enabled') !== 'false';
  const out: ScoredFinding[] = [];
  for (const s of ctx.skew) {
    if (!s.skewed) continue;
    const rules = s.hits.map((h) => h.rule);
    const taskIds = [...new Set(s.hits.flatMap((h) => h.taskIds))];
    const hitIds = new Set(taskIds);
    const d = s.distributions;
    const aqe = s.hits.find((h) => h.rule === 'spark-aqe-skew');
    const input = s.hits.find((h) => h.rule === 'skewscope-input-skew');
    let title: string;
    if (aqe) {
      title = `Stage ${s.stageId} is skewed: partition ${aqe.partitionIds[0]} reads ${fmtBytes(d.shuffleReadBytes.max)} of shuffle, ${fmtRatio(d.shuffleReadBytes.maxOverMedian)} the median (${fmtBytes(d.shuffleReadBytes.median)})`;
    } else if (input) {
      title = `Stage ${s.stageId} is skewed: task ${input.taskIds[0]} reads ${fmtBytes(d.inputBytes.max)} of input, ${fmtRatio(d.inputBytes.maxOverMedian)} the median (${fmtBytes(d.inputBytes.median)})`;
    } else {
      const h = s.hits[0];
      const dist = d[h.metric];
      const what = h.metric === 'shuffleReadRecords' ? `${Math.round(dist.max).toLocaleString('en-US')} shuffle records` : `${fmtBytes(dist.max)} of ${h.metric === 'inputBytes' ? 'input' : 'shuffle'}`;
      const med = h.metric === 'shuffleReadRecords' ? Math.round(dist.median).toLocaleString('en-US') : fmtBytes(dist.median);
      title = `Stage ${s.stageId} is skewed: partition ${h.partitionIds[0]} reads ${what}, ${fmtRatio(dist.maxOverMedian)} the median (${med}), and took ${fmtMs(d.durationMs.max)}`;
    }
    const keys = ctx.hotKeys.filter((k) => k.hot && k.stageId === s.stageId);
    const parts: string[] = [];
    if (keys.length > 0) {
      parts.push(`The weight is join key ${keys.map((k) => `"${k.key}"`).join(', ')} (see the hot-key finding): salt it or broadcast the small side.`);
    }
    if (aqe) {
      parts.push(
        skewJoinOn
          ? 'AQE skew join is on but did not split this partition: it only splits sort-merge joins (not aggregations, windows or joins it cannot see), so salt the key or pre-aggregate before the shuffle.'
          : `Enable AQE skew join (spark.sql.adaptive.enabled=true and spark.sql.adaptive.skewJoin.enabled=true${sparkAtLeast(ctx, 3, 0) ? '' : '; needs Spark 3.0+, Glue 3.0+'}): it splits partitions over ${fmtRatio(ctx.settings.aqeSkewFactor)} the median and over ${fmtBytes(ctx.settings.aqeSkewThresholdBytes)} at run time.`,
      );
    }
    if (input) {
      parts.push(`Input splits are uneven: compact or split the large files, or lower spark.sql.files.maxPartitionBytes (default 128 MB); gzip and other unsplittable files are read whole by one task. In Glue, groupFiles/groupSize balances small files.`);
    }
    if (!aqe && !input) {
      parts.push(
        `Below AQE's ${fmtBytes(ctx.settings.aqeSkewThresholdBytes)} floor, so AQE would not split it even when on. Repartition on a better-spread key or salt the heavy key; raising spark.sql.shuffle.partitions alone does not split one key.`,
      );
    }
    parts.push(`Glue's skewness score for this stage: ${s.glueSkewnessScore.toFixed(2)}. Rule${rules.length > 1 ? 's' : ''}: ${rules.map(describeRule).join('; ')}.`);
    const excessMs = d.durationMs.max - d.durationMs.median;
    out.push({
      id: `skewed-stage:${s.stageId}.${s.stageAttemptId}`,
      title,
      severity: 'warning',
      rule: rules.join('+'),
      evidence: {
        stageIds: [s.stageId],
        taskIds,
        keys: keys.length ? keys.map((k) => k.key) : undefined,
        executorIds: [...new Set(tasksOf(ctx, s.stageId, s.stageAttemptId).filter((t) => hitIds.has(t.taskId)).map((t) => t.executorId))],
        metrics: {
          durationMaxOverMedian: round(d.durationMs.maxOverMedian),
          shuffleReadMaxOverMedian: round(d.shuffleReadBytes.maxOverMedian),
          inputMaxOverMedian: round(d.inputBytes.maxOverMedian),
          maxShuffleReadBytes: d.shuffleReadBytes.max,
          maxInputBytes: d.inputBytes.max,
          glueSkewnessScore: round(s.glueSkewnessScore),
          executorDurationSpread: round(s.perExecutor.durationSpread),
        },
      },
      recommendation: parts.join(' '),
      score: 300 + Math.min(200, excessMs / 1000),
    });
  }
  return out;
}

function describeRule(rule: string): string {
  switch (rule) {
    case 'spark-aqe-skew':
      return "Spark AQE's (> 5 × median and > 256 MB of shuffle read)";
    case 'skewscope-input-skew':
      return "Skewscope's own input rule (AQE's test on input bytes)";
    case 'skewscope-small-data-skew':
      return "Skewscope's own small-data rule (bytes or records > 5 × median, no 256 MB floor, and the task ≥ 10 s slower than the median)";
    default:
      return rule;
  }
}

function hotKeyFindings(ctx: FindingContext): ScoredFinding[] {
  return ctx.hotKeys
    .filter((k) => k.hot)
    .map((k) => {
      const byBytes = k.byteShare !== undefined && k.byteShare >= k.recordShare;
      const share = byBytes ? (k.byteShare as number) : k.recordShare;
      return {
        id: `hot-key:${k.stageId}:${k.key}`,
        title: `Join key "${k.key}" holds ${fmtPct(share)} of stage ${k.stageId}'s shuffle ${byBytes ? 'bytes' : 'records'} (partition ${k.partitionId})`,
        severity: 'warning' as const,
        rule: 'hot-key-share',
        evidence: {
          stageIds: [k.stageId],
          keys: [k.key],
          metrics: { records: k.records, recordShare: round(k.recordShare), ...(k.byteShare !== undefined ? { byteShare: round(k.byteShare) } : {}), partitionId: k.partitionId },
        },
        recommendation: `Salt it: append a random suffix 0..N−1 to "${k.key}" on the large side and replicate the matching rows of the small side N times, so N tasks share it; or broadcast the small side if it fits (broadcast() hint, spark.sql.autoBroadcastJoinThreshold). If the key is a placeholder (null, "", "unknown"), filter it out before the join.`,
        score: 350 + share * 100,
      };
    });
}

const MATERIAL_EXCESS_MS = 10_000;

function stragglerFindings(ctx: FindingContext): ScoredFinding[] {
  const out: ScoredFinding[] = [];
  const minor: StageStragglers[] = [];
  const skewByStage = new Map<string, StageSkew>(ctx.skew.map((s) => [`${s.stageId}.${s.stageAttemptId}`, s]));
  const flagged = new Set(ctx.stragglerExecutors.flagged.map((r) => r.executorId));
  const speculationOn = prop(ctx, 'spark.speculation') === 'true';
  for (const st of ctx.stragglers.stages) {
    if (st.stragglers.length === 0) continue;
    const worst = st.stragglers.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    // Only stragglers beyond ordinary noise (robust outliers) that cost real time are worth a warning.
    if (!st.stragglers.some((x) => x.significant) || worst.durationMs - st.medianSuccessfulMs < MATERIAL_EXCESS_MS) {
      minor.push(st);
      continue;
    }
    const ids = st.stragglers.map((s) => s.taskId).sort((a, b) => a - b);
    const significant = st.stragglers.filter((s) => s.significant).length;
    const onFlagged = st.stragglers.filter((s) => flagged.has(s.executorId));
    const skew = skewByStage.get(`${st.stageId}.${st.stageAttemptId}`);
    const skewed = new Set(skew?.hits.flatMap((h) => h.taskIds) ?? []);
    const explainedBySkew = st.stragglers.filter((s) => skewed.has(s.taskId)).length;
    const running = st.stragglers.filter((s) => s.running).length;
    const heavier = heavierShare(ctx, st);
    const parts: string[] = [];
    if (explainedBySkew > 0) parts.push(`${explainedBySkew === st.stragglers.length ? (explainedBySkew === 1 ? 'It is' : 'They are') : `${explainedBySkew} of them ${explainedBySkew === 1 ? 'is' : 'are'}`} the skewed partition${explainedBySkew === 1 ? '' : 's'} of this stage (see that finding).`);
    if (onFlagged.length > 0) parts.push(`${onFlagged.length} ran on executor${new Set(onFlagged.map((s) => s.executorId)).size > 1 ? 's' : ''} ${fmtList([...new Set(onFlagged.map((s) => s.executorId))])}, already named as a straggler executor.`);
    const gc = gcShareOf(ctx, st.stageId);
    if (gc > GC_SHARE) parts.push(`GC took ${fmtPct(gc)} of this stage's task time: long collections are the likely cause (see the GC finding).`);
    if (heavier !== undefined && heavier >= 0.5 && explainedBySkew === 0) parts.push(`${fmtPct(heavier)} of them read at least twice the median bytes: uneven data, not slow machines.`);
    if (parts.length === 0) {
      parts.push(
        speculationOn
          ? 'Speculation is on, so Spark launched copies of slow tasks; if stragglers still hold stages up, look at what the slow tasks have in common (host, input file, key).'
          : `Their data looks ordinary, so the time went elsewhere (host, GC, an expensive record). spark.speculation=true would have launched copies once ${fmtPct(ctx.settings.speculationQuantile)} of the stage was done — only safe with idempotent output (Spark's own committers are).`,
      );
    }
    out.push({
      id: `stragglers:${st.stageId}.${st.stageAttemptId}`,
      title: `Stage ${st.stageId} has ${plural(st.stragglers.length, 'straggler')}${running ? ` (${running} still running)` : ''}: up to ${fmtMs(worst.durationMs)}, ${fmtRatio(worst.ratioToMedian)} the median successful task (${fmtMs(st.medianSuccessfulMs)})`,
      severity: 'warning',
      rule: 'spark-speculation',
      evidence: {
        stageIds: [st.stageId],
        taskIds: ids,
        executorIds: [...new Set(st.stragglers.map((s) => s.executorId))],
        metrics: { thresholdMs: Math.round(st.thresholdMs), medianMs: Math.round(st.medianSuccessfulMs), stragglers: ids.length, worstMs: worst.durationMs },
      },
      recommendation: `Spark's speculation rule: slower than max(${ctx.settings.speculationMultiplier} × median, ${ctx.settings.speculationMinThresholdMs} ms) = ${fmtMs(st.thresholdMs)} once ${st.minFinishedForCheck} of ${st.numTasks} tasks had succeeded; ${significant === ids.length ? (ids.length === 1 ? 'it is' : 'all are') : `${significant} of ${ids.length} are`} far outside the normal spread of task times (robust outlier test). ${parts.join(' ')}`,
      score: 200 + Math.min(100, (worst.durationMs - st.medianSuccessfulMs) / 1000),
    });
  }
  if (minor.length > 0) {
    const tasks = minor.flatMap((s) => s.stragglers);
    out.push({
      id: 'stragglers:minor',
      title: `${plural(tasks.length, 'minor straggler')} in ${plural(minor.length, 'stage')}: within ordinary task-time noise or under ${fmtMs(MATERIAL_EXCESS_MS)} each, not worth chasing`,
      severity: 'info',
      rule: 'spark-speculation',
      evidence: { stageIds: minor.map((s) => s.stageId), taskIds: tasks.map((t) => t.taskId).sort((a, b) => a - b), executorIds: [...new Set(tasks.map((t) => t.executorId))] },
      recommendation: `Spark's speculation rule (max(${ctx.settings.speculationMultiplier} × median, ${ctx.settings.speculationMinThresholdMs} ms)) names them, but each is either within the ordinary spread of task times (robust outlier test) or ran less than ${fmtMs(MATERIAL_EXCESS_MS)} past its stage's median.`,
      score: 2,
    });
  }
  return out;
}

/** Share of a stage's stragglers that read ≥ 2 × the stage's median bytes (input + shuffle). */
function heavierShare(ctx: FindingContext, st: StageStragglers): number | undefined {
  const skew = ctx.skew.find((s) => s.stageId === st.stageId && s.stageAttemptId === st.stageAttemptId);
  if (!skew) return undefined;
  const med = skew.distributions.inputBytes.median + skew.distributions.shuffleReadBytes.median;
  if (med <= 0) return undefined;
  const ids = new Set(st.stragglers.filter((s) => !s.running).map((s) => s.taskId));
  if (ids.size === 0) return undefined;
  let heavy = 0;
  for (const t of tasksOf(ctx, st.stageId, st.stageAttemptId)) {
    if (!ids.has(t.taskId) || !t.metrics) continue;
    if (t.metrics.inputBytes + shuffleReadBytes(t.metrics) >= 2 * med) heavy++;
  }
  return heavy / ids.size;
}

// Spark's UI marks an executor red when GC takes more than 10 % of its task time.
const GC_SHARE = 0.1;
const GC_MIN_RUN_MS = 60_000;

/** GC time over executor run time of a stage's successful tasks. */
function gcShareOf(ctx: FindingContext, stageId: number): number {
  let gc = 0;
  let runMs = 0;
  for (const g of ctx.groups) {
    if (g.stageId !== stageId) continue;
    for (const t of g.tasks) {
      if (!t.metrics || t.status !== 'SUCCESS') continue;
      gc += t.metrics.jvmGcTime;
      runMs += t.metrics.executorRunTime;
    }
  }
  return runMs >= GC_MIN_RUN_MS ? gc / runMs : 0;
}

function gcFindings(ctx: FindingContext): ScoredFinding[] {
  const byStage = new Map<number, { gc: number; run: number }>();
  for (const t of ctx.run.tasks) {
    if (!t.metrics || t.status !== 'SUCCESS') continue;
    let s = byStage.get(t.stageId);
    if (!s) byStage.set(t.stageId, (s = { gc: 0, run: 0 }));
    s.gc += t.metrics.jvmGcTime;
    s.run += t.metrics.executorRunTime;
  }
  const out: ScoredFinding[] = [];
  for (const [stageId, s] of byStage) {
    if (s.run < GC_MIN_RUN_MS || s.gc / s.run <= GC_SHARE) continue;
    const share = s.gc / s.run;
    out.push({
      id: `gc-pressure:${stageId}`,
      title: `GC took ${fmtPct(share)} of task time in stage ${stageId} (${fmtMs(s.gc)} of ${fmtMs(s.run)})`,
      severity: 'warning',
      rule: 'spark-ui-gc-share',
      evidence: { stageIds: [stageId], metrics: { gcShare: round(share), gcMs: s.gc, runMs: s.run } },
      recommendation: `Spark's UI flags more than ${fmtPct(GC_SHARE)}: the heap is under pressure, which is how an OOM starts. Give each task more heap (more spark.executor.memory or fewer spark.executor.cores) or less data (more partitions); cached data you no longer need can be unpersisted.`,
      score: 250 + share * 100,
    });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
