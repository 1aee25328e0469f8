// The desktop shell, launched for real through Playwright's Electron driver when a binary is
// provided (ELECTRON_OVERRIDE_DIST_PATH). This machine cannot download Electron, so without it the
// test reports why it did not run; the main-process wiring is covered by electron-main-wiring.test.ts.
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const binary = distDir ? join(distDir, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron') : undefined;
const why = !distDir
  ? 'not run: ELECTRON_OVERRIDE_DIST_PATH is not set and no Electron binary can be downloaded here'
  : !existsSync(binary!)
    ? `not run: no Electron binary at ${binary}`
    : undefined;

test('the desktop app opens on the demo in a sandboxed, isolated window', async () => {
  if (why) console.log(`Electron e2e ${why}.`);
  test.skip(why !== undefined, why ?? '');
  const app = await electron.launch({
    executablePath: binary!,
    args: [fileURLToPath(new URL('../../dist/src-main/electron-main.js', import.meta.url)), '--no-sandbox'],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible({ timeout: 30_000 });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { skewscope?: { call?: unknown } }).skewscope?.call)).toBe('function');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      type Prefs = { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean } | null;
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Prefs };
      const p = wc.getLastWebPreferences();
      return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.find((i) => i.label === 'File')?.submenu?.items.map((i) => i.label));
    expect(menu).toEqual(expect.arrayContaining(['Open Event Log…', 'Open Rolling-Log Folder…', 'Open Saved Session…', 'Open Recent', 'Open Demo']));
    // Navigation away from the app is refused.
    await window.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await window.waitForTimeout(300);
    expect(window.url()).toMatch(/^file:.*index\.html$/);
  } finally {
    await app.close();
  }
});
