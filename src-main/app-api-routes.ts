// Browser mode: the app API over HTTP (POST /app-api/<method>), its events as server-sent events
// (GET /app-api/events), and the built UI itself, on the same server as the REST API.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { isLoopbackHost, sendJson, sendText, type SkewscopeHttpServer } from './http-server.js';
import { dispatch } from './api-dispatch.js';
import type { AppService } from '../engine/views/app-service.js';

import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function defaultRendererDir(): string {
  // Built: dist/src-main/ -> dist/renderer. From source (tests run the TS): src-main/ -> dist/renderer.
  const built = /\/dist\/src-main\/[^/]+$/.test(new URL(import.meta.url).pathname);
  return fileURLToPath(new URL(built ? '../renderer/' : '../dist/renderer/', import.meta.url));
}

const MAX_BODY = 64 * 1024;

/**
 * View data can hold millions of numbers: no indentation, and gzip for remote browsers (on
 * loopback, compressing 25 MB costs more time than sending it).
 */
function sendCompactJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const remote = !isLoopbackHost(res.req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '');
  const gzip = remote && text.length > 64 * 1024 && /\bgzip\b/.test(String(res.req.headers['accept-encoding'] ?? ''));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(gzip ? gzipSync(text, { level: 1 }) : text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function registerAppApiRoutes(server: SkewscopeHttpServer, service: AppService, rendererDir = defaultRendererDir()): void {
  server.route('/app-api/events', ({ req, res }) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = service.subscribe((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  server.route('/app-api', async ({ req, res, rest }) => {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST with a JSON body of arguments.');
    // Cross-site pages cannot make a JSON POST without a preflight we never answer; insist on JSON.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendText(res, 415, 'Send arguments as application/json.');
    let args: unknown;
    try {
      const body = await readBody(req);
      args = body.trim() === '' ? undefined : JSON.parse(body);
    } catch (err) {
      return sendJson(res, 400, { error: `Unreadable request body: ${(err as Error).message}` });
    }
    const result = await dispatch(service, rest, args);
    if (result.ok) sendCompactJson(res, 200, { value: result.value ?? null });
    else sendJson(res, result.status, { error: result.message });
  });

  server.route('', async ({ req, res, rest }) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const rel = rest === '' ? 'index.html' : rest;
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(normalize(rendererDir + sep)) && file !== normalize(rendererDir)) return false;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (rest === '' ) return sendText(res, 500, 'The UI is not built yet: run `npm run build`.');
      return false;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
