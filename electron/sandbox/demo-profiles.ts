// The demo profiles the sandbox offers the engine, one per demo client, with the secrets of a fresh
// session. Labelled as sandbox everywhere so nobody mistakes them for a real org.

import type { ProfileConfig } from '../../shared/domain.js';
import type { ProfileSecrets, DemoProfile } from '../engine/index.js';
import { SANDBOX_CLIENTS } from './demo-clients.js';

export const SANDBOX_PROFILE_IDS = {
  code: 'sandbox-genesys-code',
  service: 'sandbox-genesys-service',
  oidc: 'sandbox-oidc-jwt',
} as const;

export function sandboxProfiles(urls: { loginBaseUrl: string; apiBaseUrl: string; issuer: string }): ProfileConfig[] {
  const genesys = { kind: 'genesys' as const, domain: 'mypurecloud.com', loginBaseUrl: urls.loginBaseUrl, apiBaseUrl: urls.apiBaseUrl };
  return [
    {
      id: SANDBOX_PROFILE_IDS.code,
      name: 'Sandbox · Genesys code grant',
      provider: genesys,
      grant: 'authorization_code',
      clientId: SANDBOX_CLIENTS.codeClient.clientId,
      // `routing` is deliberately not grantable to the demo client: the dashboard shows a missing scope.
      requiredScopes: ['conversations', 'routing', 'users:readonly'],
      sandbox: true,
    },
    {
      id: SANDBOX_PROFILE_IDS.service,
      name: 'Sandbox · Genesys client credentials',
      provider: genesys,
      grant: 'client_credentials',
      clientId: SANDBOX_CLIENTS.serviceClient.clientId,
      requiredScopes: [],
      sandbox: true,
    },
    {
      id: SANDBOX_PROFILE_IDS.oidc,
      name: 'Sandbox · OpenID Connect (JWT)',
      provider: { kind: 'oidc', issuer: urls.issuer },
      grant: 'authorization_code',
      clientId: SANDBOX_CLIENTS.oidcClient.clientId,
      requiredScopes: ['openid', 'tokens:read'],
      sandbox: true,
    },
  ];
}

export function sandboxSecrets(profileId: string): ProfileSecrets {
  switch (profileId) {
    case SANDBOX_PROFILE_IDS.code:
      return { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret };
    case SANDBOX_PROFILE_IDS.service:
      return { clientSecret: SANDBOX_CLIENTS.serviceClient.clientSecret };
    case SANDBOX_PROFILE_IDS.oidc:
      return { clientSecret: SANDBOX_CLIENTS.oidcClient.clientSecret };
    default:
      return {};
  }
}

/** The demo set for one sandbox run: the demo user is "already signed in" to the code-grant profiles. */
export function sandboxDemoSet(idp: { loginBaseUrl: string; apiBaseUrl: string; issuer: string; mintRefreshToken(clientId: string): string }): DemoProfile[] {
  return sandboxProfiles(idp).map((profile) => {
    const secrets: ProfileSecrets = { ...sandboxSecrets(profile.id) };
    if (profile.grant === 'authorization_code') secrets.refreshToken = idp.mintRefreshToken(profile.clientId);
    return { profile, secrets };
  });
}
