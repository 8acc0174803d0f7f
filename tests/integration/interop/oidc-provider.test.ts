// Interop with an independent, certified OpenID provider (panva's oidc-provider) with refresh
// token rotation on: discovery, client authentication, rotation and reuse rejection, and JWT
// verification against its JWKS.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileConfig } from '../../../shared/domain.js';
import { EngineError, systemClock } from '../../../electron/engine/contracts.js';
import { discoverIssuer } from '../../../electron/engine/oidc/discovery.js';
import { Refresher } from '../../../electron/engine/refresher/refresher.js';
import { basicAuthorization, resolveTokenEndpointFor } from '../../../electron/engine/refresher/token-client.js';
import { JwtVerifier } from '../../../electron/engine/validator/jwt-verifier.js';
import { INTEROP_CLIENT, INTEROP_RESOURCE, startOidcProvider, type OidcProviderHarness } from '../../support/oidc-provider-harness.js';
import { MemoryStore } from '../../support/memory-store.js';

let op: OidcProviderHarness;
beforeAll(async () => {
  op = await startOidcProvider({ rotateRefreshToken: true });
});
afterAll(() => op.close());

const profile = (): ProfileConfig => ({
  id: 'interop', name: 'Interop', provider: { kind: 'oidc', issuer: op.issuer }, grant: 'authorization_code', clientId: INTEROP_CLIENT.clientId, requiredScopes: ['openid'],
});

function refresherFor(store: MemoryStore) {
  return new Refresher({
    store,
    clock: systemClock,
    resolveEndpoint: (p) => resolveTokenEndpointFor(p),
  });
}

describe('refresher against oidc-provider with rotation', () => {
  it('refreshes with the discovered endpoint, stores the rotated token and never resends the old one', async () => {
    const signIn = await op.signInHeadless();
    expect(signIn.refresh_token).toBeTruthy();
    const store = new MemoryStore();
    store.data.set('interop', { clientSecret: INTEROP_CLIENT.clientSecret, refreshToken: signIn.refresh_token });
    const refresher = refresherFor(store);

    const first = await refresher.refresh(profile(), 'forced');
    expect(first.refreshToken).toBeTruthy();
    expect(first.refreshToken).not.toBe(signIn.refresh_token);
    expect(store.get('interop')?.refreshToken).toBe(first.refreshToken);
    const second = await refresher.refresh(profile(), 'forced');
    expect(second.refreshToken).not.toBe(first.refreshToken);

    // The provider rejects the rotated-out token: proof that it was really single-use.
    const reuse = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(INTEROP_CLIENT.clientId, INTEROP_CLIENT.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: signIn.refresh_token! }),
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('turns a revoked grant into "sign-in required" with the provider\'s words', async () => {
    const signIn = await op.signInHeadless();
    const store = new MemoryStore();
    store.data.set('interop', { clientSecret: INTEROP_CLIENT.clientSecret, refreshToken: signIn.refresh_token });
    await fetch(`${op.issuer}/token/revocation`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(INTEROP_CLIENT.clientId, INTEROP_CLIENT.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: signIn.refresh_token!, token_type_hint: 'refresh_token' }),
    });
    const refresher = refresherFor(store);
    const error = await refresher.refresh(profile(), 'forced').then(() => undefined, (e: unknown) => e as EngineError);
    expect(error?.kind).toBe('grant_rejected');
    expect(error?.problem.serverError).toBe('invalid_grant');
    expect(refresher.status('interop').state).toBe('signin_required');
  });

  it('reports a wrong client secret as invalid_client', async () => {
    const store = new MemoryStore();
    store.data.set('interop', { clientSecret: 'wrong', refreshToken: 'whatever' });
    const error = await refresherFor(store).refresh(profile(), 'forced').then(() => undefined, (e: unknown) => e as EngineError);
    expect(error?.problem.serverError).toBe('invalid_client');
  });
});

describe('JWT verification against oidc-provider', () => {
  it('verifies its JWT access token against the discovered JWKS, checking issuer and audience', async () => {
    const metadata = await discoverIssuer(op.issuer);
    const res = await fetch(metadata.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: basicAuthorization(INTEROP_CLIENT.clientId, INTEROP_CLIENT.clientSecret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: INTEROP_RESOURCE, scope: 'api:read' }),
    });
    const { access_token: token } = (await res.json()) as { access_token: string };
    const verifier = new JwtVerifier();
    const ok = await verifier.verify(token, { jwksUri: metadata.jwksUri, issuer: metadata.issuer, audience: INTEROP_RESOURCE });
    expect(ok.verification.status).toBe('verified');
    expect(ok.claims.scope).toBe('api:read');
    const wrongAudience = await verifier.verify(token, { jwksUri: metadata.jwksUri, issuer: metadata.issuer, audience: 'https://other.test' });
    expect(wrongAudience.verification.status).toBe('failed');
  });
});
