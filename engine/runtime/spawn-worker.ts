// Starts a worker_threads Worker from a sibling module, whether we run from compiled JS (dist/)
// or from TypeScript sources (vitest, tsx). A Worker cannot load a `.ts` file by itself, and
// `execArgv: ['--import', 'tsx']` is not honoured by workers on Node 20, so from sources a tiny
// bootstrap registers tsx's loader inside the worker and then imports the `.ts` entry.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `baseName` without extension, e.g. 'executor-worker'; resolved next to this module. */
export function spawnWorker(baseName: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const js = new URL(`./${baseName}.js`, import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, resourceLimits });
  const ts = new URL(`./${baseName}.ts`, import.meta.url);
  const tsxApi = pathToFileURL(tsxEsmApi()).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/** tsx's ESM API entry, from its package exports (require.resolve would give the CJS build). */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return join(dirname(pkgFile), pkg.exports['./esm/api'].import.default);
}
