// Glue's `exclusions`: a JSON list of globs matched against each file's path relative to the
// table root. picomatch gives `**` Glue's meaning (any characters, across folders), so
// `**.tmp` excludes `a/b/c.tmp`; `*` stays within one folder.
import picomatch from 'picomatch';

export class ExclusionsError extends Error {
  override name = 'ExclusionsError';
}

export type ExclusionMatcher = (relPath: string) => boolean;

const EXAMPLE = '["**.tmp", "**/_SUCCESS"]';

/** Accepts the JSON text Glue takes, or an already-parsed list. */
export function parseExclusions(input: string | readonly string[] | undefined): ExclusionMatcher | undefined {
  if (input === undefined) return undefined;
  let globs: unknown = input;
  if (typeof input === 'string') {
    if (input.trim() === '') return undefined;
    try {
      globs = JSON.parse(input);
    } catch (e) {
      throw new ExclusionsError(`exclusions must be a JSON list of globs such as ${EXAMPLE}: ${(e as Error).message}`);
    }
  }
  if (!Array.isArray(globs) || globs.some((g) => typeof g !== 'string' || g === '')) {
    throw new ExclusionsError(`exclusions must be a JSON list of non-empty glob strings such as ${EXAMPLE}; got ${JSON.stringify(globs)}`);
  }
  if (globs.length === 0) return undefined;
  return picomatch(globs as string[], { dot: true });
}
