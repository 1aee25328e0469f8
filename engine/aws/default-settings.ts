// The AWS settings a command was started with (--profile, --region, --endpoint-url). Storage
// seams that only receive a path (an s3:// event log) read them from here; explicit settings
// passed to a function always win.
import type { AwsSettings } from './aws-settings.js';

let current: AwsSettings = {};

export function setDefaultAwsSettings(settings: AwsSettings): void {
  current = { ...settings };
}

export function defaultAwsSettings(): AwsSettings {
  return current;
}
