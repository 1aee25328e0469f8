// Electron main process: one sandboxed window on the built renderer, Electron's security
// checklist applied, the app API over IPC, native menus, Open Recent, and a notification when a
// live run's OOM risk turns high.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, session, shell, type WebContents } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppEvent, ViewName } from '../engine/views/contract.js';
import { SESSION_SUFFIX } from '../engine/ingest/session-file.js';
import { createAppService } from './app-service-factory.js';
import { trustedRendererUrl, wireIpc, type DialogKind } from './ipc-wiring.js';
import { menuTemplate } from './app-menu.js';
import { windowOptions } from '../electron.config.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const isTrusted = trustedRendererUrl(pathToFileURL(rendererIndex).href);
const VIEWS: ViewName[] = ['overview', 'memory', 'timeline', 'executors', 'stages', 'findings', 'tuner'];

const service = createAppService({ transport: 'electron' });
let window: BrowserWindow | undefined;
let recent: string[] = [];
const recentFile = () => join(app.getPath('userData'), 'recent.json');

async function loadRecent(): Promise<void> {
  recent = await readFile(recentFile(), 'utf8')
    .then((t) => (JSON.parse(t) as unknown[]).filter((x): x is string => typeof x === 'string'))
    .catch(() => []);
}

async function remember(path: string): Promise<void> {
  recent = [path, ...recent.filter((p) => p !== path)].slice(0, 10);
  service.rememberRecent(path);
  app.addRecentDocument(path);
  await mkdir(dirname(recentFile()), { recursive: true });
  await writeFile(recentFile(), JSON.stringify(recent));
  buildMenu();
}

async function chooseOpenPath(kind: DialogKind): Promise<string | undefined> {
  const r = await dialog.showOpenDialog(window!, {
    title: kind === 'folder' ? 'Open a rolling event-log folder' : kind === 'session' ? 'Open a saved session' : 'Open a Spark event log',
    properties: kind === 'folder' ? ['openDirectory'] : ['openFile'],
    filters: kind === 'session' ? [{ name: 'Skewscope sessions', extensions: [SESSION_SUFFIX.slice(1)] }] : undefined,
  });
  return r.canceled ? undefined : r.filePaths[0];
}

function send(e: AppEvent): void {
  window?.webContents.send('skewscope:event', e);
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(recent, {
        open: async (kind) => {
          const path = await chooseOpenPath(kind);
          if (path) send({ type: 'open-request', path });
        },
        openRecent: (path) => send({ type: 'open-request', path }),
        openDemo: () => send({ type: 'menu', command: 'open-demo' }),
        saveSession: () => send({ type: 'menu', command: 'save-session' }),
        showView: (i) => send({ type: 'menu', command: 'show-view', view: VIEWS[i] }),
      }),
    ),
  );
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (e, url) => {
    if (!isTrusted(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

async function createWindow(): Promise<void> {
  window = new BrowserWindow(windowOptions(preload));
  window.once('ready-to-show', () => window?.show());
  await window.loadFile(rendererIndex);
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => harden(contents));

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  await loadRecent();
  for (const p of recent.slice().reverse()) service.rememberRecent(p);
  wireIpc(ipcMain, service, {
    isTrustedUrl: isTrusted,
    chooseOpenPath,
    broadcast: (channel, e) => {
      window?.webContents.send(channel, e);
      if (e.type === 'risk' && Notification.isSupported()) {
        new Notification({ title: `OOM risk high: ${e.risk.executorId === 'driver' ? 'driver' : `executor ${e.risk.executorId}`}`, body: e.risk.message }).show();
      }
    },
    opened: (path) => void remember(path),
  });
  buildMenu();
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  service.dispose();
  if (process.platform !== 'darwin') app.quit();
});
