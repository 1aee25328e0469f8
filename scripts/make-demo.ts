// Regenerates assets/demo/: the event logs of a real local run of the original story, made by our
// own engine, which the app's built-in demo (`npm start`, src-main/demo.ts) opens.
//   npm run build && npx tsx scripts/make-demo.ts      (the engine runs from dist/, as users run it)
// 1. writes the demo lake (engine/lake defaults) into a temporary folder;
// 2. runs assets/demo-job.json unbounded with the default settings: it dies of executor OOM on
//    the skewed join (the story);
// 3. runs it again with --bounded-files 500: it succeeds;
// 4. copies both event logs into assets/demo/ (the failed run sorts first: the demo opens it).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';
import type * as Driver from '../engine/runtime/driver.js';
import { loadJobSpec } from '../engine/runtime/job-spec.js';
import type { RunResult } from '../engine/runtime/run-result.js';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const demoDir = join(assets, 'demo');
const work = mkdtempSync(join(tmpdir(), 'skewscope-make-demo-'));

const { startRun } = (await import(pathToFileURL(fileURLToPath(new URL('../dist/engine/runtime/driver.js', import.meta.url))).href)) as typeof Driver;

function settings(): Parameters<typeof startRun>[1] {
  return { lake: join(work, 'lake'), out: join(work, 'out'), eventLogDir: join(work, 'logs'), workDir: join(work, 'work'), bookmarkDb: join(work, 'bookmarks.db') };
}

function describe(label: string, r: RunResult): string {
  return `${label}: ${r.status}${r.cause ? ` (${r.cause})` : ''} in ${(r.durationMs / 1000).toFixed(1)} s, ${r.filesRead} files, ${r.recordsRead} records read, ${r.recordsWritten} written; peak heap ${JSON.stringify(r.peakHeap)}`;
}

try {
  const lake = await writeDemoLake(join(work, 'lake'));
  console.log(`demo lake: ${lake.factFiles} fact files, ${lake.factRows} rows, hottest badge ${(lake.hottestBadgeShare * 100).toFixed(1)} %`);
  const spec = await loadJobSpec(join(assets, 'demo-job.json'));
  const unbounded = await startRun(spec, settings()).result;
  console.log(describe('unbounded', unbounded));
  if (unbounded.cause !== 'executor-oom') throw new Error('the unbounded story run did not die of executor OOM; check the sizes in engine/runtime/README.md');
  const bounded = await startRun(spec, { ...settings(), bound: { boundedFiles: 500 } }).result;
  console.log(describe('bounded 500', bounded));
  if (bounded.status !== 'succeeded') throw new Error('the bounded story run did not succeed');

  mkdirSync(demoDir, { recursive: true });
  for (const name of readdirSync(demoDir)) if (name.startsWith('local-')) rmSync(join(demoDir, name));
  for (const r of [unbounded, bounded]) copyFileSync(r.eventLog, join(demoDir, basename(r.eventLog)));
  console.log(`wrote ${[unbounded, bounded].map((r) => basename(r.eventLog)).join(' and ')} to ${demoDir}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
