// The sandbox's HTTP plumbing: errors that become JSON answers, body reading with a size cap, and
// the small comparisons every endpoint needs.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by a handler; the server turns it into a JSON answer with this status and headers. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>, readonly headers: Record<string, string> = {}) {
    super(String(body.error ?? body.message ?? status));
  }
}

export const oauthError = (status: number, error: string, description: string) => new HttpError(status, { error, error_description: description });

export const randomToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

export function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw oauthError(400, 'invalid_request', `Missing required parameter ${name}.`);
  return value;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) {
        reject(oauthError(413, 'invalid_request', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
