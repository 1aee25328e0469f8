// Opens a table by location (a local folder or s3://bucket/prefix) and lists it with Glue's
// options: push_down_predicate and exclusions.
import { stat } from 'node:fs/promises';
import { parseExclusions } from './exclusions.js';
import type { FolderLister } from './folder-lister.js';
import type { LakeFile } from './lake-file.js';
import { LocalLister } from './local-lister.js';
import { parsePredicate } from './predicate/parse.js';
import { LakeAccessError, isS3Uri, parseS3Uri, type AwsOptions } from './lake-location.js';
import { discoverColumns, walkTable, type WalkStats } from './walk.js';

export interface ListTableOptions {
  /** Glue's push_down_predicate over the partition columns. */
  predicate?: string;
  /** Glue's exclusions: JSON text such as `["**.tmp"]`, or a parsed list. */
  exclusions?: string | readonly string[];
  /** Filled in while listing. */
  stats?: WalkStats;
}

export class LakeTable {
  private columnsPromise: Promise<string[]> | undefined;

  constructor(readonly lister: FolderLister) {}

  get root(): string {
    return this.lister.root;
  }

  /** `location`: a folder, or s3://bucket/prefix (S3 options: profile, region, endpoint). */
  static async open(location: string, aws: AwsOptions = {}): Promise<LakeTable> {
    if (isS3Uri(location)) {
      const where = parseS3Uri(location);
      // Loaded on demand: the AWS SDK costs local listings ~20 MB and a noticeable start-up.
      const [{ createS3Client }, { S3Lister }] = await Promise.all([import('./s3-client.js'), import('./s3-lister.js')]);
      return new LakeTable(new S3Lister(createS3Client(aws), where, aws));
    }
    const info = await stat(location).catch(() => undefined);
    if (!info) throw new LakeAccessError(`${location} does not exist; give a folder of the lake or an s3://bucket/prefix URI`);
    if (!info.isDirectory()) throw new LakeAccessError(`${location} is a file; give the table's folder`);
    return new LakeTable(new LocalLister(location));
  }

  /** Partition columns, inferred from the first folder at each level. */
  columns(): Promise<string[]> {
    this.columnsPromise ??= discoverColumns(this.lister);
    return this.columnsPromise;
  }

  /**
   * Streams the table's files. The predicate and exclusions are checked before the first
   * listing request, so a typo fails fast (PredicateError / ExclusionsError).
   */
  async *list(options: ListTableOptions = {}): AsyncGenerator<LakeFile> {
    const exclude = parseExclusions(options.exclusions);
    const predicate = options.predicate?.trim() ? parsePredicate(options.predicate, await this.columns()) : undefined;
    yield* walkTable(this.lister, { predicate, exclude, stats: options.stats });
  }
}
