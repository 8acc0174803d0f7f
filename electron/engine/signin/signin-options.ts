// Which ways of signing in a profile's provider offers, so the dashboard shows only buttons that
// can work: Genesys has browser sign-in only; an OpenID provider offers device sign-in only when
// its discovery document advertises a device authorization endpoint.

import type { ProfileConfig } from '../../../shared/domain.js';
import type { SignInOptions } from '../../../shared/dashboard-types.js';
import type { OidcMetadata } from '../oidc/discovery.js';

export type { SignInOptions };

export async function signInOptionsFor(profile: ProfileConfig, discover: (issuer: string) => Promise<OidcMetadata>): Promise<SignInOptions> {
  if (profile.grant === 'client_credentials') return { browser: false, device: false, note: 'Client-credentials profiles sign in with their client secret.' };
  if (profile.provider.kind === 'genesys') return { browser: true, device: false };
  try {
    const metadata = await discover(profile.provider.issuer);
    return {
      browser: Boolean(metadata.authorizationEndpoint),
      device: Boolean(metadata.deviceAuthorizationEndpoint),
      ...(!metadata.deviceAuthorizationEndpoint ? { note: `${metadata.issuer} does not advertise device sign-in.` } : {}),
    };
  } catch (error) {
    return { browser: true, device: false, note: error instanceof Error ? error.message : String(error) };
  }
}
