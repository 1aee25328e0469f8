// A loopback HTTP server speaking AWS's JSON RPC protocols (awsJson1_0 / awsJson1_1): POST /,
// `x-amz-target: <Service>.<Operation>`, a JSON body, `__type` on errors. Stand-ins for
// CloudWatch and Glue mount on it (several on one server, like one --endpoint-url serving every
// service) and check what the real SDK clients send.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export class StandinError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface AwsJsonRequest {
  operation: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Access key id from the SigV4 Authorization header (the key id only; no secret ever travels). */
  accessKeyId?: string;
  region?: string;
  service?: string;
}

export interface AwsJsonServer {
  url: string;
  /** Every request received, in order. */
  requests: AwsJsonRequest[];
  /** Protocol violations found in requests; a test asserts this stays empty. */
  problems: string[];
  /** Answer the next `count` requests of `operation` (or any) with this error. */
  failNext(error: StandinError, count?: number, operation?: string): void;
  /** Serve `<targetPrefix>.*` requests with `handle`. */
  mount(service: ServiceMount): void;
  /** Proxy requests that are not AWS JSON RPC (S3's REST calls) to this server, e.g. s3rver. */
  forwardOthersTo(url: string): void;
  close(): Promise<void>;
}

export interface ServiceMount {
  targetPrefix: string;
  contentType: string;
  handle: (req: AwsJsonRequest) => unknown;
}

export async function startAwsJsonServer(): Promise<AwsJsonServer> {
  const mounts: ServiceMount[] = [];
  const requests: AwsJsonRequest[] = [];
  const problems: string[] = [];
  const failures: { error: StandinError; count: number; operation?: string }[] = [];
  let forward: URL | undefined;

  const server = createServer((req, res) => {
    if (forward && req.headers['x-amz-target'] === undefined) {
      // Host stays as signed: the upstream checks the SigV4 signature over it.
      const upstream = httpRequest({ host: forward.hostname, port: forward.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      req.pipe(upstream);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const mount = mounts.find((m) => target.startsWith(`${m.targetPrefix}.`));
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': mount?.contentType ?? 'application/json', 'x-amzn-requestid': `standin-${requests.length}` });
        res.end(JSON.stringify(body));
      };
      const fail = (e: StandinError) => reply(e.status, { __type: e.type, message: e.message });
      if (req.method !== 'POST' || req.url !== '/') problems.push(`expected POST /, got ${req.method} ${req.url}`);
      if (!mount) {
        problems.push(`x-amz-target ${target} is not served here`);
        return fail(new StandinError('UnknownOperationException', target));
      }
      if (!String(req.headers['content-type'] ?? '').startsWith(mount.contentType)) {
        problems.push(`content-type ${req.headers['content-type']} instead of ${mount.contentType}`);
      }
      const auth = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
      if (!auth) problems.push(`${target}: no SigV4 Authorization header`);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        problems.push(`${target}: body is not JSON`);
      }
      const request: AwsJsonRequest = {
        operation: target.slice(mount.targetPrefix.length + 1),
        body,
        headers: req.headers,
        ...(auth ? { accessKeyId: auth[1], region: auth[2], service: auth[3] } : {}),
      };
      requests.push(request);
      const f = failures.find((x) => x.count > 0 && (!x.operation || x.operation === request.operation));
      if (f) {
        f.count--;
        return fail(f.error);
      }
      try {
        reply(200, mount.handle(request));
      } catch (e) {
        if (e instanceof StandinError) return fail(e);
        problems.push(`${target}: ${(e as Error).message}`);
        fail(new StandinError('InternalFailure', (e as Error).message, 500));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    failNext(error, count = 1, operation) {
      failures.push({ error, count, operation });
    },
    mount(service) {
      mounts.push(service);
    },
    forwardOthersTo(url) {
      forward = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
