// Errors a user causes in `skewscope lake …` / `demo-lake`: printed as one message (with the
// predicate and a caret for predicate errors), exit code 1. Anything else is unexpected.
import { BookmarkBusyError, BookmarkError } from '../lake/bookmarks.js';
import { BoundError } from '../lake/bounded-select.js';
import { ByteSizeError } from '../lake/byte-size.js';
import { ExclusionsError } from '../lake/exclusions.js';
import { PredicateError } from '../lake/predicate/predicate-error.js';
import { LakeAccessError } from '../lake/lake-location.js';

export function lakeErrorMessage(err: unknown, predicate?: string): string | undefined {
  if (err instanceof PredicateError) {
    const caret = predicate !== undefined ? `\n  ${predicate}\n  ${' '.repeat(Math.max(0, err.position - 1))}^` : '';
    return `push_down_predicate: ${err.message}${caret}`;
  }
  if (
    err instanceof ExclusionsError ||
    err instanceof BoundError ||
    err instanceof ByteSizeError ||
    err instanceof LakeAccessError ||
    err instanceof BookmarkError ||
    err instanceof BookmarkBusyError ||
    err instanceof RangeError
  ) {
    return err.message;
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'ENOENT' || code === 'ENOTDIR') return (err as Error).message;
  return undefined;
}

export function exitWithLakeError(err: unknown, predicate?: string): never {
  const known = lakeErrorMessage(err, predicate);
  if (known !== undefined) {
    process.stderr.write(`skewscope: ${known}\n`);
    process.exit(1);
  }
  process.stderr.write(`skewscope: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}

/** The AWS options every lake command takes. */
export interface AwsCliOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export function awsOptions(o: AwsCliOptions): { profile?: string; region?: string; endpoint?: string } {
  return { profile: o.profile, region: o.region, endpoint: o.endpointUrl };
}
