// One POST to an OAuth token endpoint: form-encoded body, client authentication as configured
// (the secret only ever in the Basic header for client_secret_basic), a validated response
// stamped at receive time, and failures classified so the refresher knows whether to retry.

import * as v from 'valibot';
import type { ProfileConfig } from '../../../shared/domain.js';
import { EngineError, type Clock, type TokenSet } from '../contracts.js';
import { NetworkError, RedirectRefusedError, fetchWithTimeout, type FetchFunction } from '../http/fetch-with-timeout.js';
import { boundedLifetimeSec } from '../http/server-bounds.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { redactString } from '../logging/redact.js';
import { discoverIssuer, type OidcMetadata } from '../oidc/discovery.js';
import { genesysEndpoints } from '../regions/regions.js';
import { describeOAuthError } from './oauth-errors.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface TokenRequest {
  tokenUrl: string;
  clientAuth: { method: ClientAuthMethod; clientId: string; clientSecret?: string };
  params: Record<string, string>;
  timeoutMs: number;
  clock: Clock;
  /** The network (default: the global fetch). */
  fetch?: FetchFunction;
  /** The session's signal: a request of an ended session is cancelled. */
  signal?: AbortSignal;
}

const TokenResponseSchema = v.object({
  access_token: v.pipe(v.string(), v.minLength(1)),
  token_type: v.optional(v.string()),
  // Any number is accepted here and clamped below (server-bounds.ts); NaN and junk are malformed.
  expires_in: v.pipe(v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/), v.transform(Number))]), v.transform(boundedLifetimeSec), v.number()),
  refresh_token: v.optional(v.string()),
  scope: v.optional(v.string()),
  id_token: v.optional(v.string()),
});

const ErrorBodySchema = v.object({ error: v.optional(v.string()), error_description: v.optional(v.string()), description: v.optional(v.string()) });

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64, so ':' and '%' survive. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export async function requestToken(request: TokenRequest): Promise<TokenSet> {
  const { clientAuth, clock } = request;
  const body = new URLSearchParams(request.params);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (clientAuth.method === 'client_secret_basic') {
    headers.authorization = basicAuthorization(clientAuth.clientId, requireSecret(clientAuth.clientSecret, clock));
  } else {
    body.set('client_id', clientAuth.clientId);
    if (clientAuth.method === 'client_secret_post') body.set('client_secret', requireSecret(clientAuth.clientSecret, clock));
  }
  const host = new URL(request.tokenUrl).host;

  let response: Response;
  try {
    response = await fetchWithTimeout(request.tokenUrl, { method: 'POST', headers, body }, { timeoutMs: request.timeoutMs, ...(request.fetch ? { fetch: request.fetch } : {}), ...(request.signal ? { signal: request.signal } : {}) });
  } catch (error) {
    if (error instanceof RedirectRefusedError) {
      // Not transient: retrying cannot help, and the form body must never follow a redirect.
      throw new EngineError('config', { code: 'redirect_refused', message: error.message, httpStatus: error.status, at: clock.now() });
    }
    const message = error instanceof NetworkError ? error.message : `Could not reach ${host}.`;
    throw new EngineError('transient', { code: error instanceof NetworkError ? error.reason : 'network', message: `${message} TokenTray will retry.`, at: clock.now() });
  }
  const receivedAt = clock.now();
  const text = await response.text().catch(() => '');

  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), receivedAt);
    throw new EngineError('rate_limited', {
      code: 'rate_limited',
      message: `${host} is rate limiting requests (429)${retryAfterMs !== undefined ? `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}. TokenTray will retry then; the current token stays in use.`,
      httpStatus: 429,
      at: receivedAt,
    }, retryAfterMs);
  }
  if (response.status >= 500 || response.status === 408) {
    throw new EngineError('transient', {
      code: 'server_error',
      message: `${host} answered ${response.status}${snippet(text)}. The service may be degraded; TokenTray will retry.`,
      httpStatus: response.status,
      at: receivedAt,
    }, parseRetryAfter(response.headers.get('retry-after'), receivedAt));
  }
  if (response.status >= 400) {
    const err = parseJson(text, ErrorBodySchema);
    const serverError = err?.error;
    const serverDescription = err?.error_description ?? err?.description;
    throw new EngineError('grant_rejected', {
      code: serverError ?? `http_${response.status}`,
      message: describeOAuthError(serverError, response.status),
      httpStatus: response.status,
      ...(serverError ? { serverError } : {}),
      ...(serverDescription ? { serverDescription: redactString(serverDescription) } : {}),
      at: receivedAt,
    });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new EngineError('transient', { code: 'unexpected_status', message: `${host} answered ${response.status}, which a token endpoint should not. TokenTray will retry.`, httpStatus: response.status, at: receivedAt });
  }

  const token = parseJson(text, TokenResponseSchema);
  if (!token) {
    // Never quote a 2xx body: it may hold a token even when malformed.
    const looksHtml = /^\s*</.test(text);
    throw new EngineError('transient', {
      code: 'malformed_response',
      message: looksHtml
        ? `${host} answered with an HTML page instead of a token. A proxy or captive portal may be in the way, or the login base URL is wrong.`
        : `${host} answered ${response.status} but the body is not a valid token response (missing or invalid access_token / expires_in, or not JSON). TokenTray will retry.`,
      httpStatus: response.status,
      at: receivedAt,
    });
  }
  return {
    accessToken: token.access_token,
    tokenType: token.token_type ?? 'bearer',
    issuedAt: receivedAt,
    expiresAt: receivedAt + token.expires_in * 1000,
    ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    ...(token.scope !== undefined ? { scope: token.scope } : {}),
    ...(token.id_token ? { idToken: token.id_token } : {}),
  };
}

function requireSecret(secret: string | undefined, clock: Clock): string {
  if (secret) return secret;
  throw new EngineError('config', { code: 'missing_client_secret', message: 'This profile has no client secret stored. Enter it in the profile settings.', at: clock.now() });
}

function parseJson<T extends v.GenericSchema>(text: string, schema: T): v.InferOutput<T> | undefined {
  try {
    const parsed = v.safeParse(schema, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** A short, redacted excerpt of an error body, so "502 <html>Bad gateway" is recognisable. */
function snippet(text: string): string {
  const flat = redactString(text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()).slice(0, 80);
  return flat ? ` ("${flat}")` : '';
}

export type ResolveTokenEndpoint = (profile: ProfileConfig) => Promise<{ tokenUrl: string; authMethod: ClientAuthMethod }>;

/** Genesys: login.<domain>/oauth/token with Basic. OIDC: the discovered endpoint and best advertised method. */
export async function resolveTokenEndpointFor(
  profile: ProfileConfig,
  discover: (issuer: string) => Promise<OidcMetadata> = discoverIssuer,
): Promise<{ tokenUrl: string; authMethod: ClientAuthMethod }> {
  if (profile.provider.kind === 'genesys') {
    return { tokenUrl: genesysEndpoints(profile.provider).tokenUrl, authMethod: profile.grant === 'pkce' ? 'none' : 'client_secret_basic' };
  }
  const metadata = await discover(profile.provider.issuer);
  if (profile.grant === 'pkce') return { tokenUrl: metadata.tokenEndpoint, authMethod: 'none' };
  const methods = metadata.tokenEndpointAuthMethods;
  const authMethod: ClientAuthMethod = methods.includes('client_secret_basic') ? 'client_secret_basic' : methods.includes('client_secret_post') ? 'client_secret_post' : 'client_secret_basic';
  return { tokenUrl: metadata.tokenEndpoint, authMethod };
}
