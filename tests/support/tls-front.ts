// An HTTPS front on 127.0.0.1 that passes every request to an HTTP server (the sandbox IdP), so
// the engine talks TLS with a certificate from the test CA, as it would to Genesys behind TLS
// inspection.

import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface TlsFront {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startTlsFront(target: string, tls: { cert: string; key: string }): Promise<TlsFront> {
  const server: Server = createServer(tls, (req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
