// The driver's own heap: listing and planning run in this worker under the driver heap limit,
// so a run that must plan a huge unbounded listing really exhausts it (the story's driver OOM).
// It keeps the plan it made for the rest of the run, as a Spark driver keeps its file index,
// and reports its heap like an executor does.
import { parentPort, workerData } from 'node:worker_threads';
import { HeapSampler } from './heap-sampler.js';
import { groupFiles } from './file-groups.js';
import { selectInput } from './input-selection.js';
import type { FromPlanner, PlannedSource, PlanRequest } from './plan-types.js';

const SAMPLE_MS = 100;
const port = parentPort!;
const sampler = new HeapSampler();
const post = (m: FromPlanner): void => port.postMessage(m);
setInterval(() => post({ type: 'sample', time: Date.now(), heap: sampler.sample() }), SAMPLE_MS);

const request = workerData as PlanRequest;
/** Held for the whole run: the driver's file index. */
const plan: PlannedSource[] = [];

async function main(): Promise<void> {
  for (const source of request.sources) {
    const { files, remainingFiles } = await selectInput(source, request.aws);
    const groups = groupFiles(
      files.map((f) => f.size),
      request.maxPartitionBytes,
      request.openCostBytes,
    );
    plan.push({ name: source.name, files, groups, remainingFiles });
  }
  post({ type: 'plan', sources: plan });
}

main().catch((e: unknown) => post({ type: 'plan-error', message: e instanceof Error ? e.message : String(e) }));
