// JWT verification with jose against an issuer's JWKS: explicit asymmetric algorithms only (never
// `none`, never HMAC, which defeats the key-confusion attack), issuer and audience checked, a
// small clock tolerance, and jose's refetch of the key set when an unknown `kid` appears (key
// rotation). Never throws for a bad token: it answers with a status and a reason a person reads.

import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { fetchWithTimeout, type FetchFunction } from '../http/fetch-with-timeout.js';
import type { JwtInspection } from '../../../shared/domain.js';
import { systemClock, type Clock } from '../contracts.js';
import { decodeJwt, describeClaimTime, MAX_TOKEN_CHARS, normaliseTokenInput } from './jwt-decode.js';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface VerifyExpectations {
  jwksUri: string;
  issuer: string;
  audience?: string | string[];
  algorithms?: string[];
}

export class JwtVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  /** When each JWKS URL was last force-refetched because of an unknown kid. */
  private readonly forcedRefetchAt = new Map<string, number>();
  private readonly clock: Clock;
  private readonly clockToleranceSec: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: FetchFunction | undefined;

  constructor(options: { clock?: Clock; clockToleranceSec?: number; jwksCooldownMs?: number; fetchTimeoutMs?: number; fetch?: FetchFunction } = {}) {
    this.clock = options.clock ?? systemClock;
    this.clockToleranceSec = options.clockToleranceSec ?? 30;
    this.cooldownMs = options.jwksCooldownMs ?? 30_000;
    this.timeoutMs = options.fetchTimeoutMs ?? 5_000;
    this.fetch = options.fetch;
  }

  /** One cached key set per JWKS URL, so verifications share fetched keys. */
  private keySet(jwksUri: string): JWTVerifyGetKey {
    let set = this.keySets.get(jwksUri);
    if (!set) {
      // The key set comes through the engine's one fetch seam: the injected network (proxy, CA),
      // redirects refused, failures described in words.
      const fetch = this.fetch;
      set = createRemoteJWKSet(new URL(jwksUri), {
        cooldownDuration: this.cooldownMs,
        timeoutDuration: this.timeoutMs,
        [customFetch]: (url, init) => fetchWithTimeout(url, { headers: init.headers, method: init.method }, { timeoutMs: this.timeoutMs, ...(fetch ? { fetch } : {}) }),
      });
      this.keySets.set(jwksUri, set);
    }
    return set;
  }

  async verifyOrDecode(token: string, expect: VerifyExpectations | undefined): Promise<JwtInspection> {
    if (expect) return this.verify(token, expect);
    const decoded = decodeJwt(token);
    if (!decoded.ok) return { header: {}, claims: {}, verification: { status: 'failed', reason: decoded.problem.message } };
    return {
      header: decoded.header,
      claims: decoded.claims,
      verification: { status: 'unverified', reason: 'No key source is configured for this token; the claims are shown unverified.', ...keyIdOf(decoded.header) },
    };
  }

  async verify(token: string, expect: VerifyExpectations): Promise<JwtInspection> {
    // The common case first: a token as given goes straight to jose (it decodes it once), and one
    // that verifies needs nothing of ours. Anything else is decoded by us and explained in words,
    // reusing jose's answer so a key set that cannot be reached is not asked twice.
    const first = await this.tryJose(token, expect, expect.algorithms ?? ASYMMETRIC_ALGORITHMS);
    if (first.ok) return first.inspection;
    const decoded = decodeJwt(token);
    if (!decoded.ok) return { header: {}, claims: {}, verification: { status: 'failed', reason: decoded.problem.message } };
    const { header, claims } = decoded;
    const algorithms = (expect.algorithms ?? ASYMMETRIC_ALGORITHMS).filter((alg) => ASYMMETRIC_ALGORITHMS.includes(alg));
    const base = { header, claims };
    const alg = String(header.alg);
    if (!algorithms.includes(alg)) {
      const reason = alg.toLowerCase() === 'none'
        ? 'Algorithm none is refused: unsigned tokens are never trusted.'
        : alg.startsWith('HS')
          ? `${alg} is refused: a shared-secret signature cannot be checked against a public key set (and accepting it enables key-confusion forgeries).`
          : `Algorithm ${alg} is not allowed (allowed: ${algorithms.join(', ')}).`;
      return { ...base, verification: { status: 'failed', reason, ...keyIdOf(header) } };
    }
    // A token pasted with surrounding whitespace or a Bearer prefix: jose saw it as given.
    let error = first.skipped ? (await this.tryJose(normaliseTokenInput(token), expect, algorithms)) : first;
    if (error.ok) return { ...base, verification: { status: 'verified', ...keyIdOf(header) } };
    let refetchWaitMs: number | undefined;
    // jose refetches on an unknown kid only outside its cooldown; a rotation right after a fetch
    // would then fail. Force one fresh key set, at most once per cooldown per URL.
    if (error.error instanceof errors.JWKSNoMatchingKey) {
      refetchWaitMs = this.forcedRefetchWait(expect.jwksUri);
      if (refetchWaitMs > 0) {
        // Not a verdict on the token: the key may be brand new, and the key set was not looked at again.
        const reason = `No key with kid "${String(header.kid ?? '(none)')}" in the key set fetched moments ago, and refetching ${expect.jwksUri} is rate-limited (once per ${Math.round(Math.max(this.cooldownMs, 1_000) / 1000)} s), so it was not checked again. The claims are shown unverified; check again in ${Math.ceil(refetchWaitMs / 1000)} s.`;
        return { ...base, verification: { status: 'unverified', reason, ...keyIdOf(header) } };
      }
      this.keySets.delete(expect.jwksUri);
      error = await this.tryJose(normaliseTokenInput(token), expect, algorithms);
      if (error.ok) return { ...base, verification: { status: 'verified', ...keyIdOf(header) } };
    }
    return { ...base, verification: { ...this.explain(error.error, claims, header, expect), ...keyIdOf(header) } };
  }

  /** jose's verdict on the token as given; `skipped` when it is not worth asking (too long, padded). */
  private async tryJose(token: string, expect: VerifyExpectations, algorithms: string[]): Promise<{ ok: true; inspection: JwtInspection } | { ok: false; error: unknown; skipped?: true }> {
    if (token.length > MAX_TOKEN_CHARS || token !== token.trim()) return { ok: false, error: undefined, skipped: true };
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.keySet(expect.jwksUri), this.joseOptions(expect, algorithms));
      const header = protectedHeader as Record<string, unknown>;
      return { ok: true, inspection: { header, claims: payload as Record<string, unknown>, verification: { status: 'verified', ...keyIdOf(header) } } };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private joseOptions(expect: VerifyExpectations, algorithms: string[]) {
    return {
      algorithms: algorithms.filter((alg) => ASYMMETRIC_ALGORITHMS.includes(alg)),
      issuer: expect.issuer,
      ...(expect.audience !== undefined ? { audience: expect.audience } : {}),
      clockTolerance: this.clockToleranceSec,
      currentDate: new Date(this.clock.now()),
    };
  }

  /** 0 when a forced refetch may happen now (and records it), else how long until one may. */
  private forcedRefetchWait(jwksUri: string): number {
    const now = this.clock.now();
    const last = this.forcedRefetchAt.get(jwksUri);
    const cooldown = Math.max(this.cooldownMs, 1_000);
    if (last !== undefined && now - last < cooldown) return cooldown - (now - last);
    this.forcedRefetchAt.set(jwksUri, now);
    return 0;
  }

  private explain(error: unknown, claims: Record<string, unknown>, header: Record<string, unknown>, expect: VerifyExpectations): { status: 'failed' | 'unverified'; reason: string } {
    const now = this.clock.now();
    if (error instanceof errors.JWTExpired) {
      const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
      return { status: 'failed', reason: exp ? `Expired ${ago(now - exp)} (exp ${describeClaimTime(claims.exp)}).` : 'The token has expired.' };
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'iss') return { status: 'failed', reason: `Issuer mismatch: expected "${expect.issuer}", the token says "${String(claims.iss)}".` };
      if (error.claim === 'aud') return { status: 'failed', reason: `Audience mismatch: expected ${JSON.stringify(expect.audience)}, the token says ${JSON.stringify(claims.aud)}.` };
      if (error.claim === 'nbf') return { status: 'failed', reason: `Not valid yet (nbf ${describeClaimTime(claims.nbf)}); check this computer's clock.` };
      if (error.claim === 'iat') return { status: 'failed', reason: 'Issued in the future (iat); check this computer\'s clock.' };
      return { status: 'failed', reason: `Claim ${error.claim} is invalid: ${error.reason}.` };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { status: 'failed', reason: 'Signature does not match: the token was altered or signed by another key.' };
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return { status: 'failed', reason: `No key with kid "${String(header.kid ?? '(none)')}" in the issuer's key set, even after refetching it.` };
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return { status: 'failed', reason: `Algorithm ${String(header.alg)} is not allowed.` };
    }
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
      return { status: 'unverified', reason: `Could not load the key set from ${expect.jwksUri} (${error.message}); the claims are shown unverified.` };
    }
    if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
      return { status: 'failed', reason: `The token is malformed: ${error.message}.` };
    }
    // Network failures fetching the key set surface as plain errors from fetch.
    return { status: 'unverified', reason: `Could not load the key set from ${expect.jwksUri} (${error instanceof Error ? error.message : String(error)}); the claims are shown unverified.` };
  }
}

function keyIdOf(header: Record<string, unknown>): { keyId?: string } {
  return typeof header.kid === 'string' ? { keyId: header.kid } : {};
}

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))} seconds ago`;
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}
