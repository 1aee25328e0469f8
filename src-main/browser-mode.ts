// Browser mode: one HTTP server carrying the UI, the app API (+ SSE) and Spark's REST v1, on
// 127.0.0.1 unless told otherwise (other hosts require the access token).
import { startHttpServer, type SkewscopeHttpServer } from './http-server.js';
import { registerHistoryRestRoutes } from './history-rest-routes.js';
import { registerAppApiRoutes } from './app-api-routes.js';
import { createAppService } from './app-service-factory.js';
import type { AppService } from '../engine/views/app-service.js';

export interface BrowserModeOptions {
  host?: string;
  port?: number;
  token?: string;
  /** Folders the API may read (`--event-logs DIR`). */
  roots: string[];
  /** Open these first (the configured event-log folder). */
  open?: string[];
  rendererDir?: string;
  sessionDir?: string;
  demoDir?: string;
}

export interface BrowserMode {
  http: SkewscopeHttpServer;
  service: AppService;
  /** The URL to open, with the token when one is required. */
  url: string;
  close(): Promise<void>;
}

export async function startBrowserMode(o: BrowserModeOptions): Promise<BrowserMode> {
  const service = createAppService({ transport: 'http', roots: o.roots, sessionDir: o.sessionDir, demoDir: o.demoDir });
  const http = await startHttpServer({ host: o.host, port: o.port, token: o.token });
  registerHistoryRestRoutes(http, () => service.allRuns());
  registerAppApiRoutes(http, service, o.rendererDir);
  for (const p of o.open ?? []) await service.openPath({ path: p });
  return {
    http,
    service,
    url: `${http.url}/${http.token ? `?token=${http.token}` : ''}`,
    close: async () => {
      service.dispose();
      await http.close();
    },
  };
}
