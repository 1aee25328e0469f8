// Electron main-process wiring with an injected IPC layer: sender checks, zod validation,
// native dialogs, Open Recent bookkeeping, events to the window, and the menu's shape.
import { describe, expect, it } from 'vitest';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHANNELS, trustedRendererUrl, wireIpc, type IpcCaller, type IpcLike } from '../src-main/ipc-wiring.js';
import { createAppService } from '../src-main/app-service-factory.js';
import { menuTemplate } from '../src-main/app-menu.js';
import type { AppEvent, OpenResult } from '../engine/views/contract.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const index = pathToFileURL('/opt/skewscope/dist/renderer/index.html').href;

function harness(choose: string | undefined = undefined) {
  const handlers = new Map<string, (e: IpcCaller, ...args: unknown[]) => unknown>();
  const ipc: IpcLike = { handle: (ch, fn) => void handlers.set(ch, fn) };
  const service = createAppService({ transport: 'electron', sessionDir: fileURLToPath(new URL('../.bench/sessions-test/', import.meta.url)) });
  const sent: AppEvent[] = [];
  const opened: string[] = [];
  const dialogs: string[] = [];
  wireIpc(ipc, service, {
    isTrustedUrl: trustedRendererUrl(index),
    chooseOpenPath: async (kind) => {
      dialogs.push(kind);
      return choose;
    },
    broadcast: (_ch, e) => sent.push(e),
    opened: (p) => opened.push(p),
  });
  const ours: IpcCaller = { senderFrame: { url: index }, sender: { id: 1 } };
  const call = (caller: IpcCaller, ch: string, ...args: unknown[]) => Promise.resolve(handlers.get(ch)!(caller, ...args));
  return { service, sent, opened, dialogs, ours, call, handlers };
}

describe('Electron IPC wiring', () => {
  it('registers exactly the call and dialog channels', () => {
    const h = harness();
    expect([...h.handlers.keys()].sort()).toEqual([CHANNELS.call, CHANNELS.openDialog].sort());
  });

  it('refuses calls from any frame that is not our renderer page', async () => {
    const h = harness();
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'about:blank', 'not a url']) {
      await expect(h.call({ senderFrame: { url }, sender: { id: 2 } }, CHANNELS.call, 'listRuns', {})).rejects.toThrow(/Refused/);
    }
    await expect(h.call({ senderFrame: null, sender: { id: 2 } }, CHANNELS.openDialog, 'file')).rejects.toThrow(/Refused/);
  });

  it('validates method names and arguments before the service sees them', async () => {
    const h = harness();
    expect(await h.call(h.ours, CHANNELS.call, 'constructor', {})).toEqual({ error: 'Unknown API call: constructor' });
    const bad = (await h.call(h.ours, CHANNELS.call, 'openPath', { path: 42 })) as { error: string };
    expect(bad.error).toMatch(/Bad arguments for openPath: path/);
    const extra = (await h.call(h.ours, CHANNELS.call, 'overview', { runId: 'x', asOf: 1, evil: true })) as { error: string };
    expect(extra.error).toMatch(/Bad arguments for overview/);
  });

  it('opens a real fixture log through the call channel, remembers it, and tells the window', async () => {
    const h = harness();
    const path = `${fixtures}local-1422981780767`;
    const r = (await h.call(h.ours, CHANNELS.call, 'openPath', { path })) as { value: OpenResult };
    expect(r.value.runs.map((x) => x.appId)).toEqual(['local-1422981780767']);
    expect(h.opened).toEqual([path]);
    expect(h.sent).toContainEqual({ type: 'runs-changed' });
    const runs = (await h.call(h.ours, CHANNELS.call, 'listRuns', {})) as { value: { id: string }[] };
    expect(runs.value).toHaveLength(1);
  });

  it('shows the native dialog for the asked kind; cancelling opens nothing', async () => {
    const cancel = harness(undefined);
    expect(await cancel.call(cancel.ours, CHANNELS.openDialog, 'folder')).toBeNull();
    expect(cancel.dialogs).toEqual(['folder']);
    const pick = harness(`${fixtures}eventlog_v2_local-1766844910796`);
    const r = (await pick.call(pick.ours, CHANNELS.openDialog, 'folder')) as OpenResult;
    expect(r.runs).toHaveLength(1);
    expect(pick.opened).toEqual([`${fixtures}eventlog_v2_local-1766844910796`]);
    const odd = (await pick.call(pick.ours, CHANNELS.openDialog, 'anything')) as OpenResult;
    expect(odd.error?.message).toMatch(/Unknown dialog kind/);
  });

  it('reports a broken log with its file instead of throwing', async () => {
    const h = harness();
    const r = (await h.call(h.ours, CHANNELS.call, 'openPath', { path: `${fixtures}sparklint/invalid_log_file` })) as { value: OpenResult };
    expect(r.value.runs).toEqual([]);
    expect(r.value.error?.message).toMatch(/invalid_log_file/);
    expect(h.opened).toEqual([]);
  });
});

describe('native menu', () => {
  it('has File > Open (log, folder, session), Open Recent with the recent paths, and Open Demo', () => {
    const calls: string[] = [];
    const template = menuTemplate(['/logs/a', '/logs/b'], {
      open: (k) => calls.push(`open:${k}`),
      openRecent: (p) => calls.push(`recent:${p}`),
      openDemo: () => calls.push('demo'),
      saveSession: () => calls.push('save'),
      showView: (i) => calls.push(`view:${i}`),
    }, false);
    const file = template.find((m) => m.label === 'File')!.submenu as { label?: string; click?: () => void; submenu?: { label: string; click?: () => void }[] }[];
    const labels = file.map((i) => i.label).filter(Boolean);
    expect(labels).toEqual(['Open Event Log…', 'Open Rolling-Log Folder…', 'Open Saved Session…', 'Open Recent', 'Open Demo', 'Save Session']);
    for (const item of file) item.click?.();
    const recent = file.find((i) => i.label === 'Open Recent')!.submenu!;
    expect(recent.map((r) => r.label)).toEqual(['/logs/a', '/logs/b']);
    recent[1].click?.();
    expect(calls).toEqual(['open:file', 'open:folder', 'open:session', 'demo', 'save', 'recent:/logs/b']);
  });
});
