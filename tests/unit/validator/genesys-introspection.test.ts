import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { GenesysIntrospector } from '../../../electron/engine/validator/genesys-introspection.js';

let sandbox: SandboxIdp;
let now = Date.now();
const clock = { now: () => now };
// A misbehaving "API host" for the failure answers the sandbox does not produce.
let odd: Server;
let oddUrl: string;
let nextAnswer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{}' };
let lastOddUrl = '';

beforeAll(async () => {
  sandbox = await startSandboxIdp({ idleTimeoutSec: 900, accessTokenTtlSec: 3600, clock });
  odd = createServer((req, res) => {
    lastOddUrl = req.url ?? '';
    res.writeHead(nextAnswer.status, nextAnswer.headers ?? {});
    res.end(nextAnswer.body);
  });
  await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
  oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}/gateway`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => odd.close(() => r()));
});

async function sandboxToken(): Promise<string> {
  const res = await fetch(`${sandbox.loginBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${SANDBOX_CLIENTS.codeClient.clientId}:${SANDBOX_CLIENTS.codeClient.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('GenesysIntrospector against the sandbox', () => {
  const introspector = new GenesysIntrospector({ clock });

  it('reads scopes, organization, client and the idle deadline without resetting the idle timer', async () => {
    const token = await sandboxToken();
    const issuedAt = now;
    now += 5 * 60_000;
    const result = await introspector.introspect(sandbox.apiBaseUrl, token);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.info.authorizedScope).toContain('conversations');
    expect(result.info.organization?.name).toBe('TokenTray Sandbox Org');
    expect(result.info.oauthClient?.id).toBe(SANDBOX_CLIENTS.codeClient.clientId);
    // preserveIdleTTL=true: the deadline is still 15 min after issue, not after this check.
    expect(result.info.idleAt).toBe(issuedAt + 900_000);
    // Left idle past the deadline, the token dies: a 401.
    now += 11 * 60_000;
    expect((await introspector.introspect(sandbox.apiBaseUrl, token)).kind).toBe('unauthorized');
  });

  it('checks with HEAD and revokes with DELETE', async () => {
    now = Date.now();
    const token = await sandboxToken();
    expect(await introspector.check(sandbox.apiBaseUrl, token)).toEqual({ valid: true, httpStatus: 200 });
    expect(await introspector.revoke(sandbox.apiBaseUrl, token)).toBe(true);
    expect(await introspector.check(sandbox.apiBaseUrl, token)).toEqual({ valid: false, httpStatus: 401 });
  });
});

describe('GenesysIntrospector against a misbehaving host', () => {
  const introspector = new GenesysIntrospector();
  it('keeps the gateway path prefix and always sends preserveIdleTTL=true', async () => {
    nextAnswer = { status: 200, body: JSON.stringify({ authorizedScope: ['users'] }) };
    const result = await introspector.introspect(oddUrl, 't');
    expect(result).toEqual({ kind: 'ok', info: { authorizedScope: ['users'] } });
    expect(lastOddUrl).toBe('/gateway/api/v2/tokens/me?preserveIdleTTL=true');
  });
  it('reports 429 with Retry-After', async () => {
    nextAnswer = { status: 429, body: '', headers: { 'retry-after': '30' } };
    expect(await introspector.introspect(oddUrl, 't')).toEqual({ kind: 'rate_limited', retryAfterMs: 30_000 });
  });
  it.each([
    [502, '<html>Bad gateway</html>', /answered 502/],
    [200, '<html>login portal</html>', /not with JSON/],
    [404, '', /region or API base URL is probably wrong/],
    [200, '{"authorizedScope":"users"}', /unexpected shape/],
  ])('explains a %i answer', async (status, body, message) => {
    nextAnswer = { status, body };
    const result = await introspector.introspect(oddUrl, 't');
    expect(result.kind).toBe('error');
    if (result.kind === 'error') expect(result.message).toMatch(message);
  });
});
