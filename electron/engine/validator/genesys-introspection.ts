// Genesys Cloud's own view of a token: HEAD /api/v2/tokens/me for validity, GET with
// preserveIdleTTL=true for scopes, organization, OAuth client and the idle deadline (the query
// flag matters: without it, merely checking would keep an idle token alive).

import * as v from 'valibot';
import type { GenesysIntrospection } from '../../../shared/domain.js';
import { systemClock, type Clock } from '../contracts.js';
import { NetworkError, RedirectRefusedError, fetchWithTimeout, type FetchFunction, type FetchOptions } from '../http/fetch-with-timeout.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { joinUrl } from '../net/urls.js';

const Named = v.object({ id: v.string(), name: v.optional(v.nullable(v.string())) });
const TokensMeSchema = v.object({
  organization: v.optional(Named),
  homeOrganization: v.optional(Named),
  authorizedScope: v.optional(v.array(v.string())),
  clonedUser: v.optional(Named),
  dateTokenIdles: v.optional(v.string()),
  OAuthClient: v.optional(v.object({
    id: v.string(),
    name: v.optional(v.nullable(v.string())),
    authorizedGrantType: v.optional(v.string()),
    scope: v.optional(v.array(v.string())),
  })),
});

export type IntrospectionResult =
  | { kind: 'ok'; info: GenesysIntrospection }
  | { kind: 'unauthorized'; httpStatus: number }
  | { kind: 'rate_limited'; retryAfterMs?: number }
  | { kind: 'error'; message: string; httpStatus?: number };

const named = (n: v.InferOutput<typeof Named> | undefined) => (n ? { id: n.id, ...(n.name ? { name: n.name } : {}) } : undefined);

export class GenesysIntrospector {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly fetch: FetchFunction | undefined;

  constructor(options: { clock?: Clock; timeoutMs?: number; fetch?: FetchFunction } = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch;
  }

  private get fetchOptions(): FetchOptions {
    return { timeoutMs: this.timeoutMs, ...(this.fetch ? { fetch: this.fetch } : {}) };
  }

  async check(apiBaseUrl: string, accessToken: string): Promise<{ valid: boolean; httpStatus: number }> {
    const response = await fetchWithTimeout(joinUrl(apiBaseUrl, '/api/v2/tokens/me'), { method: 'HEAD', headers: { authorization: `Bearer ${accessToken}` } }, this.fetchOptions);
    return { valid: response.ok, httpStatus: response.status };
  }

  async introspect(apiBaseUrl: string, accessToken: string): Promise<IntrospectionResult> {
    const url = `${joinUrl(apiBaseUrl, '/api/v2/tokens/me')}?preserveIdleTTL=true`;
    const host = new URL(url).host;
    let response: Response;
    try {
      response = await fetchWithTimeout(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }, this.fetchOptions);
    } catch (error) {
      // A redirect is not "Genesys accepted the token": another host's answer never counts.
      if (error instanceof RedirectRefusedError) return { kind: 'error', httpStatus: error.status, message: error.message };
      return { kind: 'error', message: `${error instanceof NetworkError ? error.message : `Could not reach ${host}.`} TokenTray will check again.` };
    }
    if (response.status === 401) return { kind: 'unauthorized', httpStatus: 401 };
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
      return retryAfterMs === undefined ? { kind: 'rate_limited' } : { kind: 'rate_limited', retryAfterMs };
    }
    if (response.status === 404) {
      return { kind: 'error', httpStatus: 404, message: `${host} has no /api/v2/tokens/me (404): the region or API base URL is probably wrong.` };
    }
    if (!response.ok) {
      return { kind: 'error', httpStatus: response.status, message: `${host} answered ${response.status} ${response.statusText}; Genesys Cloud may be degraded, TokenTray will check again.` };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { kind: 'error', httpStatus: response.status, message: `${host} answered ${response.status} but not with JSON: a proxy may be in the way, or the API base URL is wrong.` };
    }
    const parsed = v.safeParse(TokensMeSchema, body);
    if (!parsed.success) {
      return { kind: 'error', httpStatus: response.status, message: `${host} answered tokens/me with an unexpected shape (${parsed.issues[0].message}).` };
    }
    const doc = parsed.output;
    const idleAt = doc.dateTokenIdles ? Date.parse(doc.dateTokenIdles) : Number.NaN;
    const info: GenesysIntrospection = {
      authorizedScope: doc.authorizedScope ?? [],
      ...(doc.organization ? { organization: named(doc.organization) } : {}),
      ...(doc.homeOrganization ? { homeOrganization: named(doc.homeOrganization) } : {}),
      ...(doc.clonedUser ? { clonedUser: named(doc.clonedUser) } : {}),
      ...(doc.OAuthClient ? {
        oauthClient: {
          id: doc.OAuthClient.id,
          ...(doc.OAuthClient.name ? { name: doc.OAuthClient.name } : {}),
          ...(doc.OAuthClient.authorizedGrantType ? { authorizedGrantType: doc.OAuthClient.authorizedGrantType } : {}),
          ...(doc.OAuthClient.scope ? { scope: doc.OAuthClient.scope } : {}),
        },
      } : {}),
      ...(Number.isNaN(idleAt) ? {} : { idleAt }),
    };
    return { kind: 'ok', info };
  }

  async revoke(apiBaseUrl: string, accessToken: string): Promise<boolean> {
    const response = await fetchWithTimeout(joinUrl(apiBaseUrl, '/api/v2/tokens/me'), { method: 'DELETE', headers: { authorization: `Bearer ${accessToken}` } }, this.fetchOptions);
    return response.ok;
  }
}
