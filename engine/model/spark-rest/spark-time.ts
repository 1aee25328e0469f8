// Dates as Spark's REST API writes them: "2015-02-03T16:43:05.829GMT" (UTC, milliseconds, "GMT").
export function sparkDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', 'GMT');
}
