// Each Spark codec, proven against streams written by the Java libraries Spark uses (compiled and
// run in setup): read back through discoverEventLogs + readEventLines, line for line equal to the
// plain log. Also: suffixes that lie or are missing, and streams cut inside a block.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverEventLogs } from '../engine/ingest/discover-event-logs.js';
import { readEventLines } from '../engine/ingest/read-event-lines.js';
import type { EventLogApp } from '../engine/ingest/log-source.js';
import type { IngestWarning } from '../engine/model/job-run.js';
import { writeSparkCodecStreams, type SparkCodec } from './java/spark-codec-streams.js';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const CODECS: SparkCodec[] = ['lz4', 'snappy', 'zstd', 'lzf'];

let dir: string;
let smallLines: string[];
let bigLines: string[];

function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/** Several MB: a real Spark 3 log repeated, lines with multi-byte UTF-8, and one line longer than any read chunk. */
function bigPlainLog(small: string[]): string {
  const out: string[] = [];
  const props = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`spark.generated.property.${i}`, `välue-${i}-ß`]));
  for (let round = 0; out.join('\n').length < 6_000_000 || round < 2; round++) {
    for (const line of small) out.push(line);
    if (round === 1) out.push(JSON.stringify({ Event: 'SparkListenerEnvironmentUpdate', 'Spark Properties': props }));
    out.push(JSON.stringify({ Event: 'SparkListenerJobStart', 'Job ID': round, note: `日本語 — ünïcødé 🚀 round ${round}` }));
  }
  return out.join('\n') + '\n';
}

async function readApps(path: string): Promise<{ apps: EventLogApp[]; lines: string[]; warnings: IngestWarning[] }> {
  const warnings: IngestWarning[] = [];
  const warn = (w: IngestWarning) => warnings.push(w);
  const apps: EventLogApp[] = [];
  const lines: string[] = [];
  for await (const app of discoverEventLogs(path, warn)) {
    apps.push(app);
    await readEventLines(app, (line) => lines.push(line), { warn });
  }
  return { apps, lines, warnings };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skewscope-codecs-'));
  const small = readFileSync(join(FIXTURES, 'app-20200706201101-0003'), 'utf8');
  smallLines = linesOf(small);
  const big = bigPlainLog(smallLines);
  bigLines = linesOf(big);
  writeFileSync(join(dir, 'small.plain'), small);
  writeFileSync(join(dir, 'big.plain'), big);
  writeSparkCodecStreams(
    CODECS.flatMap((codec) => [
      { codec, input: join(dir, 'small.plain'), output: join(dir, `app-20200706201101-0003.${codec}`) },
      { codec, input: join(dir, 'big.plain'), output: join(dir, `big.${codec}`) },
    ]),
  );
});

describe.each(CODECS)('%s written by the Java library Spark uses', (codec) => {
  it('reads a real Spark log back line for line, codec known from the suffix', async () => {
    const { apps, lines, warnings } = await readApps(join(dir, `app-20200706201101-0003.${codec}`));
    expect(warnings).toEqual([]);
    expect(apps).toHaveLength(1);
    expect(apps[0].files[0].codec).toBe(codec);
    expect(apps[0].appId).toBe('app-20200706201101-0003');
    expect(lines).toEqual(smallLines);
  });

  it('reads a multi-MB, many-block stream with multi-byte UTF-8 and a line longer than a read chunk', async () => {
    const path = join(dir, `big.${codec}`);
    expect(statSync(path).size).toBeGreaterThan(2 * 32 * 1024);
    const { lines, warnings } = await readApps(path);
    expect(warnings).toEqual([]);
    expect(lines.length).toBe(bigLines.length);
    expect(lines).toEqual(bigLines);
  });

  it('cut inside a block: warns with file and byte offset, delivers everything before the cut', async () => {
    const bytes = readFileSync(join(dir, `big.${codec}`));
    const cutAt = Math.floor(bytes.length * 0.55);
    const path = join(dir, `cut-${codec}.${codec}`);
    writeFileSync(path, bytes.subarray(0, cutAt));
    const { lines, warnings } = await readApps(path);
    const blockWarning = warnings.find((w) => w.byteOffset !== undefined);
    expect(blockWarning, JSON.stringify(warnings)).toBeDefined();
    expect(blockWarning!.file).toBe(path);
    expect(blockWarning!.byteOffset).toBeLessThanOrEqual(cutAt);
    expect(blockWarning!.byteOffset).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(smallLines.length);
    expect(lines.length).toBeLessThan(bigLines.length);
    expect(lines).toEqual(bigLines.slice(0, lines.length));
  });
});

describe('damaged streams', () => {
  it.each(CODECS)('%s: 60 streams with flipped bytes never throw; damage that is detected names file and byte', async (codec) => {
    const original = readFileSync(join(dir, `app-20200706201101-0003.${codec}`));
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const path = join(dir, `damaged.${codec}`);
    let detected = 0;
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(original);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] ^= 1 + Math.floor(random() * 255);
      writeFileSync(path, random() < 0.3 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes);
      const { warnings } = await readApps(path);
      for (const w of warnings) expect(w.file).toBe(path);
      if (warnings.some((w) => w.byteOffset !== undefined)) detected++;
    }
    expect(detected).toBeGreaterThan(0);
  });
});

describe('codec detection', () => {
  it('believes the magic bytes over a lying suffix, and says so', async () => {
    const path = join(dir, 'app-20200706201101-0003_1.lz4');
    copyFileSync(join(dir, 'app-20200706201101-0003.zstd'), path);
    const { apps, lines, warnings } = await readApps(path);
    expect(apps[0].files[0].codec).toBe('zstd');
    expect(apps[0].attemptId).toBe('1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].file).toBe(path);
    expect(warnings[0].message).toMatch(/lz4.*zstd/);
    expect(lines).toEqual(smallLines);
  });

  it('finds the codec of a file without a suffix inside a folder, and of a plain log named .snappy', async () => {
    const folder = join(dir, 'nosuffix');
    mkdirSync(folder);
    copyFileSync(join(dir, 'app-20200706201101-0003.snappy'), join(folder, 'local-1'));
    copyFileSync(join(dir, 'app-20200706201101-0003.lzf'), join(folder, 'local-2.inprogress'));
    copyFileSync(join(dir, 'small.plain'), join(folder, 'local-3.snappy'));
    const { apps, lines, warnings } = await readApps(folder);
    const codecs = Object.fromEntries(apps.map((a) => [a.appId, a.files[0].codec]));
    expect(codecs).toEqual({ 'local-1': 'snappy', 'local-2': 'lzf', 'local-3': 'none' });
    expect(apps.find((a) => a.appId === 'local-2')!.inProgress).toBe(true);
    expect(warnings.map((w) => w.file).sort()).toEqual([join(folder, 'local-1'), join(folder, 'local-2.inprogress'), join(folder, 'local-3.snappy')]);
    expect(lines).toEqual([...smallLines, ...smallLines, ...smallLines]);
  });
});
