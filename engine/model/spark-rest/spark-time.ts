// Dates as Spark's REST API writes them: "2015-02-03T16:43:05.829GMT" (UTC, milliseconds, "GMT").
export function sparkDate(ms: number): string {
  const d = new Date(ms);
  // A corrupted log can carry times outside what a date can hold; show the raw number then.
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().replace('Z', 'GMT');
}
