// Turns whatever the SDK throws into one of a few problems a user can act on, with a message that
// says what to do. Messages never carry credentials: SDK texts are scrubbed of key ids and secrets.
import { describeSettings, type AwsSettings } from './aws-settings.js';

export type AwsProblemKind =
  | 'no-credentials'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'access-denied'
  | 'throttled'
  | 'no-region'
  | 'no-such-bucket'
  | 'no-such-key'
  | 'no-such-job'
  | 'no-such-job-run'
  | 'unreachable'
  | 'other';

/** What the failed call was about, so "not found" can name the job, run, bucket or key. */
export interface AwsCallContext {
  /** Service and operation, e.g. "CloudWatch GetMetricData". */
  operation: string;
  bucket?: string;
  key?: string;
  jobName?: string;
  jobRunId?: string;
}

export class AwsError extends Error {
  constructor(
    readonly kind: AwsProblemKind,
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const INVALID = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function errorName(err: unknown): string {
  const e = err as SdkLikeError;
  return (e?.name && e.name !== 'Error' ? e.name : e?.code) ?? '';
}

export function isThrottling(err: unknown): boolean {
  const e = err as SdkLikeError;
  return THROTTLING.has(errorName(err)) || e?.$metadata?.httpStatusCode === 429;
}

/** Removes anything that looks like an access key id, secret or session token from SDK text. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '<redacted key id>')
    .replace(/[A-Za-z0-9/+=]{40,}/g, '<redacted>');
}

function notFound(ctx: AwsCallContext, name: string, status?: number): AwsError | undefined {
  const op = ctx.operation;
  if (name === 'NoSuchBucket') {
    return new AwsError('no-such-bucket', `No such S3 bucket${ctx.bucket ? ` "${ctx.bucket}"` : ''} (${op}). Check the bucket name and the region.`, op);
  }
  if (name === 'NoSuchKey' || (name === 'NotFound' && ctx.key) || (status === 404 && ctx.key)) {
    const where = ctx.bucket && ctx.key ? ` s3://${ctx.bucket}/${ctx.key}` : '';
    return new AwsError('no-such-key', `No such S3 object${where} (${op}). Check the path.`, op);
  }
  if (name === 'EntityNotFoundException') {
    if (ctx.jobRunId) {
      return new AwsError('no-such-job-run', `Glue has no run "${ctx.jobRunId}" of job "${ctx.jobName ?? '?'}" (${op}). List the job's runs to pick one, and check the region.`, op);
    }
    return new AwsError('no-such-job', `Glue has no job "${ctx.jobName ?? '?'}" (${op}). Check the job name and the region.`, op);
  }
  return undefined;
}

/** Classifies an SDK error. Already-classified errors pass through. */
export function classifyAwsError(err: unknown, ctx: AwsCallContext, settings: AwsSettings): AwsError {
  if (err instanceof AwsError) return err;
  const e = err as SdkLikeError & { code?: string; cause?: { code?: string } };
  const name = errorName(err);
  const raw = scrubSecrets(String(e?.message ?? err));
  const op = ctx.operation;
  const where = describeSettings(settings);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(raw)) {
    if (/expired|refresh/i.test(raw)) {
      return new AwsError('expired-credentials', `The AWS session for ${where} has expired (${op}). Sign in again (e.g. \`aws sso login${settings.profile ? ` --profile ${settings.profile}` : ''}\`) and retry.`, op);
    }
    const fix = settings.profile
      ? `Check that profile "${settings.profile}" exists in ~/.aws/config or ~/.aws/credentials and has credentials (\`aws configure --profile ${settings.profile}\`, or \`aws sso login --profile ${settings.profile}\`).`
      : 'Pass --profile NAME, or configure credentials with `aws configure` / `aws sso login`, or set AWS_PROFILE.';
    return new AwsError('no-credentials', `No AWS credentials found (${where}; ${op}). ${fix}`, op);
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(raw)) {
    return new AwsError('expired-credentials', `The AWS credentials for ${where} have expired (${op}). Refresh them (e.g. \`aws sso login${settings.profile ? ` --profile ${settings.profile}` : ''}\`) and retry.`, op);
  }
  if (INVALID.has(name)) {
    return new AwsError('invalid-credentials', `AWS rejected the credentials of ${where} (${op}: ${name}). Check that the profile's keys are current and belong to this partition.`, op);
  }
  if (DENIED.has(name) || (e?.$metadata?.httpStatusCode === 403 && !ctx.key)) {
    return new AwsError('access-denied', `Access denied: ${where} may not call ${op}. Ask for that permission, or use another profile. AWS said: ${raw}`, op);
  }
  if (isThrottling(err)) {
    return new AwsError('throttled', `AWS kept throttling ${op} after several retries with backoff. Wait a minute and retry.`, op);
  }
  if (/region is missing|unexpected region/i.test(raw)) {
    return new AwsError('no-region', `No AWS region for ${op}. Pass --region, or set AWS_REGION, or set a region in the profile.`, op);
  }
  const missing = notFound(ctx, name, e?.$metadata?.httpStatusCode);
  if (missing) return missing;
  const netCode = e?.code ?? e?.cause?.code;
  if (netCode && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)$/.test(netCode)) {
    return new AwsError('unreachable', `Cannot reach AWS for ${op} (${netCode}; ${where}). Check the network, the region${settings.endpointUrl ? ' and --endpoint-url' : ''}.`, op);
  }
  return new AwsError('other', `${op} failed (${where}): ${name ? `${name}: ` : ''}${raw}`, op);
}
