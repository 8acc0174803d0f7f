// The gateway's listener: 127.0.0.1 only, one port for every profile. Node's HTTP parser reads the
// requests (bounded header size, strict framing, so no smuggling); this file only decides, before
// anything goes upstream, whether a request may pass: Host must be this listener's loopback
// address (DNS rebinding), browsers are refused (no CORS, ever), the target must be /api/v2/** and
// not token management, and the consumer key must be known, current and allowed to do this.
// Refusals are a status with a one-line reason in Genesys's error shape, and no upstream call.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { allowedByRules, isReadMethod, METHODS } from './allowlist.js';
import type { ConsumerKeyStore, KeyRecord } from './consumer-keys.js';
import { checkTarget, pathTemplate } from './path-policy.js';
import { GatewayRefusal, type Upstream } from './upstream.js';

export const MAX_HEADER_BYTES = 16 * 1024;

export interface RequestRecord {
  consumer: string;
  profileId: string;
  method: string;
  pathTemplate: string;
  status: number;
  ms: number;
  notes: string[];
}

export interface GatewayServerOptions {
  keys: ConsumerKeyStore;
  upstream: Upstream;
  /** The API base URL of a profile, or a sentence saying why there is none. */
  apiBaseUrl(profileId: string): { ok: true; url: string } | { ok: false; message: string };
  onRequest(record: RequestRecord): void;
  onRefused(consumer: string | undefined): void;
  now?: () => number;
}

export interface GatewayListener {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts listening on 127.0.0.1:port (0: any free port). */
export async function listenGateway(port: number, options: GatewayServerOptions): Promise<GatewayListener> {
  const now = options.now ?? Date.now;
  const sockets = new Set<Socket>();
  let allowedHosts = new Set<string>();
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: 15_000, requestTimeout: 10 * 60_000, keepAliveTimeout: 5_000 }, (req, res) => {
    void handle(req, res);
  });
  server.maxHeadersCount = 100;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    // Oversized or malformed requests: Node's parser refused them before any handler ran.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = now();
    const method = (req.method ?? 'GET').toUpperCase();
    let consumer: string | undefined;
    let record: KeyRecord | undefined;
    let template = '(refused)';
    const abort = new AbortController();
    res.on('close', () => {
      // The consumer went away before its answer was complete: stop waiting and stop the upstream call.
      if (!res.writableEnded) abort.abort();
    });
    try {
      const host = String(req.headers.host ?? '').toLowerCase();
      if (!allowedHosts.has(host)) throw new GatewayRefusal(403, 'gateway.host.refused', `the Host header "${host.slice(0, 100)}" is not this gateway's loopback address (use 127.0.0.1 or localhost with port ${boundPort})`);
      // Browsers send Origin on every cross-origin fetch (Node's fetch sends Sec-Fetch-Mode, but never Origin or Sec-Fetch-Site).
      if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
        throw new GatewayRefusal(403, 'gateway.browser.refused', 'web pages may not call the gateway (no CORS); call it from a program');
      }
      const target = checkTarget(req.url ?? '');
      if (!target.ok) throw new GatewayRefusal(target.status, 'gateway.path.refused', target.reason);
      template = pathTemplate(target.path);
      if (!(METHODS as readonly string[]).includes(method)) throw new GatewayRefusal(405, 'gateway.method.refused', `the gateway forwards ${METHODS.join(', ')} only, not ${method.slice(0, 20)}`);
      const presented = bearerOf(req.headers.authorization);
      if (presented === undefined) throw new GatewayRefusal(401, 'gateway.key.missing', 'no gateway key: send "Authorization: Bearer ttgw_…" (grant one with tokentray gateway grant)');
      const checked = options.keys.check(presented);
      if (!checked.ok) throw new GatewayRefusal(401, 'gateway.key.refused', checked.reason);
      record = checked.record;
      consumer = record.consumer;
      if (record.readOnly && !isReadMethod(method)) throw new GatewayRefusal(403, 'gateway.key.read_only', `the key of consumer "${consumer}" is read-only: ${method} is not allowed`);
      if (!allowedByRules(checked.rules, method, target.path)) throw new GatewayRefusal(403, 'gateway.key.not_allowed', `the key of consumer "${consumer}" does not allow ${method} ${template} (its allowlist: ${record.allow.join(', ')})`);
      const api = options.apiBaseUrl(record.profileId);
      if (!api.ok) throw new GatewayRefusal(503, 'gateway.profile.unusable', api.message);
      const outcome = await options.upstream.forward({ req, res, consumer, profileId: record.profileId, apiBaseUrl: api.url, path: target.path, query: target.query }, abort.signal);
      options.onRequest({ consumer, profileId: record.profileId, method, pathTemplate: template, status: outcome.status, ms: now() - started, notes: outcome.notes });
    } catch (error) {
      const refusal = error instanceof GatewayRefusal ? error : failureRefusal(error);
      options.onRefused(consumer);
      if (record) options.onRequest({ consumer: record.consumer, profileId: record.profileId, method, pathTemplate: template, status: refusal.status, ms: now() - started, notes: [refusal.code] });
      refuse(res, refusal);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${boundPort}`, `localhost:${boundPort}`]);
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

function bearerOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Engine errors are sentences meant for users; unknown failures may carry anything, so only their kind is said. */
function failureRefusal(error: unknown): GatewayRefusal {
  if (error instanceof Error && error.name === 'EngineError') return new GatewayRefusal(503, 'gateway.token.unavailable', `TokenTray has no usable token for this profile: ${error.message.replace(/\.$/, '')}`);
  if (error instanceof Error && error.name === 'BudgetFullError') return new GatewayRefusal(503, 'gateway.budget.full', `the request could not wait for the rate budget: ${error.message}`);
  return new GatewayRefusal(502, 'gateway.failed', `the gateway failed (${error instanceof Error ? error.name : typeof error}); see TokenTray's log`);
}

function refuse(res: ServerResponse, refusal: GatewayRefusal): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = refusal.status === 499 ? 400 : refusal.status;
  const body = JSON.stringify({ message: `TokenTray gateway: ${refusal.message}.`, code: refusal.code, status });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}
