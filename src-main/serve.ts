// `skewscope serve`: loads every application under a folder and serves them over HTTP. Browser
// mode extends this (the app API, events and the UI register on the same server).
import type { IngestWarning } from '../engine/model/job-run.js';
import { RunCatalog } from '../engine/api.js';
import { startHttpServer, type SkewscopeHttpServer } from './http-server.js';
import { registerHistoryRestRoutes } from './history-rest-routes.js';

export interface ServeOptions {
  eventLogs: string;
  host?: string;
  port?: number;
}

export interface Serving {
  server: SkewscopeHttpServer;
  catalog: RunCatalog;
  warnings: IngestWarning[];
}

export async function startServe(opts: ServeOptions): Promise<Serving> {
  const catalog = new RunCatalog();
  const { warnings } = await catalog.open(opts.eventLogs);
  const server = await startHttpServer({ host: opts.host, port: opts.port });
  registerHistoryRestRoutes(server, () => catalog.runs());
  return { server, catalog, warnings };
}
