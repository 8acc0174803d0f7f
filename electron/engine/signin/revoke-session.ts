// Sign-out's server side: revoke what the provider lets us revoke (Genesys: DELETE tokens/me
// with the access token; OpenID: RFC 7009 for the refresh and access tokens when a revocation
// endpoint is advertised) and say plainly what happened when it could not.

import type { ProfileConfig } from '../../../shared/domain.js';
import type { ProfileSecrets } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { discoverIssuer } from '../oidc/discovery.js';
import { resolveTokenEndpointFor } from '../refresher/token-client.js';
import { genesysEndpoints } from '../regions/regions.js';
import type { GenesysIntrospector } from '../validator/genesys-introspection.js';
import { revokeAtEndpoint } from './revocation.js';

export async function revokeSession(profile: ProfileConfig, secrets: ProfileSecrets, introspector: GenesysIntrospector, fetch?: FetchFunction): Promise<{ revoked: boolean; message: string }> {
  let revoked = false;
  let message = 'Signed out. No token was held.';
  if (secrets.accessToken || secrets.refreshToken) {
    if (profile.provider.kind === 'genesys') {
      let failure = '';
      revoked = secrets.accessToken
        ? await introspector.revoke(genesysEndpoints(profile.provider).apiBaseUrl, secrets.accessToken).catch((error: unknown) => {
          failure = ` (${error instanceof Error ? error.message : String(error)})`;
          return false;
        })
        : false;
      message = revoked ? 'Signed out; Genesys Cloud revoked the token.' : `Signed out locally; Genesys Cloud could not be told${failure} (the token may stay valid until it expires).`;
    } else {
      const metadata = await discoverIssuer(profile.provider.issuer, { ...(fetch ? { fetch } : {}) }).catch(() => undefined);
      if (metadata?.revocationEndpoint) {
        const endpoint = await resolveTokenEndpointFor(profile, async () => metadata);
        const clientAuth = { method: endpoint.authMethod, clientId: profile.clientId, ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}) };
        const results = await Promise.all([
          secrets.refreshToken ? revokeAtEndpoint({ revocationUrl: metadata.revocationEndpoint, clientAuth, token: secrets.refreshToken, hint: 'refresh_token', ...(fetch ? { fetch } : {}) }) : undefined,
          secrets.accessToken ? revokeAtEndpoint({ revocationUrl: metadata.revocationEndpoint, clientAuth, token: secrets.accessToken, hint: 'access_token', ...(fetch ? { fetch } : {}) }) : undefined,
        ]);
        revoked = results.every((r) => r === undefined || r.ok);
        message = revoked ? 'Signed out; the provider revoked the tokens.' : `Signed out locally; revocation failed (${results.find((r) => r && !r.ok)?.message}).`;
      } else {
        message = 'Signed out locally; this provider advertises no revocation endpoint, so its tokens stay valid until they expire.';
      }
    }
  }
  return { revoked, message };
}
