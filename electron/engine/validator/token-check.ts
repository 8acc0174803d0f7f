// One answer to "is this profile's token good, and what may it do?": Genesys tokens through
// tokens/me, OpenID tokens against the issuer's key set. Returns what it learned (granted scopes,
// idle deadline) for the caller to record; changes nothing itself.

import type { ProfileConfig, ScopeSource, TokenInspection } from '../../../shared/domain.js';
import type { OidcMetadata } from '../oidc/discovery.js';
import { genesysEndpoints } from '../regions/regions.js';
import { chooseGrantedScopes } from '../scopes/scopes.js';
import type { GenesysIntrospector } from './genesys-introspection.js';
import { looksLikeJwt } from './jwt-decode.js';
import type { JwtVerifier } from './jwt-verifier.js';

/** A check's verdict; "unverified" is none (keys unreachable, a refetch or the API rate-limited). */
export type CheckOutcome = 'valid' | 'invalid' | 'unverified';

export interface TokenCheck {
  valid: boolean;
  outcome: CheckOutcome;
  /** The API answered 401: the caller may refresh once and check again. */
  unauthorized: boolean;
  message: string;
  inspection: TokenInspection;
  learned: { idleAt?: number; scopes?: { granted: string[]; source: ScopeSource } };
}

export interface TokenCheckDeps {
  introspector: GenesysIntrospector;
  verifier: JwtVerifier;
  discover: (issuer: string) => Promise<OidcMetadata>;
}

export async function checkProfileToken(profile: ProfileConfig, token: string, deps: TokenCheckDeps): Promise<TokenCheck> {
  if (profile.provider.kind === 'genesys') {
    const result = await deps.introspector.introspect(genesysEndpoints(profile.provider).apiBaseUrl, token);
    const jwt = looksLikeJwt(token) ? await deps.verifier.verifyOrDecode(token, undefined) : undefined;
    switch (result.kind) {
      case 'ok':
        return {
          valid: true,
          outcome: 'valid',
          unauthorized: false,
          message: 'Genesys Cloud accepted the token (tokens/me).',
          inspection: { kind: 'genesys', introspection: result.info, ...(jwt ? { jwt } : {}) },
          learned: {
            ...(result.info.idleAt !== undefined ? { idleAt: result.info.idleAt } : {}),
            // Client-credentials tokens carry roles, not scopes: nothing to learn there.
            ...(profile.grant !== 'client_credentials' ? { scopes: { granted: [...result.info.authorizedScope].sort(), source: 'tokens_me' as const } } : {}),
          },
        };
      case 'unauthorized':
        return { valid: false, outcome: 'invalid', unauthorized: true, message: 'Genesys Cloud rejected the token (401): it was revoked, expired or idled out.', inspection: { kind: 'none', reason: 'The token was rejected.' }, learned: {} };
      case 'rate_limited':
        return { valid: false, outcome: 'unverified', unauthorized: false, message: 'Genesys Cloud is rate limiting this user (429); the check will be retried later.', inspection: { kind: 'none', reason: 'Rate limited.' }, learned: {} };
      default:
        return { valid: false, outcome: result.kind === 'error' && (result.httpStatus === undefined || result.httpStatus >= 500) ? 'unverified' : 'invalid', unauthorized: false, message: result.message, inspection: { kind: 'none', reason: result.message }, learned: {} };
    }
  }
  const metadata = await deps.discover(profile.provider.issuer);
  const jwt = await deps.verifier.verifyOrDecode(token, looksLikeJwt(token)
    ? { jwksUri: metadata.jwksUri, issuer: metadata.issuer, audience: profile.provider.audience ?? profile.clientId }
    : undefined);
  const claim = jwt.claims.scope;
  const valid = jwt.verification.status === 'verified';
  const reason = jwt.verification.reason ?? 'The token could not be verified.';
  return {
    valid,
    outcome: valid ? 'valid' : jwt.verification.status === 'unverified' ? 'unverified' : 'invalid',
    unauthorized: false,
    // "Unverified" is no verdict on the token (keys unreachable or refetch rate-limited): say so.
    message: valid
      ? `Signature, issuer, audience and expiry verified against ${metadata.jwksUri}.`
      : jwt.verification.status === 'unverified' ? `Not verified yet (not a rejection): ${reason}` : reason,
    inspection: { kind: 'jwt', jwt },
    learned: typeof claim === 'string' ? { scopes: chooseGrantedScopes({ jwtClaim: claim }) } : {},
  };
}
