// The AWS options every command that talks to AWS takes, named as in the AWS CLI.
import type { Command } from 'commander';
import type { AwsSettings } from './aws-settings.js';

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export function addAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: AWS_PROFILE, else the default credential chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile\'s region)')
    .option('--endpoint-url <url>', 'send AWS requests to this endpoint instead (VPC endpoint, LocalStack, a test stand-in)');
}

/** Settings from the parsed options; retry notices go to stderr so --json output stays clean. */
export function awsSettingsFrom(opts: AwsCliOptions): AwsSettings {
  return {
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
    onNotice: (message) => process.stderr.write(`skewscope: ${message}\n`),
  };
}
