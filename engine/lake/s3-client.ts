// An S3 client for lake listings and demo uploads. Credentials come from the SDK's default
// chain (env, shared config/credentials files with --profile, SSO, instance/container roles);
// Skewscope never reads, logs or saves them itself.
import { S3Client } from '@aws-sdk/client-s3';
import { LakeAccessError, type AwsOptions, type S3Location } from './lake-location.js';

export { LakeAccessError, isS3Uri, parseS3Uri, type AwsOptions, type S3Location } from './lake-location.js';

export function createS3Client(options: AwsOptions = {}): S3Client {
  // The SDK warns on every Node 20 process that future SDK releases will need Node 22; the
  // versions pinned here support Node 20, so users would only see noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    profile: options.profile,
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (options.endpoint ? 'us-east-1' : undefined),
    endpoint: options.endpoint,
    forcePathStyle: options.endpoint ? true : undefined,
    // Listing a bucket in another region follows S3's redirect instead of failing.
    followRegionRedirects: true,
    // The SDK's default streaming checksums are not understood by every S3-compatible store.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Turns an SDK or network failure into a message that names the bucket and what to check. */
export function describeS3Error(error: unknown, where: S3Location, options: AwsOptions = {}): LakeAccessError {
  const e = error as { name?: string; Code?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const uri = `s3://${where.bucket}/${where.prefix}`;
  const message = e.message ?? String(error);
  if (name === 'NoSuchBucket' || (status === 404 && !where.prefix)) {
    return new LakeAccessError(`bucket \`${where.bucket}\` does not exist${options.endpoint ? ` at ${options.endpoint}` : ''}; check the URI ${uri}`);
  }
  if (name === 'CredentialsProviderError' || (/Could not load credentials/i.test(message) && !status)) {
    return new LakeAccessError(
      `no AWS credentials found to list ${uri}: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run \`aws sso login\`, or pass --profile NAME`,
    );
  }
  if (name === 'AccessDenied' || status === 403) {
    if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
      return new LakeAccessError(`the AWS credentials were rejected while listing ${uri} (${name}); check the access key and secret, or the --profile`);
    }
    return new LakeAccessError(`access denied listing ${uri}: the credentials need s3:ListBucket on arn:aws:s3:::${where.bucket}`);
  }
  if (/Region is missing/i.test(message)) {
    return new LakeAccessError('no AWS region configured: pass --region, set AWS_REGION, or use a --profile that has one');
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(e.code ?? '')) {
    return new LakeAccessError(`cannot reach S3${options.endpoint ? ` at ${options.endpoint}` : ''} to list ${uri} (${e.code})`);
  }
  return new LakeAccessError(`listing ${uri} failed: ${name ? `${name}: ` : ''}${message}`);
}
