// Numbers as a Spark engineer reads them: binary byte units (as Spark's UI), durations in s/min/h.

export function fmtBytes(b: number): string {
  if (!Number.isFinite(b)) return String(b);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = s / 60;
  if (m < 60) return `${m < 10 ? m.toFixed(1) : Math.round(m)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export function fmtPct(f: number): string {
  return `${Math.round(f * 100)} %`;
}

export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return '∞×';
  return `${r >= 10 ? Math.round(r) : r.toFixed(1)}×`;
}

/** "3, 7 and 9" / "3, 7, 9 and 12 more". */
export function fmtList(items: readonly (string | number)[], max = 6): string {
  const shown = items.slice(0, max).map(String);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** p-values as people quote them. */
export function fmtP(p: number): string {
  if (p < 1e-6) return 'p < 1e-6';
  if (p < 0.001) return `p = ${p.toExponential(0)}`;
  return `p = ${p.toFixed(3)}`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
