// Scan + map: read a file group (JSON lines or CSV), apply the ApplyMapping casts, and write each
// row to its shuffle partition. Malformed records go to the error file with file, line and reason.
import { rename, rm } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse';
import { castFor, CastError, type CastFn } from './casts.js';
import { LineWriter, openInput, readLines } from './row-io.js';
import { openSink, type TimedSink } from './row-sink.js';
import type { ScanTask } from './task-types.js';

export interface ScanStats {
  inputBytes: number;
  inputRecords: number;
  malformed: number;
  sink: TimedSink;
}

interface CompiledMapping {
  source: string;
  target: string;
  cast: CastFn;
}

function compile(task: ScanTask): CompiledMapping[] {
  return task.mappings.map(([source, , target, targetType]) => ({ source, target, cast: castFor(targetType) }));
}

/** The mapped row, or a string saying why the record is malformed. */
function applyMapping(rec: unknown, mappings: CompiledMapping[]): Record<string, unknown> | string {
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return 'record is not a JSON object';
  const src = rec as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const m of mappings) {
    const v = src[m.source];
    if (v === undefined) return `missing field "${m.source}"`;
    if (v === null || v === '') {
      out[m.target] = null;
      continue;
    }
    try {
      out[m.target] = m.cast(v);
    } catch (e) {
      if (e instanceof CastError) return `field "${m.source}": ${e.message}`;
      throw e;
    }
  }
  return out;
}

const MAX_RAW = 1000;

export async function runScan(task: ScanTask, attempt: number): Promise<ScanStats> {
  const mappings = compile(task);
  const sink = await openSink(task.out, attempt);
  const errorTmp = `${task.errorFile}.attempt-${attempt}`;
  const errors = await LineWriter.create(errorTmp);
  const stats: ScanStats = { inputBytes: 0, inputRecords: 0, malformed: 0, sink };
  const onBytes = (n: number): void => {
    stats.inputBytes += n;
  };
  const malformed = (file: string, line: number, reason: string, raw: string): Promise<void> | undefined => {
    stats.malformed++;
    return errors.write(JSON.stringify({ file, line, reason, record: raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) + '…' : raw }));
  };
  try {
    for (const f of task.files) {
      if (task.format === 'json') {
        for await (const { lines, firstLine } of readLines(f.path, onBytes, task.aws)) {
          for (let i = 0; i < lines.length; i++) {
            const line = lines[i];
            if (line.trim() === '') continue;
            stats.inputRecords++;
            let rec: unknown;
            try {
              rec = JSON.parse(line);
            } catch (e) {
              await malformed(f.path, firstLine + i, `invalid JSON: ${(e as Error).message}`, line);
              continue;
            }
            const row = applyMapping(rec, mappings);
            const p = typeof row === 'string' ? malformed(f.path, firstLine + i, row, line) : sink.write(row);
            if (p) await p;
          }
        }
      } else {
        const stream = await openInput(f.path, task.aws);
        stream.on('data', (c) => onBytes(c.length));
        const parser = stream.pipe(parseCsv({ columns: task.header, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
        // csv-parse counts records with the wrong number of columns so far; a rise flags this one.
        let invalidSoFar = 0;
        for await (const { record, info } of parser as AsyncIterable<{ record: unknown; info: { lines: number; invalid_field_length: number } }>) {
          stats.inputRecords++;
          const wrongLength = info.invalid_field_length > invalidSoFar;
          invalidSoFar = info.invalid_field_length;
          const row = wrongLength ? 'wrong number of columns' : applyMapping(record, mappings);
          const p = typeof row === 'string' ? malformed(f.path, info.lines, row, JSON.stringify(record)) : sink.write(row);
          if (p) await p;
        }
      }
    }
    await sink.commit();
    await errors.close();
    if (stats.malformed > 0) await rename(errorTmp, task.errorFile);
    else await rm(errorTmp, { force: true });
    return stats;
  } catch (e) {
    await sink.abort();
    await errors.close().catch(() => undefined);
    await rm(errorTmp, { force: true });
    throw e;
  }
}
