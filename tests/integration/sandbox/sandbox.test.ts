import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENTS, SANDBOX_REDIRECT_URI } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';

let sandbox: SandboxIdp;
beforeAll(async () => {
  sandbox = await startSandboxIdp();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.faults.clear());

const basic = (c: { clientId: string; clientSecret?: string }) => `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // leave empty
  }
  return { status: res.status, json, headers: res.headers, text };
}
const tokenUrl = () => `${sandbox.loginBaseUrl}/oauth/token`;

describe('sandbox: Genesys-like login host', () => {
  it('rotates refresh tokens and rejects reuse with invalid_grant', async () => {
    const rt = sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId);
    const first = await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token: rt }, { authorization: basic(SANDBOX_CLIENTS.codeClient) });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ token_type: 'bearer', expires_in: 180 });
    expect(first.json.refresh_token).not.toBe(rt);
    const reuse = await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token: rt }, { authorization: basic(SANDBOX_CLIENTS.codeClient) });
    expect(reuse).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('insists on the Basic header for the secret and on form bodies', async () => {
    const inBody = await post(tokenUrl(), { grant_type: 'client_credentials', client_id: SANDBOX_CLIENTS.serviceClient.clientId, client_secret: SANDBOX_CLIENTS.serviceClient.clientSecret });
    expect(inBody.json.error_description).toMatch(/Basic header/);
    const json = await fetch(tokenUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    const wrong = await post(tokenUrl(), { grant_type: 'client_credentials' }, { authorization: basic({ clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: 'nope' }) });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });

  it('never widens scopes on refresh', async () => {
    const rt = sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId, ['users:readonly']);
    const res = await post(tokenUrl(), { grant_type: 'refresh_token', refresh_token: rt, scope: 'users:readonly routing' }, { authorization: basic(SANDBOX_CLIENTS.codeClient) });
    expect(res.json.error).toBe('invalid_scope');
  });

  it('runs the PKCE code flow for the public client, with single-use codes', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${sandbox.loginBaseUrl}/oauth/authorize`);
    Object.entries({ response_type: 'code', client_id: SANDBOX_CLIENTS.publicClient.clientId, redirect_uri: SANDBOX_REDIRECT_URI, state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256' }).forEach(([k, v]) => authorize.searchParams.set(k, v));
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;
    const bad = await post(tokenUrl(), { grant_type: 'authorization_code', code, redirect_uri: SANDBOX_REDIRECT_URI, client_id: SANDBOX_CLIENTS.publicClient.clientId, code_verifier: 'wrong' });
    expect(bad.json.error).toBe('invalid_grant');
    const good = await post(tokenUrl(), { grant_type: 'authorization_code', code, redirect_uri: SANDBOX_REDIRECT_URI, client_id: SANDBOX_CLIENTS.publicClient.clientId, code_verifier: verifier });
    expect(good.status).toBe(200);
    expect(good.json.refresh_token).toBeUndefined();
    const replay = await post(tokenUrl(), { grant_type: 'authorization_code', code, redirect_uri: SANDBOX_REDIRECT_URI, client_id: SANDBOX_CLIENTS.publicClient.clientId, code_verifier: verifier });
    expect(replay.json.error).toBe('invalid_grant');
  });

  it('refuses to redirect to an unregistered redirect URI', async () => {
    const res = await fetch(`${sandbox.loginBaseUrl}/oauth/authorize?response_type=code&client_id=${SANDBOX_CLIENTS.codeClient.clientId}&redirect_uri=https://evil.example/cb`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not registered/);
  });

  it('simulates an access_denied sign-in', async () => {
    sandbox.faults.set({ kind: 'authorize_error', error: 'access_denied', times: 1 });
    const res = await fetch(`${sandbox.loginBaseUrl}/oauth/authorize?response_type=code&client_id=${SANDBOX_CLIENTS.codeClient.clientId}&redirect_uri=${encodeURIComponent(SANDBOX_REDIRECT_URI)}&state=s1`, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
  });
});

describe('sandbox: faults', () => {
  const cc = () => post(tokenUrl(), { grant_type: 'client_credentials' }, { authorization: basic(SANDBOX_CLIENTS.serviceClient) });
  it('rate limits with Retry-After in seconds or as a date, `times` then clears', async () => {
    sandbox.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 3 }, times: 1 });
    const limited = await cc();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await cc()).status).toBe(200);
    sandbox.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 30, httpDate: true }, times: 1 });
    expect(Date.parse((await cc()).headers.get('retry-after')!)).toBeGreaterThan(Date.now());
  });
  it('answers 5xx, malformed JSON and invalid_grant on demand', async () => {
    sandbox.faults.set({ kind: 'server_error', status: 502, times: 1 });
    expect((await cc()).status).toBe(502);
    sandbox.faults.set({ kind: 'malformed_json', times: 1 });
    const malformed = await cc();
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();
    sandbox.faults.set({ kind: 'invalid_grant', times: 1 });
    expect((await cc()).json.error).toBe('invalid_grant');
  });
  it('exposes faults over HTTP only with the admin token', async () => {
    const denied = await fetch(`${sandbox.baseUrl}/__sandbox/faults`, { method: 'POST', body: '{"kind":"server_error"}' });
    expect(denied.status).toBe(403);
    const ok = await fetch(`${sandbox.baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'x-sandbox-admin': sandbox.adminToken }, body: '{"kind":"server_error","times":1}' });
    expect(ok.status).toBe(200);
    expect((await cc()).status).toBe(503);
  });
});

describe('sandbox: OpenID Connect JWT mode', () => {
  it('publishes discovery and a JWKS that verifies its access tokens, across key rotation', async () => {
    const discovery = (await (await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(sandbox.issuer);
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri!), { cooldownDuration: 0 });
    const get = async () => (await post(discovery.token_endpoint!, { grant_type: 'client_credentials' }, { authorization: basic(SANDBOX_CLIENTS.oidcClient) })).json.access_token as string;
    const before = await get();
    const { payload } = await jwtVerify(before, jwks, { issuer: sandbox.issuer, audience: SANDBOX_CLIENTS.oidcClient.clientId });
    expect(payload.scope).toContain('openid');
    await sandbox.rotateSigningKey();
    const after = await get();
    await expect(jwtVerify(after, jwks, { issuer: sandbox.issuer })).resolves.toBeTruthy();
    await expect(jwtVerify(before, jwks, { issuer: sandbox.issuer })).resolves.toBeTruthy();
    await sandbox.rotateSigningKey({ dropOld: true });
    await expect(jwtVerify(before, createRemoteJWKSet(new URL(discovery.jwks_uri!)), { issuer: sandbox.issuer })).rejects.toThrow();
  });
});
