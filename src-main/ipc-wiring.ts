// Electron's IPC transport of the app API, written against a minimal IPC interface so the wiring
// (sender checks, argument validation, dialogs, events) is unit-tested without Electron.
import { z } from 'zod';
import type { AppEvent, OpenResult } from '../engine/views/contract.js';
import type { AppService } from '../engine/views/app-service.js';
import { dispatch } from './api-dispatch.js';

export const CHANNELS = {
  call: 'skewscope:call',
  openDialog: 'skewscope:open-dialog',
  event: 'skewscope:event',
} as const;

/** What an IPC handler is told about its caller (Electron's IpcMainInvokeEvent, narrowed). */
export interface IpcCaller {
  senderFrame: { url: string } | null;
  sender: { id: number };
}

export interface IpcLike {
  handle(channel: string, listener: (event: IpcCaller, ...args: unknown[]) => unknown): void;
}

export type DialogKind = 'file' | 'folder' | 'session';

export interface IpcWiringOptions {
  /** True only for our own renderer page. */
  isTrustedUrl(url: string): boolean;
  /** Shows a native open dialog; undefined when cancelled. */
  chooseOpenPath(kind: DialogKind): Promise<string | undefined>;
  /** Delivers an app event to every window. */
  broadcast(channel: string, event: AppEvent): void;
  /** Called after every successful open, for Open Recent. */
  opened?(path: string): void;
}

const dialogKind = z.enum(['file', 'folder', 'session']);

export class UntrustedSenderError extends Error {}

export function wireIpc(ipc: IpcLike, service: AppService, o: IpcWiringOptions): () => void {
  const check = (e: IpcCaller) => {
    const url = e.senderFrame?.url;
    if (url === undefined || !o.isTrustedUrl(url)) throw new UntrustedSenderError(`Refused an IPC call from ${url ?? 'an unknown frame'}`);
  };
  ipc.handle(CHANNELS.call, async (e, method, args) => {
    check(e);
    const r = await dispatch(service, method, args);
    if (r.ok && method === 'openPath' && (r.value as OpenResult).runs.length > 0) o.opened?.((args as { path: string }).path);
    return r.ok ? { value: r.value } : { error: r.message };
  });
  ipc.handle(CHANNELS.openDialog, async (e, kind) => {
    check(e);
    const k = dialogKind.safeParse(kind);
    if (!k.success) return { runs: [], warnings: [], error: { message: `Unknown dialog kind: ${String(kind)}` } } satisfies OpenResult;
    const path = await o.chooseOpenPath(k.data);
    if (path === undefined) return null;
    const result = await service.openPath({ path });
    if (result.runs.length > 0) o.opened?.(path);
    return result;
  });
  return service.subscribe((e) => o.broadcast(CHANNELS.event, e));
}

/** Our renderer is exactly dist/renderer/index.html loaded from disk. */
export function trustedRendererUrl(indexFileUrl: string): (url: string) => boolean {
  const expected = new URL(indexFileUrl);
  return (url) => {
    try {
      const u = new URL(url);
      return u.protocol === 'file:' && u.pathname === expected.pathname;
    } catch {
      return false;
    }
  };
}
