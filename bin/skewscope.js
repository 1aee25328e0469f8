#!/usr/bin/env node
// Entry for `npx skewscope`: runs the compiled CLI. `npm install` builds it (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/engine/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('skewscope: the CLI is not built yet. Run `npm run build` in the skewscope folder, then try again.');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
