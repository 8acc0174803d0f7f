// Who is calling: client authentication on the token and revocation endpoints (Basic on the
// Genesys host; Basic, post or PKCE on the OpenID issuer), and the redirect URIs a client may use.

import type { IncomingMessage } from 'node:http';
import type { SandboxClient } from './demo-clients.js';
import { oauthError, safeEqual } from './http.js';
import { findClient, type HostMode } from './state.js';

export function authenticate(req: IncomingMessage, form: URLSearchParams, mode: HostMode): SandboxClient {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    const found = findClient(id);
    if (!found || !found.clientSecret || !safeEqual(found.clientSecret, secret)) throw oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
    return found;
  }
  if (form.has('client_secret')) {
    if (mode === 'genesys') throw oauthError(400, 'invalid_request', 'Send the client secret in the Authorization: Basic header, not in the body.');
    const found = findClient(form.get('client_id') ?? undefined);
    if (!found || !found.clientSecret || !safeEqual(found.clientSecret, form.get('client_secret') ?? '')) throw oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
    return found;
  }
  const found = findClient(form.get('client_id') ?? undefined);
  if (!found) throw oauthError(401, 'invalid_client', 'Unknown client (send client_id, or Basic credentials for a confidential client).');
  if (found.clientSecret && form.get('grant_type') !== 'authorization_code') throw oauthError(401, 'invalid_client', 'This confidential client must authenticate with its secret.');
  if (found.clientSecret && !form.has('code_verifier')) throw oauthError(401, 'invalid_client', 'This confidential client must authenticate with its secret.');
  return found;
}

/** RFC 8252 §7.3: for loopback redirect URIs the port is chosen at request time, so it is ignored. */
export function redirectRegistered(client: SandboxClient, redirectUri: string): boolean {
  let asked: URL;
  try {
    asked = new URL(redirectUri);
  } catch {
    return false;
  }
  return client.redirectUris.some((registered) => {
    const r = new URL(registered);
    const loopback = r.hostname === '127.0.0.1' && asked.hostname === '127.0.0.1' && r.protocol === 'http:' && asked.protocol === 'http:';
    return loopback ? r.pathname === asked.pathname && asked.search === '' : registered === redirectUri;
  });
}
