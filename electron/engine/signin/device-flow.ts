// The OAuth 2.0 device authorization grant (RFC 8628), for machines without a browser: show the
// user a code and a URL, then poll the token endpoint at the server's pace until approved,
// denied or expired.

import * as v from 'valibot';
import { EngineError, type Clock, type TokenSet } from '../contracts.js';
import { RedirectRefusedError, fetchWithTimeout, type FetchFunction } from '../http/fetch-with-timeout.js';
import { MAX_SERVER_WAIT_MS, boundedDeviceIntervalMs, boundedLifetimeSec } from '../http/server-bounds.js';
import { checkServiceUrl } from '../net/urls.js';
import type { ProfileConfig } from '../../../shared/domain.js';
import { discoverIssuer } from '../oidc/discovery.js';
import { basicAuthorization, requestToken, resolveTokenEndpointFor, type ClientAuthMethod } from '../refresher/token-client.js';

const DeviceResponse = v.object({
  device_code: v.string(),
  user_code: v.string(),
  verification_uri: v.string(),
  verification_uri_complete: v.optional(v.string()),
  expires_in: v.number(),
  interval: v.optional(v.number()),
});

export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: number;
  /** Resolves with the tokens once the user approves. */
  tokens: Promise<TokenSet>;
  cancel(): void;
}

export async function startDeviceAuthorization(input: {
  deviceAuthorizationUrl: string;
  tokenUrl: string;
  clientAuth: { method: ClientAuthMethod; clientId: string; clientSecret?: string };
  scope: string[];
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  fetch?: FetchFunction;
}): Promise<DeviceAuthorization> {
  const { clock, fetch } = input;
  const body = new URLSearchParams({ ...(input.scope.length ? { scope: input.scope.join(' ') } : {}) });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (input.clientAuth.method === 'client_secret_basic' && input.clientAuth.clientSecret) headers.authorization = basicAuthorization(input.clientAuth.clientId, input.clientAuth.clientSecret);
  else body.set('client_id', input.clientAuth.clientId);
  const response = await fetchWithTimeout(input.deviceAuthorizationUrl, { method: 'POST', headers, body }, { timeoutMs: 15_000, ...(fetch ? { fetch } : {}) }).catch((error: unknown) => {
    if (error instanceof RedirectRefusedError) throw new EngineError('config', { code: 'redirect_refused', message: error.message, httpStatus: error.status, at: clock.now() });
    throw new EngineError('transient', { code: 'network', message: error instanceof Error ? error.message : String(error), at: clock.now() });
  });
  const parsed = v.safeParse(DeviceResponse, await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success) {
    throw new EngineError('grant_rejected', { code: 'device_authorization_failed', message: `The provider refused to start a device sign-in (${response.status}). Check that the client may use the device grant.`, httpStatus: response.status, at: clock.now() });
  }
  const device = parsed.output;
  // The user is sent to these addresses: only https (or loopback http), never javascript: or file:.
  for (const [what, raw] of [['verification_uri', device.verification_uri], ['verification_uri_complete', device.verification_uri_complete]] as const) {
    if (raw === undefined) continue;
    const check = checkServiceUrl(raw, `device sign-in ${what}`);
    if (!check.ok) throw new EngineError('config', { code: 'unsafe_verification_uri', message: `The provider's ${check.message} TokenTray will not show it.`, at: clock.now() });
  }
  const expiresAt = clock.now() + Math.min((boundedLifetimeSec(device.expires_in) ?? 600) * 1000, 4 * MAX_SERVER_WAIT_MS);
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let cancelled = false;
  let intervalMs = boundedDeviceIntervalMs(device.interval);

  const poll = async (): Promise<TokenSet> => {
    for (;;) {
      await sleep(intervalMs);
      if (cancelled) throw new EngineError('config', { code: 'signin_cancelled', message: 'Device sign-in was cancelled.', at: clock.now() });
      if (clock.now() > expiresAt) throw new EngineError('grant_rejected', { code: 'expired_token', message: 'The device code expired before it was approved. Start the sign-in again.', at: clock.now() });
      try {
        return await requestToken({
          tokenUrl: input.tokenUrl,
          clientAuth: input.clientAuth,
          params: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code },
          timeoutMs: 15_000,
          clock,
          ...(fetch ? { fetch } : {}),
        });
      } catch (error) {
        const serverError = error instanceof EngineError ? error.problem.serverError : undefined;
        if (serverError === 'authorization_pending') continue;
        if (serverError === 'slow_down') {
          intervalMs = boundedDeviceIntervalMs(intervalMs / 1000 + 5);
          continue;
        }
        if (serverError === 'access_denied') throw new EngineError('grant_rejected', { code: 'access_denied', message: 'The sign-in was declined on the other device.', at: clock.now() });
        throw error;
      }
    }
  };
  const tokens = poll();
  tokens.catch(() => {});
  return {
    userCode: device.user_code,
    verificationUri: device.verification_uri,
    ...(device.verification_uri_complete ? { verificationUriComplete: device.verification_uri_complete } : {}),
    expiresAt,
    tokens,
    cancel: () => void (cancelled = true),
  };
}

/** Starts device sign-in for an OpenID profile, or says why it cannot (Genesys, not advertised). */
export async function startDeviceSignInFor(profile: ProfileConfig, clientSecret: string | undefined, clock: Clock, fetch?: FetchFunction): Promise<DeviceAuthorization> {
  if (profile.provider.kind !== 'oidc') {
    throw new EngineError('config', { code: 'device_flow_unavailable', message: 'Genesys Cloud offers no device sign-in; use the browser sign-in or paste a refresh token.', at: clock.now() });
  }
  const metadata = await discoverIssuer(profile.provider.issuer, { ...(fetch ? { fetch } : {}) });
  if (!metadata.deviceAuthorizationEndpoint) {
    throw new EngineError('config', { code: 'device_flow_unavailable', message: `${metadata.issuer} does not advertise device sign-in; use the browser sign-in instead.`, at: clock.now() });
  }
  const endpoint = await resolveTokenEndpointFor(profile, async () => metadata);
  return startDeviceAuthorization({
    deviceAuthorizationUrl: metadata.deviceAuthorizationEndpoint,
    tokenUrl: endpoint.tokenUrl,
    clientAuth: { method: endpoint.authMethod, clientId: profile.clientId, ...(clientSecret ? { clientSecret } : {}) },
    scope: profile.requiredScopes,
    clock,
    ...(fetch ? { fetch } : {}),
  });
}
