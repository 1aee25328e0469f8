// The unprocessed input of a job's fact source, as the next runs would see it: the lake listing
// with the source's predicate and exclusions, minus what the job bookmark says is done.
import { Bookmarks } from '../lake/bookmarks.js';
import type { LakeFile } from '../lake/lake-file.js';
import { LakeTable } from '../lake/lake-table.js';
import type { AwsOptions } from '../lake/lake-location.js';
import type { JobSpec } from '../runtime/job-spec.js';
import { isAbsolute, join, resolve } from 'node:path';

export interface BacklogSourceOptions {
  /** Overrides the spec's lake root, as `skewscope run --lake`. */
  lake?: string;
  /** SQLite file of the bookmarks (default: the app's database). */
  bookmarkDb?: string;
  /** Profile, region and endpoint for an s3:// lake (default: the SDK's chain). */
  aws?: AwsOptions;
}

/** Where a source's files live: the engine's rule (source path under the lake root unless absolute or s3://). */
export function sourceRoot(spec: JobSpec, source: string, lake?: string): string {
  const path = spec.sources[source].path;
  const root = lake ?? spec.lake;
  if (/^s3:\/\//.test(path) || isAbsolute(path) || !root) return /^s3:\/\//.test(path) ? path : resolve(path);
  return /^s3:\/\//.test(root) ? `${root.replace(/\/$/, '')}/${path}` : resolve(join(root, path));
}

export async function* unprocessedFiles(spec: JobSpec, source: string, opts: BacklogSourceOptions = {}): AsyncGenerator<LakeFile> {
  const src = spec.sources[source];
  const table = await LakeTable.open(sourceRoot(spec, source, opts.lake), opts.aws);
  const listing = table.list({ predicate: src.push_down_predicate, exclusions: src.exclusions });
  // A source without a transformation_ctx has no bookmark: every run takes all of it.
  if (!src.transformation_ctx) return yield* listing;
  const bookmarks = Bookmarks.open(opts.bookmarkDb ? { file: opts.bookmarkDb } : {});
  try {
    const view = bookmarks.peek(spec.name, src.transformation_ctx);
    for await (const f of listing) if (view.isUnprocessed(f)) yield f;
  } finally {
    bookmarks.close();
  }
}
