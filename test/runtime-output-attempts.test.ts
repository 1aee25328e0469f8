// Task output attempts: an attempt whose executor dies mid-write (an OOM kills the worker before
// it can abort) must leave nothing that a reader of the output, or the run's commit, would take.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink } from '../engine/runtime/row-sink.js';

/** What a reader of the sink folder sees: every file not named with a leading `_` or `.`. */
function readableRows(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('_') && !n.startsWith('.'))
    .flatMap((n) => readFileSync(join(dir, n), 'utf8').split('\n').filter(Boolean));
}

describe('output attempts', () => {
  it('a dead attempt leaves only a hidden file; the retry publishes each row once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skewscope-attempts-'));
    const out = { kind: 'write' as const, file: join(dir, 'part-00003-app.json'), dropFields: [] };

    const dead = await openSink(out, 0);
    for (let i = 0; i < 100; i++) await dead.write({ id: i });
    // No commit and no abort: the worker died here.
    expect(readableRows(dir)).toEqual([]);

    const retry = await openSink(out, 1);
    for (let i = 0; i < 100; i++) await retry.write({ id: i });
    await retry.commit();
    const rows = readableRows(dir);
    expect(rows).toHaveLength(100);
    expect(new Set(rows).size).toBe(100);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual(['.part-00003-app.json.attempt-0']);
  });
});
