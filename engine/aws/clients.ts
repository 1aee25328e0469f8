// SDK clients built from AwsSettings. One place decides endpoint, profile and retry behaviour
// for every AWS service Skewscope talks to.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { sdkClientConfig, type AwsSettings } from './aws-settings.js';

export function cloudWatchClient(settings: AwsSettings): CloudWatchClient {
  return new CloudWatchClient(sdkClientConfig(settings));
}

export function glueClient(settings: AwsSettings): GlueClient {
  return new GlueClient(sdkClientConfig(settings));
}

/**
 * S3 with an endpoint override uses path-style addressing (S3-compatible servers rarely have
 * per-bucket DNS) and computes checksums only when an operation requires them: the SDK's default
 * streaming checksums corrupt objects stored on S3-compatible servers such as s3rver.
 */
export function s3Client(settings: AwsSettings): S3Client {
  const compatible = settings.endpointUrl
    ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
    : {};
  return new S3Client({ ...sdkClientConfig(settings), ...compatible });
}
