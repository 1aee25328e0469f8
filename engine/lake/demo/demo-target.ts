// Where the demo lake goes: a local folder (modification times set with utimes) or an S3 prefix
// (LastModified is the upload time; S3 cannot set it, so uploads go oldest partition first).
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LakeAccessError, createS3Client, describeS3Error, isS3Uri, parseS3Uri, type AwsOptions, type S3Location } from '../s3-client.js';

export interface DemoTarget {
  /** Where `relPath` ends up, for messages. */
  describe(relPath: string): string;
  /** Fails unless nothing is at `relDir` yet: the demo never mixes with existing data. */
  assertEmpty(relDir: string): Promise<void>;
  put(relPath: string, body: string, mtimeMs: number): Promise<void>;
  close(): void;
}

export function openDemoTarget(location: string, aws: AwsOptions = {}): DemoTarget {
  return isS3Uri(location) ? new S3Target(createS3Client(aws), parseS3Uri(location), aws) : new LocalTarget(resolve(location));
}

class LocalTarget implements DemoTarget {
  private readonly made = new Set<string>();

  constructor(private readonly root: string) {}

  describe(relPath: string): string {
    return join(this.root, ...relPath.split('/'));
  }

  async assertEmpty(relDir: string): Promise<void> {
    const entries = await readdir(this.describe(relDir)).catch(() => []);
    if (entries.length > 0) {
      throw new LakeAccessError(`${this.describe(relDir)} already has files; remove it or choose another folder for the demo lake`);
    }
  }

  async put(relPath: string, body: string, mtimeMs: number): Promise<void> {
    const path = this.describe(relPath);
    const dir = dirname(path);
    if (!this.made.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    await writeFile(path, body);
    const seconds = mtimeMs / 1000;
    await utimes(path, seconds, seconds);
  }

  close(): void {}
}

class S3Target implements DemoTarget {
  constructor(
    private readonly client: S3Client,
    private readonly where: S3Location,
    private readonly aws: AwsOptions,
  ) {}

  describe(relPath: string): string {
    return `s3://${this.where.bucket}/${this.where.prefix}${relPath}`;
  }

  async assertEmpty(relDir: string): Promise<void> {
    const prefix = `${this.where.prefix}${relDir}/`;
    try {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.where.bucket, Prefix: prefix, MaxKeys: 1 }));
      if ((page.KeyCount ?? 0) > 0) {
        throw new LakeAccessError(`${this.describe(relDir)}/ already has objects; remove them or choose another prefix for the demo lake`);
      }
    } catch (e) {
      if (e instanceof LakeAccessError) throw e;
      throw describeS3Error(e, { bucket: this.where.bucket, prefix }, this.aws);
    }
  }

  async put(relPath: string, body: string): Promise<void> {
    const Key = `${this.where.prefix}${relPath}`;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.where.bucket, Key, Body: body, ContentType: 'application/json' }));
    } catch (e) {
      throw describeS3Error(e, { bucket: this.where.bucket, prefix: Key }, this.aws);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
