// Classifies failure text (task end reasons, executor removal reasons, stage and job failure
// messages) into the causes a Spark engineer acts on differently.

export type FailureCause =
  | 'driver-oom'
  | 'executor-oom'
  | 'executor-lost'
  | 'fetch-failure'
  | 'malformed-data'
  | 'timeout'
  /** TaskKilled / TaskCommitDenied: Spark stopped the attempt itself (speculation, cancellation); not a fault. */
  | 'killed'
  | 'other';

export const FAILURE_CAUSES: readonly FailureCause[] = [
  'driver-oom',
  'executor-oom',
  'executor-lost',
  'fetch-failure',
  'malformed-data',
  'timeout',
  'killed',
  'other',
];

const OOM_TEXT =
  /OutOfMemoryError|Java heap space|GC overhead limit exceeded|exceeding (?:physical )?memory limits|ERR_WORKER_OUT_OF_MEMORY|Reached heap limit|heap out of memory|Container killed .*memory|OOMKilled/i;
// 137 = SIGKILL (YARN/Kubernetes memory kill), 143 = SIGTERM (YARN memory kill), 52 = Spark's own OOM exit code,
// -104 = YARN physical memory exceeded.
const OOM_EXIT_CODES = new Set([52, 137, 143, -104]);
const FETCH_TEXT = /FetchFailed|MetadataFetchFailedException|Missing an output location for shuffle|Failed to fetch|Failed to connect to .* shuffle/i;
const MALFORMED_TEXT =
  /Malformed|JsonParseException|JsonMappingException|NumberFormatException|BadRecordException|CharacterCodingException|DateTimeParseException|Corrupt(?:ed)? (?:record|input|file|block)|Can ?not parse|unparseable|invalid (?:record|row|json|csv)|SchemaColumnConvertNotSupportedException|ParquetDecodingException/i;
const TIMEOUT_TEXT = /TimeoutException|timed out|Futures timed out|heartbeat.*(?:expired|timeout)|RpcTimeout|exceeded .*timeout/i;

const EXIT_CODE = /exit(?:[ _-]?(?:code|status)| with code|Code)?\s*(?:is|:|=)?\s*(-?\d+)/i;

export function exitCodeOf(text: string): number | undefined {
  const m = EXIT_CODE.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Where the failure happened decides whether an OOM is the driver's or an executor's. */
export type FailureSite = 'driver' | 'executor';

export function classifyFailureText(text: string, site: FailureSite, sparkReason?: string): FailureCause {
  if (sparkReason === 'TaskKilled' || sparkReason === 'TaskCommitDenied') return 'killed';
  if (sparkReason === 'FetchFailed') return 'fetch-failure';
  const code = exitCodeOf(text);
  if (OOM_TEXT.test(text) || (code !== undefined && OOM_EXIT_CODES.has(code))) {
    return site === 'driver' ? 'driver-oom' : 'executor-oom';
  }
  if (FETCH_TEXT.test(text)) return 'fetch-failure';
  if (MALFORMED_TEXT.test(text)) return 'malformed-data';
  if (TIMEOUT_TEXT.test(text)) return 'timeout';
  if (sparkReason === 'ExecutorLostFailure') return 'executor-lost';
  return 'other';
}

/** Removal reasons that are the normal end of an executor (dynamic allocation, shutdown), not a failure. */
const BENIGN_REMOVAL = /explicit termination request|killed by driver|killed by user|decommission|executor killed|application .*(?:finished|completed)|idle/i;

export function isBenignRemoval(reason: string | undefined): boolean {
  return reason === undefined || reason === '' || (BENIGN_REMOVAL.test(reason) && !OOM_TEXT.test(reason));
}

/** What an exit code means, for the codes Spark and YARN users meet (SparkExitCode, signals). */
export function explainExitCode(code: number): string | undefined {
  switch (code) {
    case 52:
      return 'exit 52: the executor JVM died of OutOfMemoryError (SparkExitCode.OOM)';
    case 53:
      return 'exit 53: the executor could not create its local directories';
    case 56:
      return 'exit 56: the executor gave up after failing to send heartbeats to the driver';
    case 137:
      return 'exit 137: the container was SIGKILLed, usually by YARN or Kubernetes for exceeding its memory';
    case 143:
      return 'exit 143: the container was SIGTERMed, usually by YARN for exceeding its memory';
    case -100:
      return 'exit -100: the node was lost or the container released by YARN';
    case -104:
      return 'exit -104: the container exceeded its physical memory limit';
    default:
      return undefined;
  }
}

/** First non-empty line, trimmed to a length a table can show. */
export function firstLine(text: string | undefined, max = 200): string {
  if (!text) return '';
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const t = line.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
