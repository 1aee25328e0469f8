// Child process of the kill test (runtime-kill.test.ts): one bounded run of the fixture job.
// Prints a line per Spark event (so the test can kill it at a chosen point) and its result as JSON.
import { startRun } from '../engine/runtime/driver.js';
import { fixtureSpec } from './runtime-fixture-lake.js';

const [lake, out, home, bound] = process.argv.slice(2);
const run = startRun(fixtureSpec(lake, out), {
  eventLogDir: `${home}/logs`,
  workDir: `${home}/work`,
  bookmarkDb: `${home}/bookmarks.db`,
  bound: { boundedFiles: Number(bound) },
  executors: 1,
});
run.subscribe((e) => process.stdout.write(`event ${e.Event}\n`));
const r = await run.result;
process.stdout.write(`result ${JSON.stringify(r)}\n`);
