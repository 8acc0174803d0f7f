// The OpenID issuer's metadata and housekeeping: discovery, the published key set (old keys stay
// until dropped, so a rotation can be followed), and RFC 7009 revocation.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './client-auth.js';
import { SANDBOX_CLIENTS } from './demo-clients.js';
import { readBody, required, send } from './http.js';
import type { SandboxState } from './state.js';

export function discovery(state: SandboxState, res: ServerResponse): void {
  const { issuer, alg } = state.settings;
  send(res, 200, {
    issuer,
    token_endpoint: `${issuer}/token`,
    authorization_endpoint: `${issuer}/authorize`,
    jwks_uri: `${issuer}/jwks`,
    revocation_endpoint: `${issuer}/revoke`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    response_types_supported: ['code'],
    id_token_signing_alg_values_supported: [alg],
    scopes_supported: [...SANDBOX_CLIENTS.oidcClient.scopes],
  });
}

export function jwks(state: SandboxState, res: ServerResponse): void {
  send(res, 200, { keys: state.keys.map((k) => k.publicJwk) });
}

export async function revoke(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  authenticate(req, form, 'oidc');
  const tokenValue = required(form, 'token');
  state.refreshTokens.delete(tokenValue);
  state.accessTokens.delete(tokenValue);
  res.writeHead(200);
  res.end();
}
