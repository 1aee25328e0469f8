// The input of one source for this run, through engine/lake: the streamed listing (predicate,
// exclusions), the bookmark filter, and Glue's bound, oldest first.
import { Bookmarks } from '../lake/bookmarks.js';
import { selectBounded } from '../lake/bounded-select.js';
import { LakeTable } from '../lake/lake-table.js';
import type { AwsOptions } from '../lake/s3-client.js';
import type { PlannedFile, PlanSource } from './plan-types.js';

export async function selectInput(source: PlanSource, aws: AwsOptions): Promise<{ files: PlannedFile[]; remainingFiles: number }> {
  const table = await LakeTable.open(source.root, aws);
  let isUnprocessed: ((f: { path: string; mtime: number }) => boolean) | undefined;
  if (source.bookmark) {
    const bookmarks = Bookmarks.open(source.bookmark.dbFile ? { file: source.bookmark.dbFile } : {});
    try {
      const view = bookmarks.peek(source.bookmark.job, source.bookmark.ctx);
      isUnprocessed = (f) => view.isUnprocessed(f);
    } finally {
      bookmarks.close();
    }
  }
  const bound = source.bound && ('boundedFiles' in source.bound ? { files: source.bound.boundedFiles } : { bytes: source.bound.boundedSize });
  const selection = await selectBounded(table.list({ predicate: source.predicate, exclusions: source.exclusions }), { bound, isUnprocessed });
  return {
    files: selection.selected.map((f) => ({ path: f.path, size: f.size, mtime: f.mtime })),
    remainingFiles: selection.remainingFiles,
  };
}
