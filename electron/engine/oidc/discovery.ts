// OpenID Connect discovery: fetch `<issuer>/.well-known/openid-configuration`, check that it
// really describes the configured issuer (RFC 8414 §3.3: mix-up defence), cache it for an hour.
// The cache is kept per fetch function, so an engine behind a proxy (or a test's fake network)
// never receives metadata another engine fetched over a different network.

import * as v from 'valibot';
import { RedirectRefusedError, fetchWithTimeout, globalFetch, type FetchFunction } from '../http/fetch-with-timeout.js';
import { checkServiceUrl, joinUrl } from '../net/urls.js';

export interface OidcMetadata {
  issuer: string;
  tokenEndpoint: string;
  authorizationEndpoint?: string;
  jwksUri: string;
  revocationEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  tokenEndpointAuthMethods: string[];
  grantTypes?: string[];
  codeChallengeMethods?: string[];
}

const MetadataSchema = v.object({
  issuer: v.string(),
  token_endpoint: v.string(),
  authorization_endpoint: v.optional(v.string()),
  jwks_uri: v.string(),
  revocation_endpoint: v.optional(v.string()),
  userinfo_endpoint: v.optional(v.string()),
  device_authorization_endpoint: v.optional(v.string()),
  token_endpoint_auth_methods_supported: v.optional(v.array(v.string())),
  grant_types_supported: v.optional(v.array(v.string())),
  code_challenge_methods_supported: v.optional(v.array(v.string())),
});

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

const TTL_MS = 60 * 60_000;
type Cache = Map<string, { at: number; metadata: Promise<OidcMetadata> }>;
const caches = new WeakMap<FetchFunction, Cache>();

function cacheFor(fetch: FetchFunction): Cache {
  let cache = caches.get(fetch);
  if (!cache) caches.set(fetch, (cache = new Map()));
  return cache;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export function discoverIssuer(issuer: string, options: { now?: number; timeoutMs?: number; fetch?: FetchFunction } = {}): Promise<OidcMetadata> {
  const fetch = options.fetch ?? globalFetch;
  const cache = cacheFor(fetch);
  const key = trimSlash(issuer);
  const now = options.now ?? Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.metadata;
  const metadata = fetchMetadata(key, options.timeoutMs ?? 10_000, fetch);
  cache.set(key, { at: now, metadata });
  metadata.catch(() => cache.delete(key)); // failures are not cached
  return metadata;
}

export function invalidateDiscovery(issuer: string, fetch: FetchFunction = globalFetch): void {
  cacheFor(fetch).delete(trimSlash(issuer));
}

async function fetchMetadata(issuer: string, timeoutMs: number, fetch: FetchFunction): Promise<OidcMetadata> {
  const url = joinUrl(issuer, '/.well-known/openid-configuration');
  const response = await fetchFollowingOneSameOriginRedirect(url, timeoutMs, fetch);
  if (!response.ok) {
    throw new DiscoveryError(`OpenID discovery failed: ${url} answered ${response.status}. Check the issuer URL (it must be the issuer itself, without /.well-known/...).`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new DiscoveryError(`OpenID discovery failed: ${url} did not return JSON. Check the issuer URL.`);
  }
  const parsed = v.safeParse(MetadataSchema, body);
  if (!parsed.success) {
    throw new DiscoveryError(`OpenID discovery failed: the document at ${url} lacks ${parsed.issues[0].path?.map((p) => String(p.key)).join('.') ?? 'required fields'}.`);
  }
  const doc = parsed.output;
  if (trimSlash(doc.issuer) !== issuer) {
    throw new DiscoveryError(`OpenID discovery failed: the document at ${url} names issuer "${doc.issuer}", not "${issuer}". Use exactly the issuer the provider announces.`);
  }
  // Every endpoint TokenTray may send a secret to, or send the user to, must be https (http on
  // loopback only): a discovery document must not be able to point a refresh token at plain http.
  const endpoints = [
    ['token endpoint', doc.token_endpoint],
    ['JWKS URI', doc.jwks_uri],
    ['authorization endpoint', doc.authorization_endpoint],
    ['revocation endpoint', doc.revocation_endpoint],
    ['device authorization endpoint', doc.device_authorization_endpoint],
    ['userinfo endpoint', doc.userinfo_endpoint],
  ] as const;
  for (const [what, value] of endpoints) {
    if (value === undefined) continue;
    const check = checkServiceUrl(value, `issuer's ${what}`);
    if (!check.ok) throw new DiscoveryError(`OpenID discovery failed: ${check.message} Ask the provider's administrator to fix its discovery document.`);
  }
  return {
    issuer: doc.issuer,
    tokenEndpoint: doc.token_endpoint,
    authorizationEndpoint: doc.authorization_endpoint,
    jwksUri: doc.jwks_uri,
    revocationEndpoint: doc.revocation_endpoint,
    deviceAuthorizationEndpoint: doc.device_authorization_endpoint,
    // RFC 8414: absent means client_secret_basic.
    tokenEndpointAuthMethods: doc.token_endpoint_auth_methods_supported ?? ['client_secret_basic'],
    grantTypes: doc.grant_types_supported,
    codeChallengeMethods: doc.code_challenge_methods_supported,
  };
}

/** Discovery alone may follow one redirect, and only to the same https origin (a path move). */
async function fetchFollowingOneSameOriginRedirect(url: string, timeoutMs: number, fetch: FetchFunction): Promise<Response> {
  const fail = (error: unknown): never => {
    throw new DiscoveryError(`OpenID discovery failed: ${error instanceof Error ? error.message : String(error)} Check the issuer URL.`);
  };
  try {
    return await fetchWithTimeout(url, { headers: { accept: 'application/json' } }, { timeoutMs, fetch });
  } catch (error) {
    if (!(error instanceof RedirectRefusedError) || error.location === undefined) return fail(error);
    let target: URL;
    try {
      target = new URL(error.location, url);
    } catch {
      return fail(error);
    }
    const from = new URL(url);
    if (target.origin !== from.origin || !checkServiceUrl(target.href, 'discovery redirect').ok) return fail(error);
    return fetchWithTimeout(target.href, { headers: { accept: 'application/json' } }, { timeoutMs, fetch }).catch(fail);
  }
}
