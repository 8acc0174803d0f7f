// The browser dashboard: the same renderer, served on 127.0.0.1 by the Node entry, talking to
// the real engine over HTTP (calls) and a server-sent-events stream read with fetch (events).
// Loopback only; Host and Origin are checked so other sites and DNS-rebinding pages get nothing.
// Static files hold nothing secret and are served to anyone who passes those checks; every /api
// request needs the session credential header (see dashboard-session.ts for why not a cookie).

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { SESSION_HEADER, type ApiHandlers } from '../../shared/ipc.js';
import { engineChangeToEvent } from '../services/dashboard-events.js';
import { dispatchCall } from '../services/dispatch.js';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy.js';
import type { Logger, EngineChange } from '../engine/index.js';
import { DashboardSessions } from './dashboard-session.js';
import { COMMON_HEADERS, RequestTooLargeError, deny, json, readBody, safeDecode } from './http-replies.js';

export interface DashboardServer {
  /** The URL to open, with the current one-time key in its fragment. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Large enough for a pasted token of the inspector's maximum size, small enough to refuse floods. */
export const MAX_CALL_BODY_BYTES = 256 * 1024;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function startDashboardServer(options: {
  handlers: ApiHandlers;
  rendererDir: string;
  subscribe: (listener: (change: EngineChange) => void) => () => void;
  port?: number;
  logger?: Logger;
  /** Told the new link each time the previous one is used, so the user can open another tab. */
  onNewLink?: (url: string) => void;
}): Promise<DashboardServer> {
  const root = normalize(options.rendererDir + sep);
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  let port = 0;
  const linkFor = (key: string) => `http://127.0.0.1:${port}/#key=${key}`;
  const sessions = new DashboardSessions((key) => options.onNewLink?.(linkFor(key)));

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof RequestTooLargeError) {
        res.setHeader('connection', 'close');
        return json(res, 413, { ok: false, error: { code: 'too_large', message: `${error.message} Paste a smaller value.` } });
      }
      options.logger?.error('dashboard request failed', { error: error instanceof Error ? error.message : String(error) });
      json(res, 500, { ok: false, error: { code: 'internal_error', message: 'The dashboard request failed inside TokenTray; see its log.' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'Unexpected Host header.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return deny(res, 403, 'Cross-origin requests are refused.');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      return deny(res, 400, 'The request address is malformed.');
    }
    const pathname = safeDecode(url.pathname);
    if (pathname === undefined) return deny(res, 400, 'The request address has a malformed %-escape.');

    if (pathname === '/api/session') {
      if (req.method !== 'POST') return deny(res, 405, 'Use POST.');
      const body = parseJsonBody(await readBody(req, 4096));
      const key = typeof body === 'object' && body !== null && 'key' in body ? (body as { key: unknown }).key : undefined;
      const result = sessions.exchange(key);
      return result.ok ? json(res, 200, { ok: true, value: { session: result.session } }) : json(res, 403, { ok: false, error: { code: result.code, message: result.message } });
    }
    if (pathname.startsWith('/api/')) {
      if (!sessions.isValid(headerValue(req, SESSION_HEADER))) {
        return json(res, 401, { ok: false, error: { code: 'no_session', message: 'This page has no dashboard session. Open the one-time link TokenTray printed in its terminal.' } });
      }
      if (pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res);
      if (!pathname.startsWith('/api/call/')) return deny(res, 404, 'Not found.');
      if (req.method !== 'POST') return deny(res, 405, 'Use POST.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, 'Send JSON.');
      const body = parseJsonBody(await readBody(req, MAX_CALL_BODY_BYTES));
      if (body === INVALID_JSON) return json(res, 400, { ok: false, error: { code: 'invalid_payload', message: 'The request body is not JSON.' } });
      const payload = typeof body === 'object' && body !== null && 'request' in body ? (body as { request: unknown }).request : undefined;
      return json(res, 200, await dispatchCall(options.handlers, pathname.slice('/api/call/'.length), payload, options.logger));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    return serveStatic(pathname, res);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((change) => {
      const event = engineChangeToEvent(change);
      let data: string;
      try {
        data = JSON.stringify(event.payload);
      } catch {
        options.logger?.error('dashboard event could not be encoded', { event: event.name });
        return;
      }
      res.write(`event: ${event.name}\ndata: ${data}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = normalize(join(root, pathname === '/' ? '/index.html' : pathname));
    if (!file.startsWith(root)) return deny(res, 404, 'Not found.');
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...COMMON_HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY });
      res.end(body);
    } catch {
      deny(res, 404, pathname === '/' ? 'The dashboard has not been built: run `npm run build:renderer`.' : 'Not found.');
    }
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is already in use; set TOKENTRAY_DASHBOARD_PORT to another port or 0 for any free one.`) : error));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    get url() {
      return linkFor(sessions.currentKey());
    },
    port,
    close: () => new Promise<void>((resolve) => {
      for (const stream of streams) stream.end();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

const INVALID_JSON = Symbol('invalid JSON');

function parseJsonBody(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
