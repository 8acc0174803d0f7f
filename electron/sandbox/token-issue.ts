// Issuing tokens for a grant: opaque access tokens on the Genesys host, JWT access tokens (and an
// ID token for `openid` sign-ins) signed with the newest key on the OpenID issuer, and a rotating
// refresh token when the grant gets one.

import type { ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { randomToken, send } from './http.js';
import { DEMO_USER, type Grant, type SandboxState } from './state.js';

export async function issue(state: SandboxState, res: ServerResponse, grant: Grant, grantType: string, withRefresh: boolean): Promise<void> {
  const { clock, ttlSec, alg, issuer } = state.settings;
  const now = clock.now();
  const accessToken = grant.mode === 'oidc' ? await signAccessToken(state, grant, now) : randomToken(32);
  state.issuedSecrets.add(accessToken);
  state.accessTokens.set(accessToken, { ...grant, family: grant.family ?? randomToken(8), grantType, expiresAt: now + ttlSec * 1000, lastUsedAt: now });
  const body: Record<string, unknown> = { access_token: accessToken, token_type: 'bearer', expires_in: ttlSec };
  if (withRefresh) body.refresh_token = state.storeRefreshToken({ ...grant, family: state.accessTokens.get(accessToken)?.family ?? grant.family });
  if (grantType !== 'client_credentials' || grant.mode === 'oidc') body.scope = grant.scopes.join(' ');
  if (grant.mode === 'oidc' && grant.scopes.includes('openid') && grantType === 'authorization_code') {
    const key = state.signingKey();
    body.id_token = await new SignJWT({ name: DEMO_USER.name }).setProtectedHeader({ alg, kid: key.kid })
      .setIssuer(issuer).setSubject(DEMO_USER.id).setAudience(grant.clientId).setIssuedAt(Math.floor(now / 1000)).setExpirationTime(Math.floor(now / 1000) + ttlSec).sign(key.privateKey);
  }
  send(res, 200, body, { 'cache-control': 'no-store' });
}

function signAccessToken(state: SandboxState, grant: Grant, now: number): Promise<string> {
  const { alg, issuer, ttlSec } = state.settings;
  const key = state.signingKey();
  return new SignJWT({ scope: grant.scopes.join(' '), client_id: grant.clientId })
    .setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setSubject(grant.scopes.length ? DEMO_USER.id : grant.clientId)
    .setAudience(grant.clientId)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + ttlSec)
    .setJti(randomToken(12))
    .sign(key.privateKey);
}
