// The engine's network is injected: discovery keeps one cache per fetch function (an engine behind
// a proxy never gets metadata fetched over another network), and jose's JWKS retrieval goes through
// the injected fetch and the engine's fetch seam (redirects refused).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalFetch, type FetchFunction } from '../../../electron/engine/http/fetch-with-timeout.js';
import { discoverIssuer } from '../../../electron/engine/oidc/discovery.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { JwtVerifier } from '../../../electron/engine/validator/jwt-verifier.js';

let sandbox: SandboxIdp;
beforeAll(async () => {
  sandbox = await startSandboxIdp();
});
afterAll(() => sandbox.close());

function counting(): { fetch: FetchFunction; urls: string[] } {
  const urls: string[] = [];
  return { urls, fetch: (url, init) => (urls.push(url), globalFetch(url, init)) };
}

describe('injected fetch', () => {
  it('discovery caches per fetch function', async () => {
    const a = counting();
    const b = counting();
    await discoverIssuer(sandbox.issuer, { fetch: a.fetch });
    await discoverIssuer(sandbox.issuer, { fetch: a.fetch });
    expect(a.urls).toHaveLength(1);
    await discoverIssuer(sandbox.issuer, { fetch: b.fetch });
    expect(b.urls).toHaveLength(1);
  });

  it('fetches the JWKS through the injected fetch', async () => {
    const net = counting();
    const metadata = await discoverIssuer(sandbox.issuer, { fetch: net.fetch });
    const verifier = new JwtVerifier({ fetch: net.fetch });
    const { oidcClient } = SANDBOX_CLIENTS;
    const answer = await fetch(metadata.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${oidcClient.clientId}:${oidcClient.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sandbox.mintRefreshToken(oidcClient.clientId) }),
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    const result = await verifier.verify(token, { jwksUri: metadata.jwksUri, issuer: metadata.issuer, audience: oidcClient.clientId });
    expect(result.verification.status).toBe('verified');
    expect(net.urls).toContain(metadata.jwksUri);
  });

  it('refuses a redirect on the JWKS URL instead of following it', async () => {
    const redirecting: FetchFunction = async () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/keys' } });
    const verifier = new JwtVerifier({ fetch: redirecting });
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ iss: 'https://issuer.example', exp: 9_999_999_999 })).toString('base64url');
    const result = await verifier.verify(`${header}.${claims}.c2ln`, { jwksUri: 'https://issuer.example/jwks', issuer: 'https://issuer.example' });
    expect(result.verification.status).toBe('unverified');
    expect(result.verification.reason).toMatch(/answered 302 redirecting to https:\/\/elsewhere\.example\/keys/);
  });
});
