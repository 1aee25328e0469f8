// s3:// URIs (s3a:// and s3n:// too, as Spark and Glue write them) as bucket + key.

export interface S3Location {
  bucket: string;
  key: string;
}

export function isS3Uri(path: string): boolean {
  return /^s3[an]?:\/\//i.test(path);
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(uri);
  if (!m) throw new Error(`${uri}: not an s3:// URI (expected s3://bucket/key)`);
  return { bucket: m[1], key: m[2] };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
