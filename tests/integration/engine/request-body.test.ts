// The dashboard's body reader on a real loopback server: small bodies pass, a 2 MB body gets a 413
// with a sentence saying it is too large, over a connection that stays usable.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLimitedBody } from '../../../electron/node/request-body.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    void readLimitedBody(req, res, 256 * 1024).then((read) => {
      if (read.ok) res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${read.body.length}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('readLimitedBody', () => {
  it('passes a body under the limit', async () => {
    expect(await (await fetch(base, { method: 'POST', body: 'x'.repeat(1000) })).text()).toBe('got 1000');
  });

  it('answers a 2 MB body with 413 and a sentence, not a dropped connection', async () => {
    const response = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request: { token: 'A'.repeat(2_000_000) } }) });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/^The request is too large \(1,953 KB; the limit is 256 KB\)\. .*paste the token alone\.$/);
  });
});
