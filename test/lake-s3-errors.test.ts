// S3 failures a user can cause, as the SDK reports them, turned into messages that say what to do.
import { describe, expect, it } from 'vitest';
import { describeS3Error, parseS3Uri } from '../engine/lake/s3-client.js';

const where = { bucket: 'lake', prefix: 'badge_access/' };
const sdkError = (name: string, status?: number, message = name) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('S3 error messages', () => {
  it.each([
    [sdkError('NoSuchBucket', 404), 'bucket `lake` does not exist; check the URI s3://lake/badge_access/'],
    [sdkError('AccessDenied', 403, 'Access Denied'), 'access denied listing s3://lake/badge_access/: the credentials need s3:ListBucket on arn:aws:s3:::lake'],
    [
      sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'),
      'no AWS credentials found to list s3://lake/badge_access/: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws sso login`, or pass --profile NAME',
    ],
    [sdkError('InvalidAccessKeyId', 403), 'the AWS credentials were rejected while listing s3://lake/badge_access/ (InvalidAccessKeyId); check the access key and secret, or the --profile'],
    [sdkError('Error', undefined, 'Region is missing'), 'no AWS region configured: pass --region, set AWS_REGION, or use a --profile that has one'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'cannot reach S3 to list s3://lake/badge_access/ (ECONNREFUSED)'],
  ])('%s', (error, message) => {
    expect(describeS3Error(error, where).message).toBe(message);
  });

  it('parses s3, s3a and s3n URIs', () => {
    expect(parseS3Uri('s3://lake/badge_access')).toEqual(where);
    expect(parseS3Uri('s3a://lake/badge_access/')).toEqual(where);
    expect(parseS3Uri('s3n://lake')).toEqual({ bucket: 'lake', prefix: '' });
    expect(() => parseS3Uri('s3:///x')).toThrow('s3:///x is not an S3 URI; expected s3://bucket/prefix');
  });
});
