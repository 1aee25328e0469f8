// Hot join keys (local runs only: the engine's heavy-hitter sketch sees keys, no cluster UI does).
// A key's share is its records (and bytes, when known) over everything its stage read from shuffle.
import { shuffleReadBytes, type HotKey } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import type { StageTasks } from './stage-tasks.js';

export interface HotKeyShare extends HotKey {
  /** records / the stage's shuffle read records (0..1). */
  recordShare: number;
  /** bytes / the stage's shuffle read bytes, when the sketch reported bytes. */
  byteShare?: number;
  hot: boolean;
}

export function findHotKeys(hotKeys: readonly HotKey[], groups: StageTasks[], s: DiagnosisSettings): HotKeyShare[] {
  if (hotKeys.length === 0) return [];
  const totals = new Map<number, { records: number; bytes: number }>();
  for (const g of groups) {
    let tot = totals.get(g.stageId);
    if (!tot) totals.set(g.stageId, (tot = { records: 0, bytes: 0 }));
    for (const t of g.tasks) {
      if (t.status !== 'SUCCESS' || !t.metrics) continue;
      tot.records += t.metrics.shuffleReadRecords;
      tot.bytes += shuffleReadBytes(t.metrics);
    }
  }
  const out: HotKeyShare[] = [];
  for (const k of hotKeys) {
    const tot = totals.get(k.stageId);
    const recordShare = tot && tot.records > 0 ? Math.min(1, k.records / tot.records) : 0;
    const byteShare = k.bytes !== undefined && tot && tot.bytes > 0 ? Math.min(1, k.bytes / tot.bytes) : undefined;
    const share = Math.max(recordShare, byteShare ?? 0);
    out.push({ ...k, recordShare, byteShare, hot: share >= s.hotKeyMinShare });
  }
  out.sort((a, b) => Math.max(b.recordShare, b.byteShare ?? 0) - Math.max(a.recordShare, a.byteShare ?? 0));
  return out;
}
