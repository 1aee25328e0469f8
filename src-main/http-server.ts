// The HTTP transport for browser mode and `skewscope serve`: a small node:http server that other
// files extend by registering routes (REST v1, the app API, server-sent events, the static UI).
// Off loopback it requires an access token, because event logs carry hostnames, paths and config.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The request path after the route's prefix, without a leading slash ('' when equal). */
  rest: string;
}

/** Answers a request, or returns false to let a route with a shorter prefix try. */
export type RouteHandler = (ctx: RouteContext) => void | boolean | Promise<void | boolean>;

export interface HttpServerOptions {
  /** Default 127.0.0.1. Any non-loopback host requires an access token. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Access token to require; generated when the host is not loopback and none is given. */
  token?: string;
}

export interface SkewscopeHttpServer {
  server: Server;
  host: string;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The required access token, when there is one. */
  token?: string;
  /** Serve requests whose path is `prefix` or starts with `prefix/`. Longest prefix is tried first. */
  route(prefix: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'skewscope_token';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export async function startHttpServer(opts: HttpServerOptions = {}): Promise<SkewscopeHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString('hex'));
  const routes: { prefix: string; handler: RouteHandler }[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A handler bug must not leak a stack to the client nor kill the server.
      console.error(`skewscope: error answering ${req.method} ${req.url}: ${(err as Error)?.message ?? err}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error; see the server log.');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (token !== undefined && !authorised(req, url, token)) {
      sendText(res, 401, 'Missing or wrong access token: add ?token=<token> or an "Authorization: Bearer <token>" header.');
      return;
    }
    if (token !== undefined && url.searchParams.get('token') === token) {
      // Pages loaded with ?token= keep working for the requests they make themselves.
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const path = safeDecode(url.pathname);
    for (const { prefix, handler } of routes) {
      const rest = matchPrefix(path, prefix);
      if (rest === undefined) continue;
      const answered = await handler({ req, res, url, rest });
      if (answered !== false) return;
    }
    sendText(res, 404, `No such page: ${path}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  return {
    server,
    host,
    port,
    url: `http://${urlHost}:${port}`,
    token,
    route(prefix, handler) {
      routes.push({ prefix: prefix.replace(/\/+$/, ''), handler });
      routes.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function matchPrefix(path: string, prefix: string): string | undefined {
  if (prefix === '') return path.replace(/^\/+/, '');
  if (path === prefix) return '';
  if (path.startsWith(prefix + '/')) return path.slice(prefix.length + 1);
  return undefined;
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function authorised(req: IncomingMessage, url: URL, token: string): boolean {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(TOKEN_COOKIE + '='))
    ?.slice(TOKEN_COOKIE.length + 1);
  return [bearer, url.searchParams.get('token') ?? undefined, cookie].some((t) => t !== undefined && sameSecret(t, token));
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
