// The form parameters of one token request, and the words used when a profile has no way to
// obtain a token without the user. Pure, so each message can be checked against the situation.

import type { ProfileConfig } from '../../../shared/domain.js';
import { EngineError, type ProfileSecrets } from '../contracts.js';

/**
 * `candidateRefreshToken` is a refresh token being proven (pasted by the user): it is sent instead
 * of the stored one, which stays untouched until the candidate has worked.
 */
export function grantParams(profile: ProfileConfig, secrets: ProfileSecrets, at: number, candidateRefreshToken?: string): Record<string, string> {
  if (candidateRefreshToken !== undefined) return { grant_type: 'refresh_token', refresh_token: candidateRefreshToken };
  if (profile.grant === 'client_credentials') {
    const params: Record<string, string> = { grant_type: 'client_credentials' };
    // Genesys client-credentials clients are governed by roles and take no scope parameter.
    if (profile.provider.kind === 'oidc' && profile.requiredScopes.length > 0) params.scope = profile.requiredScopes.join(' ');
    return params;
  }
  if (!secrets.refreshToken) throw new EngineError('config', { code: 'signin_needed', message: signInNeededMessage(profile, secrets, at), at });
  // No `scope` on refresh: the server keeps the original grant, so we can never ask for more.
  return { grant_type: 'refresh_token', refresh_token: secrets.refreshToken };
}

/** Why there is nothing to refresh with, worded for whether the profile ever had a token. */
export function signInNeededMessage(profile: ProfileConfig, secrets: ProfileSecrets, now: number): string {
  // The issue time outlives a rejected grant's tokens: it shows the profile did sign in once.
  const hadToken = secrets.accessTokenIssuedAt !== undefined || secrets.accessToken !== undefined;
  if (profile.grant === 'pkce') {
    if (!hadToken) return 'This profile has not signed in yet: sign in to get a token. PKCE clients get no refresh token, so each sign-in lasts until its token expires.';
    if (secrets.accessTokenExpiresAt === undefined || secrets.accessTokenExpiresAt <= now) return 'The token from the last sign-in has expired, and PKCE clients get no refresh token to renew it: sign in again.';
    return 'PKCE sign-ins come without a refresh token, so this token cannot be renewed: sign in again before it expires.';
  }
  if (!hadToken) return 'This profile has not signed in yet: sign in (or paste a refresh token) to get one.';
  return 'There is no refresh token for this profile any more (it was rejected or signed out): sign in to get a new one.';
}
