// Arithmetic on Glue bounds. The tuner searches one number (a file count or a byte size); these
// helpers move between that number and the Bound the runners take.
import type { Bound } from './job-runner.js';

export type BoundUnit = 'files' | 'bytes';

/** The searched number of a bound, or undefined for an unbounded run. */
export function boundSize(b: Bound): number | undefined {
  if ('boundedFiles' in b) return b.boundedFiles;
  if ('boundedSize' in b) return b.boundedSize;
  return undefined;
}

export function boundUnit(b: Bound): BoundUnit | undefined {
  if ('boundedFiles' in b) return 'files';
  if ('boundedSize' in b) return 'bytes';
  return undefined;
}

export function makeBound(unit: BoundUnit, size: number): Bound {
  const n = Math.max(1, Math.floor(size));
  return unit === 'files' ? { boundedFiles: n } : { boundedSize: n };
}

export function describeBound(b: Bound): string {
  if ('boundedFiles' in b) return `boundedFiles=${b.boundedFiles}`;
  if ('boundedSize' in b) return `boundedSize=${b.boundedSize}`;
  return 'unbounded';
}

/** The bound as the CLI's --json prints it: `{ boundedFiles }`, `{ boundedSize }` or `{}` when unbounded. */
export function boundJson(b: Bound): { boundedFiles?: number; boundedSize?: number } {
  if ('boundedFiles' in b) return { boundedFiles: b.boundedFiles };
  if ('boundedSize' in b) return { boundedSize: b.boundedSize };
  return {};
}
