// GET /login/oauth/authorize and /oidc/authorize: the demo user signs in at once and is sent back
// to the client's registered redirect URI with a code (or the switched-on error). An unregistered
// redirect URI gets a page, never a redirect.

import type { ServerResponse } from 'node:http';
import { redirectRegistered } from './client-auth.js';
import { randomToken } from './http.js';
import { findClient, type HostMode, type SandboxState } from './state.js';

export function authorize(state: SandboxState, res: ServerResponse, url: URL, mode: HostMode): void {
  const q = url.searchParams;
  const found = findClient(q.get('client_id') ?? undefined);
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!found || !redirectRegistered(found, redirectUri)) {
    // Never redirect to an unregistered URI: say so on a page instead.
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Sign-in error</title><p>${!found ? 'Unknown client_id.' : 'The redirect_uri is not registered for this client.'}</p>`);
    return;
  }
  const target = new URL(redirectUri);
  const stateParam = q.get('state');
  if (stateParam) target.searchParams.set('state', stateParam);
  const fault = state.settings.faults.take('authorize');
  if (fault?.kind === 'authorize_error') {
    target.searchParams.set('error', fault.error);
    target.searchParams.set('error_description', 'The demo user declined. [sandbox fault]');
  } else if (q.get('response_type') !== 'code') {
    target.searchParams.set('error', 'unsupported_response_type');
  } else {
    const challenge = q.get('code_challenge') ?? undefined;
    if (!found.clientSecret && (!challenge || q.get('code_challenge_method') !== 'S256')) {
      target.searchParams.set('error', 'invalid_request');
      target.searchParams.set('error_description', 'Public clients must send an S256 code_challenge.');
    } else {
      const code = randomToken(18);
      // Like many servers, grant what the client may have of what was asked (RFC 6749 §3.3);
      // the app then shows the rest as missing.
      const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
      const scopes = asked.length ? asked.filter((s) => (found.scopes as readonly string[]).includes(s)) : [...found.scopes];
      state.codes.set(code, { clientId: found.clientId, scopes, mode, redirectUri, challenge, used: false, expiresAt: state.settings.clock.now() + 60_000 });
      target.searchParams.set('code', code);
    }
  }
  res.writeHead(302, { location: target.href });
  res.end();
}
