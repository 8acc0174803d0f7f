// Where a profile's secrets travel: the token endpoint gets the client secret and the refresh
// token, the API host gets the access token. When an edit moves any of these, the stored secrets
// must not follow (one edit must never send a refresh token to a host the user did not choose
// with that secret in hand), so the engine drops the tokens and asks for the client secret again.

import type { ProfileConfig } from '../../../shared/domain.js';

/** Everything that decides where secrets go, as one comparable string. */
export function secretDestination(profile: ProfileConfig): string {
  const { provider } = profile;
  const where = provider.kind === 'genesys'
    ? ['genesys', provider.domain, provider.loginBaseUrl ?? '', provider.apiBaseUrl ?? '']
    : ['oidc', provider.issuer];
  return JSON.stringify([...where, profile.clientId]);
}

export function secretDestinationChanged(before: ProfileConfig, after: ProfileConfig): boolean {
  return secretDestination(before) !== secretDestination(after);
}

/** Names what moved, for the message next to the client-secret field. */
export function describeDestinationChange(before: ProfileConfig, after: ProfileConfig): string {
  const changed: string[] = [];
  if (before.provider.kind !== after.provider.kind) changed.push('provider');
  else if (before.provider.kind === 'genesys' && after.provider.kind === 'genesys') {
    if (before.provider.domain !== after.provider.domain) changed.push('region');
    if (before.provider.loginBaseUrl !== after.provider.loginBaseUrl) changed.push('login base URL');
    if (before.provider.apiBaseUrl !== after.provider.apiBaseUrl) changed.push('API base URL');
  } else if (before.provider.kind === 'oidc' && after.provider.kind === 'oidc' && before.provider.issuer !== after.provider.issuer) {
    changed.push('issuer');
  }
  if (before.clientId !== after.clientId) changed.push('client id');
  return changed.join(', ') || 'token endpoint';
}
