// How a command reaches AWS: a named profile, a region and an endpoint override, like the AWS CLI's
// --profile / --region / --endpoint-url. Credentials always come from the SDK's default provider
// chain (environment, shared config/credentials files, SSO, web identity, container, instance
// metadata); Skewscope never reads, prints or stores them itself.

export interface AwsSettings {
  /** Named profile from ~/.aws/config / ~/.aws/credentials (else AWS_PROFILE, else "default"). */
  profile?: string;
  /** Region (else AWS_REGION / AWS_DEFAULT_REGION / the profile's region). */
  region?: string;
  /** Endpoint override, e.g. a VPC endpoint or a local stand-in. */
  endpointUrl?: string;
  /** Throttled requests are retried this many times in all (default 6). */
  maxAttempts?: number;
  /** First backoff delay in ms (doubled per attempt, with jitter; default 500). */
  retryBaseMs?: number;
  /** Receives one line per retry so the user knows why things are slow. */
  onNotice?: (message: string) => void;
}

/** Options common to every SDK client we build. SDK-level retries are off: `withAwsRetry` retries and says so. */
export function sdkClientConfig(settings: AwsSettings): {
  profile?: string;
  region?: string;
  endpoint?: string;
  maxAttempts: number;
} {
  // The pinned SDK supports Node 20; its "future versions need Node 22" warning is only noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    maxAttempts: 1,
  };
}

/** Where a request went, for messages: "profile dev, region eu-west-1, endpoint http://…". Never credentials. */
export function describeSettings(settings: AwsSettings): string {
  const parts = [
    settings.profile ? `profile ${settings.profile}` : 'default credential chain',
    settings.region ? `region ${settings.region}` : undefined,
    // An endpoint URL may carry user:password@; that never goes into a message.
    settings.endpointUrl ? `endpoint ${settings.endpointUrl.replace(/\/\/[^/@]*@/, '//')}` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}
