// Number formatting in Spark UI conventions (binary units, durations like "1.2 min").

export function bytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (n === 0) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = Math.abs(n);
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${n < 0 ? '-' : ''}${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Clock offset from the run's start, e.g. "+02:15.3" */
export function offset(ms: number): string {
  const neg = ms < 0;
  ms = Math.abs(ms);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const ss = s.toFixed(ms < 60_000 ? 1 : 0).padStart(ms < 60_000 ? 4 : 2, '0');
  return `${neg ? '−' : '+'}${h > 0 ? `${h}:` : ''}${String(m).padStart(2, '0')}:${ss}`;
}

export function clock(epochMs: number): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return '–';
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function int(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US');
}

export function pct(frac: number | undefined): string {
  return frac === undefined || !Number.isFinite(frac) ? '–' : `${(frac * 100).toFixed(frac < 0.1 ? 1 : 0)} %`;
}
