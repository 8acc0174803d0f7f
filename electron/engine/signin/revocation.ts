// RFC 7009 token revocation at an OpenID provider's revocation endpoint, with the same client
// authentication as its token endpoint. Revocation is best effort: the answer says what happened.

import { fetchWithTimeout, type FetchFunction } from '../http/fetch-with-timeout.js';
import { basicAuthorization, type ClientAuthMethod } from '../refresher/token-client.js';

export async function revokeAtEndpoint(input: {
  revocationUrl: string;
  clientAuth: { method: ClientAuthMethod; clientId: string; clientSecret?: string };
  token: string;
  hint: 'refresh_token' | 'access_token';
  fetch?: FetchFunction;
}): Promise<{ ok: boolean; status?: number; message: string }> {
  const body = new URLSearchParams({ token: input.token, token_type_hint: input.hint });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (input.clientAuth.method === 'client_secret_basic' && input.clientAuth.clientSecret) {
    headers.authorization = basicAuthorization(input.clientAuth.clientId, input.clientAuth.clientSecret);
  } else {
    body.set('client_id', input.clientAuth.clientId);
    if (input.clientAuth.method === 'client_secret_post' && input.clientAuth.clientSecret) body.set('client_secret', input.clientAuth.clientSecret);
  }
  try {
    const response = await fetchWithTimeout(input.revocationUrl, { method: 'POST', headers, body }, { timeoutMs: 10_000, ...(input.fetch ? { fetch: input.fetch } : {}) });
    return { ok: response.ok, status: response.status, message: response.ok ? `The ${input.hint.replace('_', ' ')} was revoked.` : `The revocation endpoint answered ${response.status}.` };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
