// Reads a dashboard request body up to a limit. Over the limit it answers 413 with a plain-text
// sentence (the browser transport shows an error response's text as the message), drains the rest
// and keeps the connection, so the dashboard says "too large" instead of "Lost contact with
// TokenTray". Meant for the dashboard server's call endpoint.

import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyRead = { ok: true; body: string } | { ok: false };

export function readLimitedBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let over = false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) return resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
      const kb = Math.round(limitBytes / 1024);
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`The request is too large (${Math.round(size / 1024).toLocaleString('en')} KB; the limit is ${kb} KB). A pasted token is at most a few thousand characters: paste the token alone.`);
      resolve({ ok: false });
    });
    req.on('error', reject);
  });
}
