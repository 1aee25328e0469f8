// Builds the Electron main process and preload when the electron package is installed. Without
// it (a plain `npm install` where Electron's binary download fails drops the optional package),
// the CLI and browser mode still build and work; `npm start` then serves the UI in the browser.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync(new URL('../node_modules/electron/electron.d.ts', import.meta.url))) {
  console.log('Electron is not installed: the desktop shell is not built (the CLI and browser mode are).');
  process.exit(0);
}
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.electron.json'], { stdio: 'inherit' });
process.exit(tsc.status ?? 1);
