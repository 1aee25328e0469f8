// `npm start`: the desktop app where an Electron binary exists; otherwise one line saying so,
// then the same UI in the browser, served on 127.0.0.1. Never a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserMode } from './browser-mode.js';

const DEFAULT_PORT = 4321;

/** Path of a runnable Electron binary, or why there is none. */
export function findElectron(): { binary: string } | { reason: string } {
  try {
    // The electron package resolves ELECTRON_OVERRIDE_DIST_PATH itself and throws when no binary was installed.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: 'the electron package has no binary' };
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    return { reason: /Cannot find module/.test(msg) ? 'the electron package is not installed' : 'its binary was not downloaded' };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'event-logs': { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      browser: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const roots = (values['event-logs'] ?? [process.cwd()]).map((p) => resolve(p));
  const electron = values.browser ? { reason: '--browser was given' } : findElectron();
  if ('binary' in electron) {
    const main = fileURLToPath(new URL('./electron-main.js', import.meta.url));
    const child = spawn(electron.binary, [main], { stdio: 'inherit', env: { ...process.env, SKEWSCOPE_EVENT_LOGS: roots.join('\n') } });
    child.on('exit', (code) => process.exit(code ?? 0));
    child.on('error', (err) => {
      console.error(`skewscope: could not start Electron (${err.message}); run \`npm start -- --browser\` for the browser UI.`);
      process.exit(1);
    });
    return;
  }
  console.log(`Skewscope: Electron is not available here (${electron.reason}), so the UI is served for your browser instead.`);
  const port = values.port !== undefined ? Number(values.port) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: give a port number from 0 to 65535`);
  let mode;
  try {
    mode = await startBrowserMode({ host: values.host, port, roots });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw err;
    mode = await startBrowserMode({ host: values.host, port: 0, roots });
  }
  console.log(`Skewscope is running at ${mode.url}  (reads logs under ${roots.join(', ')}; Ctrl+C to stop)`);
  const stop = () => void mode.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  console.error(`skewscope: ${e.code === 'EADDRINUSE' ? 'that port is already in use; pick another with --port' : e.message ?? String(err)}`);
  process.exit(1);
});
