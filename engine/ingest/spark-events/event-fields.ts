// Typed reads of Spark event JSON fields. A field of the wrong type is reported once per
// (event, field) with the file and line it came from, and read as absent, so one odd writer
// or a corrupted line never stops the import.
import type { IngestWarning } from '../../model/job-run.js';

export type Json = Record<string, unknown>;

/** Where the event being folded came from, for warnings. */
export interface EventPlace {
  file: string;
  line?: number;
  event: string;
}

export class FieldReader {
  place: EventPlace = { file: '', event: '' };
  private readonly reported = new Set<string>();

  constructor(private readonly warn: (w: IngestWarning) => void) {}

  private wrongType(key: string, expected: string, value: unknown): void {
    const what = `${this.place.event}.${key}`;
    if (this.reported.has(what)) return;
    this.reported.add(what);
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    this.warn({
      file: this.place.file,
      line: this.place.line,
      message: `${this.place.event}: field "${key}" should be ${expected} but is ${got}; ignored it (further such fields are not reported).`,
    });
  }

  num(o: Json, key: string): number | undefined {
    const v = o[key];
    if (typeof v === 'number') return v;
    if (v === undefined || v === null) return undefined;
    this.wrongType(key, 'a number', v);
    return undefined;
  }

  /** Number or 0: task metrics that older Spark versions did not write. */
  n0(o: Json, key: string): number {
    const v = o[key];
    if (typeof v === 'number') return v;
    if (v !== undefined && v !== null) this.wrongType(key, 'a number', v);
    return 0;
  }

  str(o: Json, key: string): string | undefined {
    const v = o[key];
    if (typeof v === 'string') return v;
    if (v === undefined || v === null) return undefined;
    this.wrongType(key, 'a string', v);
    return undefined;
  }

  bool(o: Json, key: string): boolean | undefined {
    const v = o[key];
    if (typeof v === 'boolean') return v;
    if (v === undefined || v === null) return undefined;
    this.wrongType(key, 'true or false', v);
    return undefined;
  }

  obj(o: Json, key: string): Json | undefined {
    const v = o[key];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Json;
    if (v === undefined || v === null) return undefined;
    this.wrongType(key, 'an object', v);
    return undefined;
  }

  arr(o: Json, key: string): unknown[] | undefined {
    const v = o[key];
    if (Array.isArray(v)) return v;
    if (v === undefined || v === null) return undefined;
    this.wrongType(key, 'an array', v);
    return undefined;
  }

  /** An object of string values (properties, log URLs); non-strings are kept as their JSON text. */
  strMap(o: Json, key: string): Record<string, string> {
    const m = this.obj(o, key);
    const out: Record<string, string> = {};
    if (!m) return out;
    for (const k of Object.keys(m)) {
      const v = m[k];
      out[k] = typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  }
}

export function isJson(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
