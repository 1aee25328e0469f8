// discoverEventLogs on Spark's layouts: single files and attempts, rolling folders (appstatus marker,
// compact files), Spark 1.2 legacy folders, zips, folders of many applications, and bad input.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverEventLogs } from '../engine/ingest/discover-event-logs.js';
import { readEventLines } from '../engine/ingest/read-event-lines.js';
import { IngestError } from '../engine/ingest/ingest-error.js';
import type { EventLogApp } from '../engine/ingest/log-source.js';
import type { IngestWarning } from '../engine/model/job-run.js';
import { writeSparkCodecStreams } from './java/spark-codec-streams.js';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const ZIP = join(FIXTURES, 'sparklint/history_source/eventLogs-application_1489705648216_1600.zip');

let dir: string;

async function discover(path: string): Promise<{ apps: EventLogApp[]; warnings: IngestWarning[] }> {
  const warnings: IngestWarning[] = [];
  const apps: EventLogApp[] = [];
  for await (const app of discoverEventLogs(path, (w) => warnings.push(w))) apps.push(app);
  apps.sort((a, b) => a.displayPath.localeCompare(b.displayPath));
  return { apps, warnings };
}

async function lines(app: EventLogApp): Promise<string[]> {
  const out: string[] = [];
  await readEventLines(app, (line) => out.push(line), { warn: () => {} });
  return out;
}

const event = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ Event: name, ...extra });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skewscope-discovery-'));
});

describe('rolling event-log folders (Spark 3.0+)', () => {
  function rollingFolder(name: string, marker: string | undefined): string {
    const folder = join(dir, name);
    mkdirSync(folder);
    const appId = 'app-20240101000000-0007';
    const file = (n: number, suffix = '') => join(folder, `events_${n}_${appId}${suffix}`);
    writeFileSync(file(1), event('SparkListenerLogStart', { n: 1 }) + '\n');
    writeFileSync(file(2), event('SparkListenerJobStart', { n: 2 }) + '\n');
    writeFileSync(file(3, '.compact'), event('SparkListenerApplicationStart', { compacted: true }) + '\n');
    writeFileSync(file(4), event('SparkListenerJobStart', { n: 4 }) + '\n');
    writeFileSync(join(dir, `${name}-10.plain`), event('SparkListenerJobEnd', { n: 10 }) + '\n');
    writeSparkCodecStreams([{ codec: 'zstd', input: join(dir, `${name}-10.plain`), output: file(10, '.zstd') }]);
    for (let n = 5; n <= 9; n++) writeFileSync(file(n), event('SparkListenerStageSubmitted', { n }) + '\n');
    if (marker) writeFileSync(join(folder, marker), '');
    return folder;
  }

  it('reads the latest compact file then the later event files in numeric order, per-file codec, marker says in progress', async () => {
    const folder = rollingFolder('eventlog_v2_app-20240101000000-0007', 'appstatus_app-20240101000000-0007.inprogress');
    const { apps, warnings } = await discover(folder);
    expect(warnings).toEqual([]);
    expect(apps).toHaveLength(1);
    const [app] = apps;
    expect(app.appId).toBe('app-20240101000000-0007');
    expect(app.inProgress).toBe(true);
    expect(app.files.map((f) => f.path.slice(folder.length + 1))).toEqual([
      'events_3_app-20240101000000-0007.compact',
      ...[4, 5, 6, 7, 8, 9].map((n) => `events_${n}_app-20240101000000-0007`),
      'events_10_app-20240101000000-0007.zstd',
    ]);
    expect(app.files.at(-1)!.codec).toBe('zstd');
    expect(app.totalBytes).toBe(app.files.reduce((s, f) => s + f.size, 0));
    const read = (await lines(app)).map((l) => JSON.parse(l) as { compacted?: boolean; n?: number });
    expect(read[0].compacted).toBe(true);
    expect(read.slice(1).map((e) => e.n)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('a completed marker and an attempt suffix', async () => {
    const folder = rollingFolder('eventlog_v2_app-20240101000000-0007_2', 'appstatus_app-20240101000000-0007_2');
    const { apps } = await discover(folder);
    expect(apps[0].inProgress).toBe(false);
    expect(apps[0].attemptId).toBe('2');
  });

  it('warns when the marker is missing, and about gaps in the numbering', async () => {
    const folder = rollingFolder('eventlog_v2_local-1700000000000', undefined);
    const { apps, warnings } = await discover(folder);
    expect(apps[0].inProgress).toBe(true);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/no appstatus/);
    await import('node:fs/promises').then((fs) => fs.rm(join(folder, 'events_6_app-20240101000000-0007')));
    const again = await discover(folder);
    expect(again.warnings.find((w) => /6\.\.6 are missing/.test(w.message))?.file).toBe(folder);
    expect(again.apps[0].files).toHaveLength(7);
  });

  it('reads the rolling fixture from Spark\u2019s own test resources', async () => {
    const { apps, warnings } = await discover(join(FIXTURES, 'eventlog_v2_local-1766844910796'));
    expect(apps[0].appId).toBe('local-1766844910796');
    expect(warnings).toHaveLength(1); // the fixture was copied without its appstatus marker (see SOURCES.md)
    expect(await lines(apps[0])).toHaveLength(15);
  });
});

describe('Spark 1.2 legacy folders', () => {
  it('reads EVENT_LOG_1 with the codec its COMPRESSION_CODEC_ marker names; no APPLICATION_COMPLETE means in progress', async () => {
    const folder = join(dir, 'local-1426533911241');
    mkdirSync(folder);
    writeSparkCodecStreams([{ codec: 'lzf', input: join(FIXTURES, 'local-1426533911241/EVENT_LOG_1'), output: join(folder, 'EVENT_LOG_1') }]);
    for (const marker of ['SPARK_VERSION_1.2.0', 'COMPRESSION_CODEC_org.apache.spark.io.LZFCompressionCodec']) writeFileSync(join(folder, marker), '');
    const { apps, warnings } = await discover(folder);
    expect(warnings).toEqual([]);
    expect(apps).toMatchObject([{ appId: 'local-1426533911241', inProgress: true, files: [{ codec: 'lzf' }] }]);
    expect(await lines(apps[0])).toEqual(readFileSync(join(FIXTURES, 'local-1426533911241/EVENT_LOG_1'), 'utf8').split('\n').filter(Boolean));
  });
});

describe('a folder of many applications', () => {
  it('finds files, attempts, rolling, legacy and zipped logs; skips hidden files quietly and non-logs and empty files with a warning', async () => {
    const root = join(dir, 'history');
    mkdirSync(root);
    const plain = readFileSync(join(FIXTURES, 'local-1430917381534'));
    writeFileSync(join(root, 'local-1430917381534'), plain);
    writeFileSync(join(root, 'application_1700000000000_0042_1'), plain);
    writeFileSync(join(root, 'application_1700000000000_0042_2.inprogress'), plain);
    writeSparkCodecStreams([{ codec: 'lz4', input: join(FIXTURES, 'local-1430917381534'), output: join(root, 'app-20240101000000-0001.lz4') }]);
    mkdirSync(join(root, 'eventlog_v2_spark-application-1700000000001'));
    copyFileSync(join(FIXTURES, 'local-1422981780767'), join(root, 'eventlog_v2_spark-application-1700000000001', 'events_1_spark-application-1700000000001'));
    writeFileSync(join(root, 'eventlog_v2_spark-application-1700000000001', 'appstatus_spark-application-1700000000001'), '');
    mkdirSync(join(root, 'local-1426533911241'));
    copyFileSync(join(FIXTURES, 'local-1426533911241/EVENT_LOG_1'), join(root, 'local-1426533911241', 'EVENT_LOG_1'));
    for (const marker of ['APPLICATION_COMPLETE', 'SPARK_VERSION_1.2.0']) writeFileSync(join(root, 'local-1426533911241', marker), '');
    copyFileSync(ZIP, join(root, 'eventLogs-application_1489705648216_1600.zip'));
    mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
    copyFileSync(join(FIXTURES, 'sparklens/local-1532512550423'), join(root, 'nested', 'deeper', 'local-1532512550423'));
    writeFileSync(join(root, '.hidden-local-1'), plain);
    writeFileSync(join(root, 'README.md'), '# notes about these logs\n');
    writeFileSync(join(root, 'local-1999999999999'), '');
    mkdirSync(join(root, 'empty-folder'));

    const { apps, warnings } = await discover(root);
    const summary = apps.map((a) => [a.appId, a.attemptId ?? null, a.inProgress, a.files.map((f) => f.codec).join()]);
    expect(summary).toEqual([
      ['app-20240101000000-0001', null, false, 'lz4'],
      ['application_1700000000000_0042', '1', false, 'none'],
      ['application_1700000000000_0042', '2', true, 'none'],
      ['spark-application-1700000000001', null, false, 'none'],
      ['application_1489705648216_1600', null, false, 'none'],
      ['local-1426533911241', null, false, 'none'],
      ['local-1430917381534', null, false, 'none'],
      ['local-1532512550423', null, false, 'none'],
    ]);
    expect(warnings.map((w) => [w.file.slice(root.length + 1), w.message.split(/[;(]/)[0].trim()]).sort()).toEqual([
      ['README.md', 'skipped: not a Spark event log'],
      ['local-1999999999999', 'empty file'],
    ]);
    const plainLines = plain.toString('utf8').split('\n').filter(Boolean);
    expect(await lines(apps[0])).toEqual(plainLines);
  });

  it('finds every application among the shared fixtures, warning only about the deliberately broken files', async () => {
    const { apps, warnings } = await discover(FIXTURES);
    const ids = apps.map((a) => a.appId).filter(Boolean);
    expect(ids).toEqual(expect.arrayContaining(['local-1426533911241', 'local-1766844910796', 'application_1489705648216_1600', 'app-20200706201101-0003']));
    expect(warnings.map((w) => w.file.slice(FIXTURES.length)).sort()).toEqual([
      'SOURCES.md',
      'eventlog_v2_local-1766844910796',
      'sparklint/file_event_log_empty_test',
      'sparklint/invalid_log_file',
    ]);
    for (const app of apps) expect((await lines(app)).length, app.displayPath).toBeGreaterThan(0);
  });

  it('warns about a folder without logs', async () => {
    const empty = join(dir, 'no-logs');
    mkdirSync(empty);
    writeFileSync(join(empty, '.DS_Store'), 'x');
    const { apps, warnings } = await discover(empty);
    expect(apps).toEqual([]);
    expect(warnings).toEqual([{ file: empty, message: 'no Spark event logs found in this folder' }]);
  });
});

describe('single files', () => {
  it('streams a log out of sparklint\u2019s zip', async () => {
    const { apps, warnings } = await discover(ZIP);
    expect(warnings).toEqual([]);
    expect(apps).toHaveLength(1);
    expect(apps[0].files[0]).toMatchObject({ path: `${ZIP}!application_1489705648216_1600`, zipPath: ZIP, codec: 'none', size: 177329 });
    expect(await lines(apps[0])).toHaveLength(289);
  });

  it('an unreadable member (damaged deflate data) is a warning naming it, at discovery or while reading', async () => {
    const zip = readFileSync(ZIP);
    const dataStart = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28); // after the first local file header
    const damaged = (at: number) => {
      const bytes = Buffer.from(zip);
      for (let i = 0; i < 8; i++) bytes[at + i] ^= 0xff;
      const path = join(dir, `damaged-at-${at}.zip`);
      writeFileSync(path, bytes);
      return path;
    };
    const early = damaged(dataStart);
    const atStart = await discover(early);
    expect(atStart.apps).toEqual([]);
    expect(atStart.warnings[0].file).toBe(`${early}!application_1489705648216_1600`);
    expect(atStart.warnings[0].message).toMatch(/^cannot read this file \(.+\); skipped$/);

    const late = damaged(dataStart + 6000);
    const { apps } = await discover(late);
    const warnings: IngestWarning[] = [];
    await readEventLines(apps[0], () => {}, { warn: (w) => warnings.push(w) });
    expect(warnings.find((w) => w.byteOffset !== undefined)?.file).toBe(`${late}!application_1489705648216_1600`);
  });

  it('reads a file the user names even if it does not look like a log (its lines are the consumer\u2019s to judge)', async () => {
    const { apps } = await discover(join(FIXTURES, 'sparklint/invalid_log_file'));
    expect(await lines(apps[0])).toEqual(['this is not a valid log file']);
  });

  it('an empty file is a warning, not an application', async () => {
    const path = join(FIXTURES, 'sparklint/file_event_log_empty_test');
    expect(await discover(path)).toEqual({ apps: [], warnings: [{ file: path, message: 'empty file; skipped' }] });
  });

  it('a missing or unreachable path is an IngestError naming it', async () => {
    const missing = join(dir, 'no-such-log');
    await expect(discover(missing)).rejects.toThrow(IngestError);
    await expect(discover(missing)).rejects.toThrow(`${missing}: no such file or folder`);
    const throughFile = join(FIXTURES, 'local-1422981780767', 'EVENT_LOG_1');
    await expect(discover(throughFile)).rejects.toThrow(IngestError);
    await expect(discover(throughFile)).rejects.toThrow(`${throughFile}: cannot be read (ENOTDIR`);
  });
});
