import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingReceiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  /** Status code answered to the next requests. */
  status: number;
  close(): Promise<void>;
}

/** A loopback webhook receiver that records every request and answers a settable status. */
export async function startRecordingReceiver(path = '/hook'): Promise<RecordingReceiver> {
  const receiver: RecordingReceiver = { url: '', received: [], status: 204, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body });
      res.writeHead(receiver.status);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
