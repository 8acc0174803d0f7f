// Loopback servers for the security tests: a hostile peer whose answer each test chooses, and a
// "somewhere else" server that records everything it receives, so a test can assert that no
// request (and no secret) ever reached it.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  url: string;
  port: number;
  received: RecordedRequest[];
  /** Replace the answer for the following requests. */
  respond(handler: (req: RecordedRequest, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: (req: RecordedRequest, res: ServerResponse) => void = (_req, res) => res.writeHead(200).end('{}')): Promise<LoopbackServer> {
  let current = handler;
  const received: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(recorded);
      current(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    respond: (next) => void (current = next),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A handler that answers every request with a redirect to `location`. */
export const redirectTo = (status: number, location: string) => (_req: RecordedRequest, res: ServerResponse) => {
  res.writeHead(status, { location, 'content-type': 'application/json' }).end('{"access_token":"from-the-wrong-host","expires_in":3600}');
};
