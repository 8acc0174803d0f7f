// The gateway against hostile and mistaken callers: every refusal is a status with a one-line
// reason, and none of them reaches the Genesys API host (the sandbox counts every API request).
// Also what passes: the token is injected, the consumer's own Authorization and cookies are not.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { rawExchange, startGatewayRig, type GatewayRig } from '../../support/gateway-harness.js';

let sandbox: SandboxIdp;
let redirecting: LoopbackServer;
let rig: GatewayRig;
let key: string;
let url: string;

beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  redirecting = await startLoopbackServer((_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:9/steal' }).end());
  rig = await startGatewayRig(sandbox, ['prod', 'moved'], { apiOverrides: { moved: redirecting.url } });
  ({ url, key } = await rig.gateway.grant({ profileId: 'prod', consumer: 'script' }));
});
afterAll(async () => {
  await rig.close();
  await redirecting.close();
  await sandbox.close();
});

const call = (path: string, init: RequestInit & { key?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? key}`);
  return fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
};

/** Runs `act` and asserts the sandbox's API host saw no request meanwhile. */
async function withoutUpstreamCall<T>(act: () => Promise<T>): Promise<T> {
  const before = sandbox.apiStats().requests;
  const result = await act();
  expect(sandbox.apiStats().requests).toBe(before);
  return result;
}

async function reason(answer: Response): Promise<string> {
  const body = (await answer.json()) as { message: string };
  expect(body.message.split('\n')).toHaveLength(1);
  return body.message;
}

describe('the gateway forwards', () => {
  it('a keyed call with the profile token injected, and strips the consumer\'s cookies', async () => {
    const answer = await call('/api/v2/users/me', { headers: { cookie: 'session=abc' } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { name: string }).name).toBe('Demo User');
    expect(answer.headers.get('inin-ratelimit-allowed')).toBe('300');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the paged list with its query string', async () => {
    const answer = await call('/api/v2/users?pageSize=10&pageNumber=3');
    const page = (await answer.json()) as { pageNumber: number; entities: unknown[]; nextUri: string };
    expect(page.pageNumber).toBe(3);
    expect(page.entities).toHaveLength(10);
  });

  it('a Genesys 403 with its error body as is', async () => {
    const answer = await call('/api/v2/routing/queues');
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as { code: string }).code).toBe('missing.any.scopes');
  });
});

describe('the gateway refuses, without calling upstream', () => {
  it.each([
    ['a missing key', null, /no gateway key/],
    ['a wrong key', 'ttgw_not-a-key-this-gateway-made', /not known here/],
  ])('%s with 401 and a one-line reason', async (_label, presented, expected) => {
    const answer = await withoutUpstreamCall(() => call('/api/v2/users/me', { key: presented }));
    expect(answer.status).toBe(401);
    expect(await reason(answer)).toMatch(expected);
  });

  it('a revoked key with 401 naming the consumer', async () => {
    const granted = await rig.gateway.grant({ profileId: 'prod', consumer: 'short-lived' });
    expect((await call('/api/v2/users/me', { key: granted.key })).status).toBe(200);
    await rig.gateway.revoke('short-lived');
    const answer = await withoutUpstreamCall(() => call('/api/v2/users/me', { key: granted.key }));
    expect(answer.status).toBe(401);
    expect(await reason(answer)).toMatch(/consumer "short-lived" was revoked/);
  });

  it('an expired key with 401 saying when it expired', async () => {
    const granted = await rig.gateway.grant({ profileId: 'prod', consumer: 'expiring', lifetimeMs: 50 });
    await new Promise((r) => setTimeout(r, 80));
    const answer = await withoutUpstreamCall(() => call('/api/v2/users/me', { key: granted.key }));
    expect(answer.status).toBe(401);
    expect(await reason(answer)).toMatch(/consumer "expiring" expired at \d{4}-/);
  });

  it.each([
    ['/oauth/token', 403, /OAuth endpoints/],
    ['/api/v2/tokens/me', 403, /manages the shared token/],
    ['/API/V2/Tokens/me', 403, /manages the shared token/],
    ['/api/v2/users%2fme', 400, /encoded slash/],
    ['/login/oauth/token', 403, /OAuth endpoints/],
    ['/__sandbox/stats', 404, /only \/api\/v2/],
  ])('%s with %i', async (path, status, expected) => {
    const answer = await withoutUpstreamCall(() => call(path, { method: path.includes('token') && !path.includes('tokens') ? 'POST' : 'GET' }));
    expect(answer.status).toBe(status);
    expect(await reason(answer)).toMatch(expected);
  });

  it('a write on a read-only key, and a path outside the allowlist, with 403', async () => {
    const readOnly = await rig.gateway.grant({ profileId: 'prod', consumer: 'reader', readOnly: true });
    const narrow = await rig.gateway.grant({ profileId: 'prod', consumer: 'narrow', allow: ['GET /api/v2/users/**'] });
    expect((await call('/api/v2/users/me', { key: readOnly.key })).status).toBe(200);
    expect((await call('/api/v2/users/me', { key: narrow.key })).status).toBe(200);
    const write = await withoutUpstreamCall(() => call('/api/v2/users/me', { key: readOnly.key, method: 'PATCH', body: '{}' }));
    expect(write.status).toBe(403);
    expect(await reason(write)).toMatch(/read-only: PATCH is not allowed/);
    const outside = await withoutUpstreamCall(() => call('/api/v2/routing/queues', { key: narrow.key }));
    expect(outside.status).toBe(403);
    expect(await reason(outside)).toMatch(/does not allow GET \/api\/v2\/routing\/queues/);
  });

  it('dot segments in any spelling with 400 (clients that normalise never send them; raw ones might)', async () => {
    const port = new URL(url).port;
    for (const path of ['/api/v2/%2e%2e/tokens/me', '/api/v2/users/../tokens/me', '/api/v2/./users/me']) {
      const answer = await withoutUpstreamCall(() => rawExchange(Number(port), `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(/\.\.\\" segments, which the gateway refuses/);
    }
  });

  it('an absolute URL in the request line with 400', async () => {
    const port = new URL(url).port;
    const answer = await withoutUpstreamCall(() => rawExchange(Number(port), `GET ${sandbox.apiBaseUrl}/api/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/not an absolute URL/);
  });

  it('a Host header of another name with 403 (DNS rebinding)', async () => {
    const port = new URL(url).port;
    const answer = await withoutUpstreamCall(() => rawExchange(Number(port), `GET /api/v2/users/me HTTP/1.1\r\nHost: attacker.example:${port}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/not this gateway's loopback address/);
  });

  it('accepts localhost as the Host name', async () => {
    const port = new URL(url).port;
    const answer = await rawExchange(Number(port), `GET /api/v2/users/me HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Bearer ${key}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(200);
  });

  it('oversized headers with 431, before any handler runs', async () => {
    const port = new URL(url).port;
    const answer = await withoutUpstreamCall(() => rawExchange(Number(port), `GET /api/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect([400, 431]).toContain(answer.status);
  });

  it('a request both chunked and with a Content-Length (smuggling) with 400', async () => {
    const port = new URL(url).port;
    const answer = await withoutUpstreamCall(() => rawExchange(Number(port), `POST /api/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    expect(answer.status).toBe(400);
  });

  it('an upstream redirect with 502, neither followed nor passed on', async () => {
    const moved = await rig.gateway.grant({ profileId: 'moved', consumer: 'mover' });
    const answer = await call('/api/v2/users/me', { key: moved.key });
    expect(answer.status).toBe(502);
    expect(answer.headers.get('location')).toBeNull();
    expect(await reason(answer)).toMatch(/redirect \(302\)/);
    // (The engine itself asks that host for tokens/me after refreshing; only the consumer's call counts here.)
    const forwarded = redirecting.received.filter((r) => r.url === '/api/v2/users/me');
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]?.headers.authorization).toMatch(/^Bearer (?!ttgw_)/);
  });

  it('a page on another loopback port calling it with fetch (no CORS)', async () => {
    const page = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(pageUrl);
      const before = sandbox.apiStats().requests;
      const outcome = await tab.evaluate(async ([target, bearer]) => {
        try {
          const answer = await fetch(target, { headers: { authorization: `Bearer ${bearer}` } });
          return `read ${answer.status}`;
        } catch (error) {
          return `failed: ${String(error)}`;
        }
      }, [`${url}/api/v2/users/me`, key] as const);
      expect(outcome).toMatch(/^failed/);
      expect(sandbox.apiStats().requests).toBe(before);
    } finally {
      await browser.close();
      await new Promise((resolve) => page.close(resolve));
    }
  });
});
