// The one error type the ingest layer throws for input a user can get wrong (missing path, unsupported
// location). Its message is complete on its own: CLI and REST show it without a stack.

export interface IngestLocation {
  path: string;
  /** 1-based line within the (decompressed) file. */
  line?: number;
  /** Offset in the file as stored on disk (compressed bytes for compressed logs). */
  byteOffset?: number;
}

/** "path", "path, line 12" or "path, byte 4096": how every ingest message names where it happened. */
export function describeLocation(loc: IngestLocation): string {
  if (loc.line !== undefined) return `${loc.path}, line ${loc.line}`;
  if (loc.byteOffset !== undefined) return `${loc.path}, byte ${loc.byteOffset}`;
  return loc.path;
}

export class IngestError extends Error {
  override readonly name = 'IngestError';
  readonly location: IngestLocation;

  /** `problem` says what is wrong, `advice` what the user can do about it. */
  constructor(location: IngestLocation, problem: string, advice: string) {
    super(`${describeLocation(location)}: ${problem.replace(/\.$/, '')}. ${advice}`);
    this.location = location;
  }
}
