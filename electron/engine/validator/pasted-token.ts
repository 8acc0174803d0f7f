// The pasted-token inspector: garbage gets a precise message (which segment, what is wrong), an
// opaque token is named as such, and a JWT is decoded, or verified against a profile's issuer or
// an explicit JWKS URL when the user asks.

import type { ProfileConfig } from '../../../shared/domain.js';
import type { PastedTokenInspection } from '../../../shared/dashboard-types.js';
import { EngineError } from '../contracts.js';
import { checkServiceUrl } from '../net/urls.js';
import type { OidcMetadata } from '../oidc/discovery.js';
import { decodeJwt, normaliseTokenInput } from './jwt-decode.js';
import type { JwtVerifier } from './jwt-verifier.js';

export type PasteVerifySource =
  | { kind: 'profile'; profileId: string }
  | { kind: 'jwks'; jwksUrl: string; issuer?: string; audience?: string };

type ResolvedSource = { kind: 'profile'; profile: ProfileConfig } | Extract<PasteVerifySource, { kind: 'jwks' }>;

export async function inspectPastedToken(
  token: string,
  source: ResolvedSource | undefined,
  deps: { verifier: JwtVerifier; discover: (issuer: string) => Promise<OidcMetadata>; now: () => number },
): Promise<PastedTokenInspection> {
  const decoded = decodeJwt(token);
  if (!decoded.ok) {
    const input = normaliseTokenInput(token);
    const opaque = decoded.problem.segment === 'whole' && input.length > 0 && !input.includes('.');
    return { format: opaque ? 'opaque' : 'invalid', problem: decoded.problem };
  }
  const decodeOnly = async (): Promise<PastedTokenInspection> => ({ format: 'jwt', jwt: await deps.verifier.verifyOrDecode(token, undefined) });
  if (!source) return decodeOnly();
  if (source.kind === 'jwks') {
    const check = checkServiceUrl(source.jwksUrl, 'JWKS URL');
    if (!check.ok) throw new EngineError('config', { code: 'invalid_jwks_url', message: check.message, at: deps.now() });
    const issuer = source.issuer?.trim() || (typeof decoded.claims.iss === 'string' ? decoded.claims.iss : '');
    const audience = source.audience?.trim();
    return { format: 'jwt', jwt: await deps.verifier.verify(token, { jwksUri: check.url.href, issuer, ...(audience ? { audience } : {}) }) };
  }
  const { provider, clientId } = source.profile;
  // Genesys publishes no key set: decode only, labelled unverified.
  if (provider.kind !== 'oidc') return decodeOnly();
  const metadata = await deps.discover(provider.issuer);
  return { format: 'jwt', jwt: await deps.verifier.verify(token, { jwksUri: metadata.jwksUri, issuer: metadata.issuer, audience: provider.audience ?? clientId }) };
}
