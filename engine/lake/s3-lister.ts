// A table under an S3 prefix. Folder by folder with Delimiter '/' while the predicate still
// needs partition values; one flat listing (no delimiter, fewest requests) below a folder once
// the predicate is decided. Pages are yielded as they arrive: at most one page per folder
// level is in memory.
import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { joinRel, type FolderEntry, type FolderLister, type TreeFile } from './folder-lister.js';
import { describeS3Error, type AwsOptions, type S3Location } from './s3-client.js';

export class S3Lister implements FolderLister {
  readonly root: string;

  constructor(
    private readonly client: S3Client,
    private readonly where: S3Location,
    private readonly aws: AwsOptions = {},
  ) {
    this.root = `s3://${where.bucket}/${where.prefix}`.replace(/\/$/, '');
  }

  pathOf(relPath: string): string {
    // One flat string: a key sliced out of a listing page could otherwise keep the page alive.
    return ['s3://', this.where.bucket, '/', this.where.prefix, relPath].join('');
  }

  async *listFolder(relDir: string): AsyncIterable<FolderEntry> {
    const prefix = this.where.prefix + (relDir === '' ? '' : `${relDir}/`);
    for await (const page of this.pages(prefix, '/')) {
      for (const p of page.CommonPrefixes ?? []) {
        const name = p.Prefix?.slice(prefix.length, -1);
        if (name) yield { kind: 'dir', name };
      }
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(prefix.length);
        // Skip the zero-byte "folder" markers that consoles create.
        if (!name || name.endsWith('/')) continue;
        yield { kind: 'file', name, size: o.Size ?? 0, mtime: o.LastModified?.getTime() ?? 0 };
      }
    }
  }

  async *listTree(relDir: string): AsyncIterable<TreeFile> {
    const prefix = this.where.prefix + (relDir === '' ? '' : `${relDir}/`);
    for await (const page of this.pages(prefix, undefined)) {
      for (const o of page.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/')) continue;
        yield { relPath: joinRel(relDir, o.Key.slice(prefix.length)), size: o.Size ?? 0, mtime: o.LastModified?.getTime() ?? 0 };
      }
    }
  }

  private async *pages(prefix: string, delimiter: string | undefined): AsyncIterable<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }),
        );
      } catch (e) {
        throw describeS3Error(e, { bucket: this.where.bucket, prefix }, this.aws);
      }
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
