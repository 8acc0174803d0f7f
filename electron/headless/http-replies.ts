// Small, always-terminating HTTP replies for the browser dashboard server. Every reply carries
// the same hardening headers, and a reply that cannot be serialised still ends the exchange.

import type { IncomingMessage, ServerResponse } from 'node:http';

export const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

export class RequestTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
    this.name = 'RequestTooLargeError';
  }
}

export function deny(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** JSON reply; a value that cannot be serialised (a cycle, a BigInt) becomes a 500 with a message. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    status = 500;
    text = JSON.stringify({ ok: false, error: { code: 'internal_error', message: 'TokenTray could not encode its answer. This is a bug; the details are in its log.' } });
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json' });
  res.end(text);
}

/** Reads a body up to `limit` bytes; past it, rejects with RequestTooLargeError and drains the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new RequestTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    let size = 0;
    let tooLarge = false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new RequestTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** decodeURIComponent that answers undefined for a malformed escape such as `%zz` or `%`. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
