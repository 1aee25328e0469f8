// Wires the app API service with the real importer, the demo and the analysis, for each host:
// Electron (any path the user picks) and browser mode (only configured roots).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { AppService } from '../engine/views/app-service.js';
import type { Capabilities } from '../engine/views/contract.js';
import { loadDemo } from './demo.js';

export interface AppServiceHostOptions {
  transport: Capabilities['transport'];
  /** Browser mode: folders the API may read (plus the session folder). Electron: undefined. */
  roots?: string[];
  sessionDir?: string;
  demoDir?: string;
}

export function defaultSessionDir(): string {
  return join(homedir(), '.skewscope', 'sessions');
}

export function createAppService(o: AppServiceHostOptions): AppService {
  const sessionDir = o.sessionDir ?? defaultSessionDir();
  return new AppService({
    transport: o.transport,
    roots: o.roots === undefined ? undefined : [...o.roots, sessionDir],
    sessionDir,
    openEventLogs: (path, opts) => openEventLogs(path, { onProgress: opts?.onProgress }),
    openDemo: () => loadDemo(o.demoDir),
  });
}
