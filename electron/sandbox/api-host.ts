// The Genesys API host's two endpoints TokenTray calls: /api/v2/tokens/me (who the token belongs
// to, its scopes and idle deadline; HEAD checks, DELETE signs out; every call but HEAD and
// preserveIdleTTL=true resets the idle timer) and the org's scope catalogue.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, send } from './http.js';
import { DEMO_ORG, findClient, type SandboxState } from './state.js';

const SCOPE_CATALOGUE = ['analytics', 'analytics:readonly', 'conversations', 'conversations:readonly', 'notifications', 'routing', 'routing:readonly', 'user-basic-info', 'users', 'users:readonly'];

export function tokensMe(state: SandboxState, req: IncomingMessage, res: ServerResponse, url: URL, method: string): void {
  const preserve = url.searchParams.get('preserveIdleTTL') === 'true';
  const [token, record] = state.bearer(req, !preserve && method !== 'HEAD');
  if (method === 'HEAD') {
    res.writeHead(200);
    res.end();
    return;
  }
  if (method === 'DELETE') {
    state.accessTokens.delete(token);
    res.writeHead(204);
    res.end();
    return;
  }
  if (method !== 'GET') throw new HttpError(405, { message: 'Method not allowed', code: 'method.not.allowed', status: 405 });
  const c = findClient(record.clientId);
  const idleMs = state.settings.idleMs;
  send(res, 200, {
    organization: DEMO_ORG,
    homeOrganization: DEMO_ORG,
    authorizedScope: record.grantType === 'client_credentials' ? [] : record.scopes,
    OAuthClient: {
      id: record.clientId,
      name: record.grantType === 'client_credentials' ? `${record.clientId} (roles apply)` : record.clientId,
      authorizedGrantType: record.grantType === 'client_credentials' ? 'CLIENT-CREDENTIALS' : record.grantType === 'refresh_token' || c?.clientSecret ? 'CODE' : 'PKCE',
      scope: [...(c?.scopes ?? [])],
    },
    ...(idleMs > 0 ? { dateTokenIdles: new Date(record.lastUsedAt + idleMs).toISOString() } : {}),
  });
}

export function scopeCatalogue(state: SandboxState, req: IncomingMessage, res: ServerResponse): void {
  state.bearer(req);
  send(res, 200, { entities: SCOPE_CATALOGUE.map((id) => ({ id, description: `Demo scope ${id}` })) });
}
