// A hostile hop between TokenTray and the sandbox for the faults the sandbox itself cannot play:
// a connection dropped before the request reaches the server, and a response lost after the
// server acted on the request (it rotated the refresh token, but the answer never arrives).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault = 'drop' | 'lose_response';

export interface LossyProxy {
  baseUrl: string;
  /** Faults for the next requests, in order; empty means pass everything through. */
  queue: ProxyFault[];
  /** How many requests the server acted on but whose answer was thrown away. */
  lostResponses: number;
  close(): Promise<void>;
}

export async function startLossyProxy(targetBaseUrl: string): Promise<LossyProxy> {
  const target = new URL(targetBaseUrl);
  const sockets = new Set<Socket>();
  const proxy: LossyProxy = { baseUrl: '', queue: [], lostResponses: 0, close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const fault = proxy.queue.shift();
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (fault === 'lose_response') {
          proxy.lostResponses += 1;
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return proxy;
}
