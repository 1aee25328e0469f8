// The tuner's prediction from data volume: a scripted runner whose largest shuffle partition and
// peak heap follow a known ratio. Once a finished trial taught the ratio, a trial whose partition
// predicts a peak over the target is cancelled when its map stage ends, before the join builds
// anything; one whose prediction is under the target is left to run.
import { describe, expect, it } from 'vitest';
import { decideStop, type StopPolicy } from '../engine/tuner/risk-gate.js';
import { analysisRiskAssessor } from '../engine/tuner/analysis-risk.js';
import { runTrial } from '../engine/tuner/trial.js';
import { autoTune } from '../engine/tuner/tune-loop.js';
import { VolumeModel } from '../engine/tuner/volume-model.js';
import { FakeRunner, LIMIT, type FakeLake } from './tuner-fake-runner.js';

// Peak = 0.1 + 0.004 × files; the largest partition holds 10 kB per file: 0.4 heap bytes per partition byte.
const lake: FakeLake = { backlogFiles: 4000, bytesPerFile: 1000, base: 0.1, perFile: 0.004, msPerFile: 100, joinAt: 0.5, partitionBytesPerFile: 10_000 };
const RATIO = (lake.perFile * LIMIT) / lake.partitionBytesPerFile!;
const policy: StopPolicy = { cancelAt: 'high', minConfidence: 0.5, targetHeap: 0.5, stopOverTarget: true };

async function learnedAt(files: number): Promise<VolumeModel> {
  const runner = new FakeRunner(lake);
  const { trial, heapBeforeJoin, executorLimitBytes } = await runTrial(runner, { bound: { boundedFiles: files }, advanceBookmark: false }, policy, analysisRiskAssessor());
  expect(trial.outcome).toBe('safe');
  const model = new VolumeModel();
  model.record({ size: files, largestPartitionBytes: trial.largestPartitionBytes!, peakHeap: trial.peakHeapBy['1'], baseHeap: heapBeforeJoin, limitBytes: executorLimitBytes });
  return model;
}

describe('peak heap predicted from the largest shuffle partition', () => {
  it('learns the ratio of heap to partition bytes from a finished trial', async () => {
    const model = await learnedAt(60);
    const p = model.predict(lake.partitionBytesPerFile! * 400, 0.5)!;
    expect(p.trials).toBe(1);
    expect(p.heapBytesPerByte).toBeCloseTo(RATIO, 1);
    expect(p.peakHeap).toBeCloseTo(lake.base + lake.perFile * 400, 1);
    expect(p.lowPeakHeap).toBeLessThan(p.peakHeap);
    // The bound → heap line through the volume: the bound whose peak is the target.
    const h = model.heapModel()!;
    expect((0.5 - h.base) / h.perUnit).toBeCloseTo(100, -1);
  });

  it('cancels a trial at the end of its map stage, before the join, when the prediction passes the target', async () => {
    const model = await learnedAt(60);
    const runner = new FakeRunner(lake);
    const { trial } = await runTrial(runner, { bound: { boundedFiles: 400 }, advanceBookmark: false }, policy, analysisRiskAssessor(), {
      volume: (bytes) => model.predict(bytes, policy.targetHeap),
    });
    expect(trial.outcome).toBe('cancelled-at-risk');
    const joinStartMs = lake.joinAt! * 400 * lake.msPerFile;
    expect(trial.predictedAtMs).toBeLessThanOrEqual(joinStartMs);
    // The join never built anything: the heap was still idle.
    expect(trial.peakHeap).toBeLessThan(policy.targetHeap);
    const v = trial.evidence!.volume!;
    expect(v.largestPartitionBytes).toBe(lake.partitionBytesPerFile! * 400);
    expect(v.predictedPeak).toBeGreaterThan(1);
    expect(v.lowPeak).toBeGreaterThan(policy.targetHeap);
    expect(v.heapBytesPerByte).toBeCloseTo(RATIO, 1);
    expect(v.spread).toBeGreaterThan(0);
    expect(v.trials).toBe(1);
    expect(trial.evidence!.rule).toMatch(/largest shuffle partition holds 4\.0 MB/);
  });

  it('lets a trial run when the prediction is under the target', async () => {
    const model = await learnedAt(60);
    const runner = new FakeRunner(lake);
    const { trial } = await runTrial(runner, { bound: { boundedFiles: 90 }, advanceBookmark: false }, policy, analysisRiskAssessor(), {
      volume: (bytes) => model.predict(bytes, policy.targetHeap),
    });
    expect(trial.outcome).toBe('safe');
    expect(trial.overTarget).toBe(false);
    expect(trial.evidence).toBeUndefined();
  });

  it('decideStop trusts only the low end of the prediction, and only with enough confidence', () => {
    const at = (low: number, confidence = 1) => ({ peakHeap: low + 0.1, lowPeakHeap: low, largestPartitionBytes: 1e6, heapBytesPerByte: 2, spread: 0.5, trials: 2, confidence });
    expect(decideStop([], policy, 1000, at(0.45))).toBeUndefined();
    expect(decideStop([], policy, 1000, at(0.55))?.volume?.predictedPeak).toBeCloseTo(0.65);
    expect(decideStop([], policy, 1000, at(0.55, 0.4))).toBeUndefined();
    // Not stopping over the target: only a predicted OOM stops the run.
    expect(decideStop([], { ...policy, stopOverTarget: false }, 1000, at(0.8))).toBeUndefined();
    expect(decideStop([], { ...policy, stopOverTarget: false }, 1000, at(1.2))).toBeDefined();
  });

  it('before any trial finished, a trial cancelled while building a partition proves a floor for the ratio', () => {
    const model = new VolumeModel();
    // Cancelled at 60 % while building 3.6 MB on a 36 MB heap that sat at 30 % before the join: at least 3 heap bytes per byte.
    model.record({ size: 2000, largestPartitionBytes: 12e6, baseHeap: 0.3, limitBytes: 36e6, cancelledBuilding: { heap: 0.6, bytes: 3.6e6 } });
    const p = model.predict(6e6, 0.5)!;
    expect(p.atLeast).toBe(true);
    expect(p.heapBytesPerByte).toBeCloseTo(3);
    expect(p.lowPeakHeap).toBeCloseTo(0.8);
    expect(decideStop([], policy, 5000, p)?.rule).toMatch(/no less than 3\.00 heap bytes per byte/);
    expect(decideStop([], policy, 5000, model.predict(1.2e6, 0.5))).toBeUndefined();
    // The bound → heap line: 6 kB of partition per file, 3 bytes of heap each, from 30 %.
    expect(model.heapModel()!.perUnit).toBeCloseTo((6000 * 3) / 36e6);
    // A partition too small to raise the heap proves nothing.
    const tiny = new VolumeModel();
    tiny.record({ size: 2000, largestPartitionBytes: 12e6, baseHeap: 0.3, limitBytes: 36e6, cancelledBuilding: { heap: 0.6, bytes: 2000 } });
    expect(tiny.predict(6e6, 0.5)).toBeUndefined();
  });

  it('in a session, the first trial falls back to the heap gate and later doomed trials stop at the join', async () => {
    const runner = new FakeRunner(lake);
    const result = await autoTune(runner, { initial: { boundedFiles: 60 }, targetHeap: 0.5, tolerance: 0.02 });
    // Learns at 60, then the volume line aims near the true 100 files.
    expect(result.converged).toBe(true);
    expect(result.runs[0].evidence).toBeUndefined();
    expect(result.runs[0].largestPartitionBytes).toBe(600_000);
    expect(result.runs.length).toBeLessThanOrEqual(3);

    const doomed = new FakeRunner(lake);
    const tuned = await autoTune(doomed, { initial: { boundedFiles: 1000 }, targetHeap: 0.5 });
    // No history for the first trial: the live heap decides it.
    expect(tuned.runs[0].outcome).toBe('cancelled-at-risk');
    expect(tuned.runs[0].evidence?.volume).toBeUndefined();
    expect(tuned.runs.every((r) => !r.predictorMiss)).toBe(true);
  });
});
