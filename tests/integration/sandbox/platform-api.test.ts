// The sandbox playing Genesys's Platform API for gateway tests: users/me, a paged list, rate-limit
// headers on every answer, 429 with Retry-After past the per-token limit (settable through the
// admin interface), 401 for a token revoked by rotation, and 403 with a Genesys error body.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';

let sandbox: SandboxIdp;
beforeAll(async () => {
  sandbox = await startSandboxIdp();
});
afterAll(() => sandbox.close());

async function refresh(refreshToken: string): Promise<{ access_token: string; refresh_token: string }> {
  const { clientId, clientSecret } = SANDBOX_CLIENTS.codeClient;
  const answer = await fetch(`${sandbox.loginBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret ?? ''}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return (await answer.json()) as { access_token: string; refresh_token: string };
}
const get = (path: string, token: string) => fetch(`${sandbox.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
const admin = (path: string, body: unknown) => fetch(`${sandbox.baseUrl}/__sandbox/${path}`, { method: 'POST', headers: { 'x-sandbox-admin': sandbox.adminToken, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the sandbox Platform API', () => {
  it('answers users/me and a paged list with inin-ratelimit headers', async () => {
    const { access_token: token } = await refresh(sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId));
    const me = await get('/api/v2/users/me', token);
    expect(me.status).toBe(200);
    expect(me.headers.get('inin-ratelimit-allowed')).toBe('300');
    expect(me.headers.get('inin-ratelimit-count')).toBe('1');
    expect(Number(me.headers.get('inin-ratelimit-reset'))).toBeGreaterThan(55);
    const page = (await (await get('/api/v2/users?pageSize=50&pageNumber=3', token)).json()) as { entities: unknown[]; pageCount: number; total: number; nextUri?: string };
    expect(page).toMatchObject({ pageCount: 3, total: 120 });
    expect(page.entities).toHaveLength(20);
    expect(page.nextUri).toBeUndefined();
  });

  it('answers 429 with Retry-After past the limit set through the admin interface', async () => {
    const { access_token: token } = await refresh(sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId));
    expect((await admin('rate-limit', { perMinute: 3 })).status).toBe(200);
    expect((await admin('rate-limit', { perMinute: 0 })).status).toBe(400);
    for (let i = 0; i < 3; i += 1) expect((await get('/api/v2/users/me', token)).status).toBe(200);
    const limited = await get('/api/v2/users/me', token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(((await limited.json()) as { code: string }).code).toBe('too.many.requests');
    await admin('rate-limit', { perMinute: 300 });
  });

  it('answers 401 for the token a rotation replaced (when told to), and 403 with a Genesys body for a missing scope', async () => {
    sandbox.behaviour.revokeAccessTokensOnRefresh = true;
    const first = await refresh(sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId));
    const second = await refresh(first.refresh_token);
    expect((await get('/api/v2/users/me', first.access_token)).status).toBe(401);
    expect((await get('/api/v2/users/me', second.access_token)).status).toBe(200);
    sandbox.behaviour.revokeAccessTokensOnRefresh = false;
    const forbidden = await get('/api/v2/routing/queues', second.access_token);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'missing.any.scopes', status: 403 });
  });
});
