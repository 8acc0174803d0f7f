// POST /login/oauth/token (Genesys: form body, Basic client auth) and POST /oidc/token (OpenID):
// refresh tokens are single use and rotate, authorization codes are single use (a replay revokes
// what the first exchange issued), PKCE is checked, and scopes may only narrow.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClient } from './demo-clients.js';
import { SANDBOX_CLIENTS } from './demo-clients.js';
import { authenticate } from './client-auth.js';
import { oauthError, readBody, required } from './http.js';
import type { HostMode, SandboxState } from './state.js';
import { applyTokenFault } from './token-faults.js';
import { issue } from './token-issue.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export async function tokenEndpoint(state: SandboxState, req: IncomingMessage, res: ServerResponse, mode: HostMode): Promise<void> {
  const { counters } = state;
  counters.tokenRequests += 1;
  const contentType = req.headers['content-type'] ?? '';
  const raw = await readBody(req);
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    throw oauthError(400, 'invalid_request', 'The token endpoint accepts only application/x-www-form-urlencoded bodies.');
  }
  const form = new URLSearchParams(raw);
  const grantType = form.get('grant_type') ?? '';
  counters.byGrant[grantType] = (counters.byGrant[grantType] ?? 0) + 1;
  if (await applyTokenFault(state.settings.faults, state.settings.clock, res)) return;
  const caller = authenticate(req, form, mode);
  if (!grantType) throw oauthError(400, 'invalid_request', 'Missing grant_type.');
  if (!(caller.grants as string[]).includes(grantType === 'refresh_token' ? 'refresh_token' : grantType)) {
    throw oauthError(400, grantType === 'refresh_token' || grantType === 'authorization_code' || grantType === 'client_credentials' ? 'unauthorized_client' : 'unsupported_grant_type', `The client ${caller.clientId} may not use the ${grantType} grant.`);
  }
  if (mode === 'oidc' && caller.clientId !== SANDBOX_CLIENTS.oidcClient.clientId) throw oauthError(401, 'invalid_client', 'This client is not registered with the OpenID issuer.');
  if (mode === 'genesys' && caller.clientId === SANDBOX_CLIENTS.oidcClient.clientId) throw oauthError(401, 'invalid_client', 'This client is registered with the OpenID issuer, not the Genesys login host.');

  if (grantType === 'refresh_token') return refreshGrant(state, res, form, caller, mode);
  if (grantType === 'client_credentials') {
    const scopes = mode === 'oidc' ? narrowScopes(caller.scopes, form.get('scope')) : [];
    return issue(state, res, { clientId: caller.clientId, scopes, mode }, 'client_credentials', false);
  }
  if (grantType === 'authorization_code') return codeGrant(state, res, form, caller, mode);
  throw oauthError(400, 'unsupported_grant_type', `The grant type ${grantType} is not supported.`);
}

function refreshGrant(state: SandboxState, res: ServerResponse, form: URLSearchParams, caller: SandboxClient, mode: HostMode): Promise<void> {
  const presented = required(form, 'refresh_token');
  const grant = state.refreshTokens.get(presented);
  if (!grant || grant.clientId !== caller.clientId) throw oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired, revoked or was already used.');
  state.refreshTokens.delete(presented); // single use: rotation
  const scopes = narrowScopes(grant.scopes, form.get('scope'));
  if (state.settings.behaviour.revokeAccessTokensOnRefresh && grant.family) {
    for (const [token, record] of state.accessTokens) if (record.family === grant.family) state.accessTokens.delete(token);
  }
  return issue(state, res, { clientId: caller.clientId, scopes, mode, ...(grant.family ? { family: grant.family } : {}) }, 'refresh_token', true);
}

function codeGrant(state: SandboxState, res: ServerResponse, form: URLSearchParams, caller: SandboxClient, mode: HostMode): Promise<void> {
  const code = state.codes.get(required(form, 'code'));
  if (!code || code.clientId !== caller.clientId || code.expiresAt < state.settings.clock.now()) throw oauthError(400, 'invalid_grant', 'The authorization code is invalid or expired.');
  if (code.used) {
    // A replayed code: refuse it and revoke what the first exchange issued (RFC 6749 §4.1.2).
    for (const [t, g] of state.refreshTokens) if (g.clientId === code.clientId) state.refreshTokens.delete(t);
    throw oauthError(400, 'invalid_grant', 'The authorization code was already used.');
  }
  if (required(form, 'redirect_uri') !== code.redirectUri) throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the one used on /oauth/authorize.');
  if (code.challenge) {
    const verifier = required(form, 'code_verifier');
    if (sha256(verifier) !== code.challenge) throw oauthError(400, 'invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
  } else if (!caller.clientSecret) {
    throw oauthError(400, 'invalid_request', 'Public clients must use PKCE.');
  }
  code.used = true;
  const withRefresh = Boolean(caller.clientSecret) && !(mode === 'genesys' && state.settings.behaviour.genesysIdleOrgWithoutRefreshTokens);
  return issue(state, res, { clientId: caller.clientId, scopes: code.scopes, mode }, 'authorization_code', withRefresh);
}

/** A request may ask for fewer scopes than the grant holds, never more. */
function narrowScopes(allowed: readonly string[], requested: string | null): string[] {
  if (!requested) return [...allowed];
  const asked = requested.split(' ').filter(Boolean);
  const beyond = asked.filter((s) => !allowed.includes(s));
  if (beyond.length) throw oauthError(400, 'invalid_scope', `The scopes ${beyond.join(', ')} are beyond what this grant allows.`);
  return asked;
}
