// Retries throttled AWS calls with exponential backoff and full jitter, and tells the user each
// time, so a slow command is never silently slow. Anything else is classified and thrown.
import { classifyAwsError, isThrottling, type AwsCallContext } from './aws-errors.js';
import type { AwsSettings } from './aws-settings.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withAwsRetry<T>(settings: AwsSettings, ctx: AwsCallContext, call: () => Promise<T>): Promise<T> {
  const maxAttempts = settings.maxAttempts ?? 6;
  const baseMs = settings.retryBaseMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottling(err) || attempt >= maxAttempts) throw classifyAwsError(err, ctx, settings);
      const delay = Math.round(Math.random() * baseMs * 2 ** (attempt - 1)) + 1;
      settings.onNotice?.(`AWS is throttling ${ctx.operation}; retrying in ${formatDelay(delay)} (attempt ${attempt + 1} of ${maxAttempts}).`);
      await sleep(delay);
    }
  }
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
