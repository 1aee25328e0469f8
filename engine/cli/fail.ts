// How every command ends on an error: the message alone (no stack), and a non-zero exit code.
import { IngestError } from '../ingest/ingest-error.js';
import { AwsError } from '../aws/aws-errors.js';

/** A mistake in how the command was called (a bad option value, a busy port); the message says what to do. */
export class UsageError extends Error {}

export function failAndExit(err: unknown): never {
  // Errors about the user's input or setup carry a complete message.
  if (err instanceof IngestError || err instanceof AwsError || err instanceof UsageError) {
    process.stderr.write(`skewscope: ${err.message}\n`);
    process.exit(1);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`skewscope: unexpected error: ${message}\n`);
  process.exit(2);
}
