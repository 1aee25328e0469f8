// Findings as text for `skewscope analyze`: worst first, each with its evidence ids and advice.
import type { Diagnosis } from './diagnose.js';
import type { Finding } from './finding.js';
import { fmtList } from './units.js';

const PAD = ' '.repeat(13);
const MARK = { critical: 'CRITICAL', warning: 'WARNING ', info: 'info    ' } as const;

export function formatFindings(d: Diagnosis, opts: { width?: number; max?: number } = {}): string {
  const width = opts.width ?? 100;
  const shown = d.findings.slice(0, opts.max ?? d.findings.length);
  const lines: string[] = [];
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of d.findings) counts[f.severity]++;
  lines.push(`Findings for ${d.runId}: ${counts.critical} critical, ${counts.warning} warnings, ${counts.info} info`);
  lines.push('');
  shown.forEach((f, i) => {
    lines.push(...wrap(f.title, width, `${String(i + 1).padStart(2)}. ${MARK[f.severity]} `, PAD));
    const ids = evidenceLine(f);
    if (ids) lines.push(...wrap(ids, width, `${PAD}evidence: `, `${PAD}          `));
    lines.push(...wrap(f.recommendation, width, `${PAD}→ `, `${PAD}  `));
    lines.push(`${PAD}rule: ${f.rule}`);
    lines.push('');
  });
  if (shown.length < d.findings.length) lines.push(`… ${d.findings.length - shown.length} more (use --json for all)`);
  return lines.join('\n');
}

function evidenceLine(f: Finding): string {
  const e = f.evidence;
  const parts: string[] = [];
  if (e.stageIds?.length) parts.push(`stage${e.stageIds.length > 1 ? 's' : ''} ${fmtList(e.stageIds)}`);
  if (e.executorIds?.length) parts.push(`executor${e.executorIds.length > 1 ? 's' : ''} ${fmtList(e.executorIds)}`);
  if (e.taskIds?.length) parts.push(`task${e.taskIds.length > 1 ? 's' : ''} ${fmtList(e.taskIds, 8)}`);
  if (e.keys?.length) parts.push(`key${e.keys.length > 1 ? 's' : ''} ${fmtList(e.keys.map((k) => `"${k}"`))}`);
  return parts.join('; ');
}

function wrap(text: string, width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  out.push(line);
  return out;
}
