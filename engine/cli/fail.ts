// How every command ends on an error: the message alone (no stack), and a non-zero exit code.
import { IngestError } from '../ingest/ingest-error.js';
import { AwsError } from '../aws/aws-errors.js';

export function failAndExit(err: unknown): never {
  // Errors about the user's input or setup carry a complete message.
  if (err instanceof IngestError || err instanceof AwsError) {
    process.stderr.write(`skewscope: ${err.message}\n`);
    process.exit(1);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`skewscope: unexpected error: ${message}\n`);
  process.exit(2);
}
