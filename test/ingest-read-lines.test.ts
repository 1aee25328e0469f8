// readEventLines and the line splitter: chunk boundaries, multi-byte UTF-8, cut-off last lines of
// in-progress logs, abort, progress, and consumer errors that must not be mistaken for bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverEventLogs } from '../engine/ingest/discover-event-logs.js';
import { readEventLines } from '../engine/ingest/read-event-lines.js';
import { LineSplitter } from '../engine/ingest/line-splitter.js';
import type { EventLogApp, ReadProgress } from '../engine/ingest/log-source.js';
import type { IngestWarning } from '../engine/model/job-run.js';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
let dir: string;

async function onlyApp(path: string, warnings: IngestWarning[] = []): Promise<EventLogApp> {
  const apps: EventLogApp[] = [];
  for await (const app of discoverEventLogs(path, (w) => warnings.push(w))) apps.push(app);
  expect(apps).toHaveLength(1);
  return apps[0];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skewscope-lines-'));
});

describe('LineSplitter', () => {
  const text = [
    '{"Event":"SparkListenerJobStart","name":"déjà vu — 日本語 🚀"}',
    '',
    '{"Event":"a"}',
    'x'.repeat(70_000),
    '{"Event":"ünïcødé at the end €"}',
  ].join('\n');
  const bytes = Buffer.from(text + '\n', 'utf8');
  const expected = text.split('\n').map((line, i) => ({ line, lineNo: i + 1 })).filter((l) => l.line !== '');

  function split(chunks: Buffer[]): { line: string; lineNo: number }[] {
    const got: { line: string; lineNo: number }[] = [];
    const splitter = new LineSplitter(
      'f',
      (line, lineNo, file) => {
        expect(file).toBe('f');
        got.push({ line, lineNo });
      },
      () => expect.unreachable('no line is too long here'),
    );
    for (const c of chunks) splitter.push(c);
    expect(splitter.takeUnterminated()).toBeUndefined();
    return got;
  }

  it('gives the same lines however the bytes are chunked, including cuts inside multi-byte characters', () => {
    expect(split([bytes])).toEqual(expected);
    expect(split([...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
    for (const size of [2, 3, 7, 1000, 65_537]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
      expect(split(chunks), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('does not keep references to chunks it was given (decoders reuse their buffers)', () => {
    const got: string[] = [];
    const splitter = new LineSplitter('f', (line) => got.push(line), () => {});
    const reused = Buffer.alloc(8);
    for (const piece of ['{"a":1', '}\n{"b"', ':2}\n']) {
      reused.fill(0);
      reused.write(piece);
      splitter.push(reused.subarray(0, Buffer.byteLength(piece)));
    }
    expect(got).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('skips and reports lines over the limit, inside a chunk, across chunks and at the end, keeping line numbers', () => {
    const got: [number, string][] = [];
    const overlong: [number, number][] = [];
    const splitter = new LineSplitter('f', (line, n) => got.push([n, line]), (n, bytes) => overlong.push([n, bytes]), 100);
    const long = 'y'.repeat(250);
    const text = `{"a":1}\n${long}\n{"b":2}\n${long}\n{"c":3}\n${long}`;
    const bytes = Buffer.from(text);
    splitter.push(bytes); // one chunk: the first two long lines sit inside it
    expect(splitter.takeUnterminated()).toBeUndefined();
    const again = new LineSplitter('f', (line, n) => got.push([n, line]), (n, b) => overlong.push([n, b]), 100);
    for (let i = 0; i < bytes.length; i += 30) again.push(bytes.subarray(i, i + 30)); // long lines span chunks
    expect(again.takeUnterminated()).toBeUndefined();
    const once: [number, string][] = [[1, '{"a":1}'], [3, '{"b":2}'], [5, '{"c":3}']];
    expect(got).toEqual([...once, ...once]);
    expect(overlong).toEqual([[2, 250], [4, 250], [6, 250], [2, 250], [4, 250], [6, 250]]);
  });
});

describe('readEventLines', () => {
  it('an in-progress log with a cut last line: every complete line, then a warning naming file and line', async () => {
    const full = readFileSync(join(FIXTURES, 'local-1430917381534'), 'utf8');
    const lines = full.split('\n').filter(Boolean);
    const path = join(dir, 'local-1430917381534.inprogress');
    writeFileSync(path, full.slice(0, full.length - 40));
    const warnings: IngestWarning[] = [];
    const app = await onlyApp(path, warnings);
    expect(app.inProgress).toBe(true);
    const got: string[] = [];
    await readEventLines(app, (l) => got.push(l), { warn: (w) => warnings.push(w) });
    expect(got).toEqual(lines.slice(0, -1));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: path, line: lines.length });
    expect(warnings[0].message).toMatch(/cut off/);
  });

  it('delivers a final line without newline when it is whole JSON (sparklint\u2019s logs end that way)', async () => {
    const path = join(FIXTURES, 'sparklint/file_event_log_test_simple');
    const warnings: IngestWarning[] = [];
    const got: string[] = [];
    await readEventLines(await onlyApp(path), (l) => got.push(l), { warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(got).toEqual(readFileSync(path, 'utf8').split('\n'));
  });

  it('reports progress in stored bytes up to the total', async () => {
    const app = await onlyApp(join(FIXTURES, 'application_1538416563558_0014'));
    const seen: ReadProgress[] = [];
    await readEventLines(app, () => {}, { warn: () => {}, onProgress: (p) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ bytesRead: app.totalBytes, totalBytes: app.totalBytes });
  });

  it('stops when aborted, rejecting with the signal\u2019s reason', async () => {
    const app = await onlyApp(join(FIXTURES, 'application_1538416563558_0014'));
    const controller = new AbortController();
    let count = 0;
    const reading = readEventLines(app, () => {}, { warn: () => {}, signal: controller.signal, onProgress: () => controller.abort(new Error('user cancelled')) });
    await expect(reading).rejects.toThrow('user cancelled');
    await readEventLines(app, () => count++, { warn: () => {} });
    expect(count).toBe(190);
  });

  it('passes errors thrown by the line consumer through, instead of reporting the log as corrupt', async () => {
    const app = await onlyApp(join(FIXTURES, 'local-1422981780767'));
    const warnings: IngestWarning[] = [];
    const failing = readEventLines(app, () => { throw new TypeError('bug in the consumer'); }, { warn: (w) => warnings.push(w) });
    await expect(failing).rejects.toThrow('bug in the consumer');
    expect(warnings).toEqual([]);
  });

  it('a file that vanished between discovery and reading is a warning naming it', async () => {
    const path = join(dir, 'local-1700000000000');
    writeFileSync(path, '{"Event":"SparkListenerLogStart"}\n');
    const app = await onlyApp(path);
    rmSync(path);
    const warnings: IngestWarning[] = [];
    await readEventLines(app, () => {}, { warn: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].file).toBe(path);
    expect(warnings[0].message).toMatch(/cannot open/);
  });
});
