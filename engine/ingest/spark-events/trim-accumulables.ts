// A TaskEnd line spends most of its bytes on Task Info's "Accumulables": Spark's internal task
// metrics again (the numbers "Task Metrics" already has) and SQL metrics (also flagged internal).
// Cutting that array out of the text before JSON.parse saves most of the parse. Only native
// string searches are used (a character loop in JS costs more than the parse it saves), and the
// array is kept whenever it may hold a user accumulator ("Internal":false, or no flag at all).

const KEY = 'Accumulables":[';
const CLOSE_BRACE = 125;

/** The line with Task Info's accumulables emptied, or the line itself when that is not clearly safe. */
export function trimInternalAccumulables(line: string): string {
  const at = line.indexOf(KEY);
  if (at < 0) return line;
  const open = at + KEY.length - 1;
  if (line.charCodeAt(open + 1) === 93) return line;
  // Accumulables is Task Info's last field; what follows is the next TaskEnd field or the line's end.
  let close = line.indexOf(']},"Task ', open);
  if (close < 0 && line.endsWith(']}}')) close = line.length - 3;
  if (close < 0 || line.charCodeAt(close - 1) !== CLOSE_BRACE) return line;
  // Spark 1.x wrote no "Internal" flag: its accumulables are all user ones.
  const internal = line.indexOf('Internal":true', open);
  if (internal < 0 || internal > close) return line;
  // Searching for the rare "false" is much faster than for '"Internal":false' (quotes are everywhere).
  for (let f = line.indexOf('false', open); f >= 0 && f < close; f = line.indexOf('false', f + 5)) {
    if (line.startsWith('Internal":', f - 10)) return line;
  }
  return line.slice(0, open + 1) + line.slice(close);
}
