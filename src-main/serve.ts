// `skewscope serve`: loads every application under a folder and serves them over HTTP: Spark's
// REST v1, and browser mode (the app API, its events and the UI) on the same server. The UI may
// open only paths under the served folder.
import type { IngestWarning } from '../engine/model/job-run.js';
import { RunCatalog } from '../engine/api.js';
import { startHttpServer, type SkewscopeHttpServer } from './http-server.js';
import { registerHistoryRestRoutes } from './history-rest-routes.js';
import { registerAppApiRoutes } from './app-api-routes.js';
import { createAppService } from './app-service-factory.js';
import type { AppService } from '../engine/views/app-service.js';

export interface ServeOptions {
  eventLogs: string;
  host?: string;
  port?: number;
}

export interface Serving {
  server: SkewscopeHttpServer;
  catalog: RunCatalog;
  /** The app API behind the UI; holds the catalog's runs plus whatever the UI opens. */
  app: AppService;
  warnings: IngestWarning[];
}

export async function startServe(opts: ServeOptions): Promise<Serving> {
  const catalog = new RunCatalog();
  const { warnings } = await catalog.open(opts.eventLogs);
  const server = await startHttpServer({ host: opts.host, port: opts.port });
  const app = createAppService({ transport: 'http', roots: [opts.eventLogs] });
  app.addRuns([...catalog.runs()]);
  registerHistoryRestRoutes(server, () => app.allRuns());
  registerAppApiRoutes(server, app);
  return { server, catalog, app, warnings };
}
