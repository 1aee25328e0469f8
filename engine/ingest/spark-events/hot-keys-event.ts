// Skewscope's local engine reports the heavy-hitter join keys of each shuffle partition in a
// custom event (org.skewscope.SparkListenerHotKeys, which Spark's History Server drops as
// unknown). Folded into JobRun.hotKeys.
import type { FoldState } from './fold-state.js';
import type { Json } from './event-fields.js';
import { isJson } from './event-fields.js';

export const HOT_KEYS_EVENT = 'org.skewscope.SparkListenerHotKeys';

export function onHotKeys(s: FoldState, e: Json): void {
  const f = s.f;
  const stageId = f.num(e, 'Stage ID');
  const partitionId = f.num(e, 'Partition ID');
  const keys = e['Keys'];
  if (stageId === undefined || partitionId === undefined || !Array.isArray(keys)) return;
  for (const k of keys) {
    if (!isJson(k)) continue;
    const key = f.str(k, 'Key');
    const records = f.num(k, 'Records');
    if (key !== undefined && records !== undefined) s.hotKeys.push({ stageId, partitionId, key, records });
  }
}
