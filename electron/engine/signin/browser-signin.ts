// Authorization code sign-in through the system browser (RFC 8252): listen on the loopback
// redirect first (so a port clash is reported before a browser tab opens), open the authorize
// URL with state and PKCE S256, wait for the one
// matching redirect, then exchange the code at the token endpoint.

import type { ProfileConfig } from '../../../shared/domain.js';
import { EngineError, type Clock, type ProfileSecrets, type TokenSet } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { discoverIssuer, type OidcMetadata } from '../oidc/discovery.js';
import { genesysEndpoints } from '../regions/regions.js';
import { requestToken, resolveTokenEndpointFor, type ClientAuthMethod } from '../refresher/token-client.js';
import { listenForRedirect } from './loopback-redirect.js';
import { createPkcePair, createState } from './pkce.js';

export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8765/oauth/callback';

export interface AuthorizationEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  authMethod: ClientAuthMethod;
}

export interface BrowserSignInOptions {
  openBrowser: (url: string) => void | Promise<void>;
  endpoints: AuthorizationEndpoints;
  clock: Clock;
  timeoutMs?: number;
  /** Called with a cancel function once the listener is up. */
  onCancelable?: (cancel: () => void) => void;
  /** The network for the code exchange (default: the global fetch). */
  fetch?: FetchFunction;
}

export async function signInWithBrowser(profile: ProfileConfig, secrets: ProfileSecrets | undefined, options: BrowserSignInOptions): Promise<TokenSet> {
  const redirectUri = profile.redirectUri ?? DEFAULT_REDIRECT_URI;
  const state = createState();
  // PKCE on every code grant, confidential clients included (RFC 9700 §2.1.1): it binds the code
  // to this sign-in, so a code intercepted on the loopback redirect is useless to anyone else.
  const pkce = createPkcePair();
  const listener = await listenForRedirect({ redirectUri, state, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  options.onCancelable?.(listener.cancel);

  const authorize = new URL(options.endpoints.authorizeUrl);
  authorize.searchParams.set('response_type', 'code');
  authorize.searchParams.set('client_id', profile.clientId);
  authorize.searchParams.set('redirect_uri', redirectUri);
  authorize.searchParams.set('state', state);
  if (profile.requiredScopes.length > 0) authorize.searchParams.set('scope', profile.requiredScopes.join(' '));
  authorize.searchParams.set('code_challenge', pkce.challenge);
  authorize.searchParams.set('code_challenge_method', pkce.method);
  try {
    await options.openBrowser(authorize.href);
  } catch (error) {
    listener.cancel();
    throw error;
  }
  const { code } = await listener.result;
  return requestToken({
    tokenUrl: options.endpoints.tokenUrl,
    clientAuth: { method: options.endpoints.authMethod, clientId: profile.clientId, ...(secrets?.clientSecret ? { clientSecret: secrets.clientSecret } : {}) },
    params: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier },
    timeoutMs: 15_000,
    clock: options.clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Where a profile signs in: login.<domain>/oauth/authorize for Genesys, the discovered endpoint for OpenID. */
export async function authorizationEndpointsFor(profile: ProfileConfig, discover: (issuer: string) => Promise<OidcMetadata> = discoverIssuer): Promise<AuthorizationEndpoints> {
  if (profile.provider.kind === 'genesys') {
    const endpoints = genesysEndpoints(profile.provider);
    return { authorizeUrl: endpoints.authorizeUrl, tokenUrl: endpoints.tokenUrl, authMethod: profile.grant === 'pkce' ? 'none' : 'client_secret_basic' };
  }
  const metadata = await discover(profile.provider.issuer);
  if (!metadata.authorizationEndpoint) {
    throw new EngineError('config', { code: 'no_authorization_endpoint', message: `${metadata.issuer} advertises no authorization endpoint, so browser sign-in is impossible; try the device sign-in.`, at: Date.now() });
  }
  const endpoint = await resolveTokenEndpointFor(profile, async () => metadata);
  return { authorizeUrl: metadata.authorizationEndpoint, tokenUrl: endpoint.tokenUrl, authMethod: endpoint.authMethod };
}

/** The loopback port a profile's browser sign-in listens on (its redirect URI's port). */
export function loopbackPortOf(profile: ProfileConfig): number {
  try {
    return Number(new URL(profile.redirectUri ?? DEFAULT_REDIRECT_URI).port) || 80;
  } catch {
    return 80;
  }
}
