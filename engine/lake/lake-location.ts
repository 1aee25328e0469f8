// Where a lake is, without loading the AWS SDK: local listings never pay for it.

export interface AwsOptions {
  /** A profile from ~/.aws/config (credentials and region). */
  profile?: string;
  region?: string;
  /** An S3-compatible endpoint (MinIO, s3rver, …); implies path-style addressing. */
  endpoint?: string;
}

export interface S3Location {
  bucket: string;
  /** Key prefix without a leading `/`; ends with `/` unless empty. */
  prefix: string;
}

export function isS3Uri(uri: string): boolean {
  return /^s3a?n?:\/\//i.test(uri);
}

/** `s3://bucket/path/to/table` (also s3a:// and s3n://, as Spark writes them). */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3a?n?:\/\/([^/]+)\/?(.*)$/i.exec(uri);
  if (!m || m[1] === '') throw new LakeAccessError(`${uri} is not an S3 URI; expected s3://bucket/prefix`);
  const key = m[2].replace(/^\/+/, '');
  return { bucket: m[1], prefix: key === '' || key.endsWith('/') ? key : `${key}/` };
}

/** A lake that cannot be read, with a message saying what to do. */
export class LakeAccessError extends Error {
  override name = 'LakeAccessError';
}
