// The browser dashboard: the same renderer, served on 127.0.0.1 by the Node entry, talking to
// the real engine over HTTP (calls) and server-sent events (events). Loopback only; the URL
// carries a random per-run key that is swapped for an HttpOnly SameSite=Strict cookie on first
// load; Host and Origin are checked so other sites and DNS-rebinding pages get nothing.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiHandlers, EventName } from '../../shared/ipc.js';
import { dispatchCall } from '../app/dispatch.js';
import type { Logger } from '../engine/contracts.js';
import type { EngineChange } from '../engine/engine.js';
import { CONTENT_SECURITY_POLICY } from '../app/content-security-policy.js';

export interface DashboardServer {
  /** The URL to open, with the one-time key. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const COOKIE = 'tokentray_session';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function startDashboardServer(options: {
  handlers: ApiHandlers;
  rendererDir: string;
  subscribe: (listener: (change: EngineChange) => void) => () => void;
  port?: number;
  logger?: Logger;
}): Promise<DashboardServer> {
  const key = randomBytes(24).toString('base64url');
  const root = normalize(options.rendererDir + sep);
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const sameKey = (candidate: string | undefined) => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(key);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const cookieKey = (req: IncomingMessage) => /(?:^|;\s*)tokentray_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger?.error('dashboard request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return deny(res, 403, 'Cross-origin requests are refused.');

    // First load: trade the key in the URL for a cookie, and drop it from the address bar.
    if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('key')) {
      if (!sameKey(url.searchParams.get('key') ?? undefined)) return deny(res, 403, 'This dashboard link is not valid (it changes every run). Use the URL TokenTray printed.');
      res.writeHead(303, { location: '/', 'set-cookie': `${COOKIE}=${key}; HttpOnly; SameSite=Strict; Path=/`, 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (!sameKey(cookieKey(req))) return deny(res, 403, 'Open the dashboard with the URL TokenTray printed (it carries a one-time key).');

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return deny(res, 405, 'Use POST.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, 'Send JSON.');
      const body = await readBody(req);
      let payload: unknown;
      try {
        payload = body.length === 0 ? undefined : (JSON.parse(body) as { request?: unknown }).request;
      } catch {
        return json(res, 400, { ok: false, error: { code: 'invalid_payload', message: 'The request body is not JSON.' } });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      return json(res, 200, await dispatchCall(options.handlers, name, payload, options.logger));
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res);
    if (req.method !== 'GET') return deny(res, 405, 'Method not allowed.');
    return serveStatic(url.pathname, res);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((change) => {
      const [event, payload] = toEvent(change);
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const file = normalize(join(root, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
    if (!file.startsWith(root)) return deny(res, 404, 'Not found.');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
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
    url: `http://127.0.0.1:${port}/?key=${key}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const stream of streams) stream.end();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function toEvent(change: EngineChange): [EventName, unknown] {
  switch (change.type) {
    case 'status':
      return ['status', change.status];
    case 'profiles':
      return ['profiles', change.profiles];
    case 'audit':
      return ['audit', change.entry];
    case 'notice':
      return ['notice', { level: change.level, title: change.title, message: change.message, ...(change.profileId ? { profileId: change.profileId } : {}) }];
  }
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 256 * 1024) {
        reject(new Error('request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
