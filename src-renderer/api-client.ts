// The renderer's only door to the engine: the app API contract over the Electron preload bridge,
// or over HTTP + server-sent events in browser mode. Types only come from engine/.
import type { AppApi, AppEvent, AppMethod, OpenResult } from '../engine/views/contract.js';

/** What src-main/preload.ts exposes as window.skewscope. */
export interface ElectronBridge {
  call(method: string, args: unknown): Promise<{ value?: unknown; error?: string }>;
  onEvent(listener: (e: AppEvent) => void): () => void;
  openDialog(kind: 'file' | 'folder' | 'session'): Promise<OpenResult | null>;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    skewscope?: ElectronBridge;
  }
}

export class ApiError extends Error {}

export type Client = AppApi & {
  onEvent(listener: (e: AppEvent) => void): () => void;
  bridge?: ElectronBridge;
};

function httpCall(method: AppMethod, args: unknown): Promise<unknown> {
  return fetch(`./app-api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args ?? {}),
  }).then(async (res) => {
    const body = (await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }))) as { value?: unknown; error?: string };
    if (!res.ok || body.error !== undefined) throw new ApiError(body.error ?? `${method}: HTTP ${res.status}`);
    return body.value;
  });
}

function httpEvents(listener: (e: AppEvent) => void): () => void {
  const source = new EventSource('./app-api/events');
  source.onmessage = (m) => listener(JSON.parse(m.data) as AppEvent);
  return () => source.close();
}

export function createClient(): Client {
  const bridge = typeof window !== 'undefined' ? window.skewscope : undefined;
  const call = bridge
    ? async (method: AppMethod, args: unknown) => {
        const r = await bridge.call(method, args ?? {});
        if (r.error !== undefined) throw new ApiError(r.error);
        return r.value;
      }
    : httpCall;
  const methods: AppMethod[] = [
    'capabilities', 'listRuns', 'recent', 'browse', 'openPath', 'openDemo', 'startLiveReplay', 'closeRun',
    'overview', 'memory', 'timeline', 'executors', 'stages', 'stage', 'findings', 'task', 'saveSession',
    'glueRuns', 'openGlueRun',
    'tunerState', 'tunerStart', 'tunerTrial', 'tunerCancel', 'tunerHistory',
  ];
  const client = Object.fromEntries(methods.map((m) => [m, (args?: unknown) => call(m, args)])) as unknown as Client;
  client.onEvent = bridge ? (l) => bridge.onEvent(l) : httpEvents;
  client.bridge = bridge;
  return client;
}

export const api = createClient();
