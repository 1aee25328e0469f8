// SDK clients built from AwsSettings. One place decides endpoint, profile and retry behaviour
// for every AWS service Skewscope talks to; S3 uses the lake's client factory so S3-compatible
// endpoints get the same path-style and checksum settings everywhere.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../lake/s3-client.js';
import { sdkClientConfig, type AwsSettings } from './aws-settings.js';

export function cloudWatchClient(settings: AwsSettings): CloudWatchClient {
  return new CloudWatchClient(sdkClientConfig(settings));
}

export function glueClient(settings: AwsSettings): GlueClient {
  return new GlueClient(sdkClientConfig(settings));
}

export function s3Client(settings: AwsSettings): S3Client {
  return createS3Client({ profile: settings.profile, region: settings.region, endpoint: settings.endpointUrl });
}
