// Proving tokens: a profile's current token (Genesys tokens/me, or a JWT against the issuer's
// key set), a pasted token, and a profile's input before it is saved ("Test connection"). What a
// check learns (idle deadline, org, granted scopes) goes to the profile's runtime state.

import type { ProfileConfig, ProfileId, TokenInspection, ValidationReport } from '../../../shared/domain.js';
import type { ConnectionTest, PastedTokenInspection } from '../../../shared/dashboard-types.js';
import type { Clock, ProfileSecrets } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import type { MetricsStore } from '../metrics/metrics-store.js';
import type { OidcMetadata } from '../oidc/discovery.js';
import { testConnection } from '../profiles/test-connection.js';
import type { Refresher } from '../refresher/refresher.js';
import type { GenesysIntrospector } from '../validator/genesys-introspection.js';
import type { JwtVerifier } from '../validator/jwt-verifier.js';
import { inspectPastedToken, type PasteVerifySource } from '../validator/pasted-token.js';
import { checkProfileToken, type TokenCheck } from '../validator/token-check.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRuntime } from './profile-runtime.js';
import type { ProfileSession } from './profile-session.js';

export interface TokenCheckDeps {
  refresher: Pick<Refresher, 'getAccessToken' | 'handleUnauthorized'>;
  runtime: ProfileRuntime;
  metrics: Pick<MetricsStore, 'recordValidity'>;
  bus: EngineBus;
  introspector: GenesysIntrospector;
  verifier: JwtVerifier;
  discover: (issuer: string) => Promise<OidcMetadata>;
  secrets: (profileId: ProfileId) => ProfileSecrets | undefined;
  /** The profile's current session: what a check learns goes to the session it started in. */
  session: (profileId: ProfileId) => ProfileSession;
  clock: Clock;
  fetch?: FetchFunction;
}

/** A token with less left than this is not worth checking: it is about to be replaced. */
const MIN_VALIDITY_MS = 5_000;

export class TokenChecks {
  constructor(private readonly deps: TokenCheckDeps) {}

  /**
   * Proves the current token is valid, and counts it in the validity rate. An API 401 triggers at
   * most one refresh (shared with every other caller) and one re-check.
   */
  async validate(profile: ProfileConfig): Promise<ValidationReport> {
    return this.report(profile, (await this.deps.refresher.getAccessToken(profile, { minValidityMs: MIN_VALIDITY_MS })).token);
  }

  /**
   * The engine's own check of the token a refresh just stored. It never asks for a token itself:
   * for a token that lives under a few seconds, asking would refresh it again as a caller would,
   * past the floor on TokenTray's own requests. Such a token is left unchecked.
   */
  async validateStored(profile: ProfileConfig): Promise<void> {
    const secrets = this.deps.secrets(profile.id);
    if (!secrets?.accessToken || (secrets.accessTokenExpiresAt ?? 0) - this.deps.clock.now() < MIN_VALIDITY_MS) return;
    await this.report(profile, secrets.accessToken);
  }

  private async report(profile: ProfileConfig, token: string): Promise<ValidationReport> {
    const { refresher, metrics, bus, clock } = this.deps;
    const session = this.deps.session(profile.id);
    let report = await this.check(profile, session, token);
    if (report.unauthorized) {
      const renewed = await refresher.handleUnauthorized(profile, token).catch(() => undefined);
      if (renewed) report = await this.check(profile, session, renewed.accessToken);
    }
    // "Unverified" (keys unreachable, a refetch rate-limited) is no verdict: it is counted apart.
    if (!session.ended) await metrics.recordValidity(profile.id, report.outcome);
    await bus.audit('validated', profile.id, { valid: report.valid, message: report.message });
    this.deps.runtime.announce(profile);
    return { profileId: profile.id, valid: report.valid, at: clock.now(), message: report.message, inspection: report.inspection };
  }

  /** Decoded claims / introspection for the dashboard, without touching the validity counters. */
  async inspect(profile: ProfileConfig): Promise<TokenInspection> {
    const token = this.deps.secrets(profile.id)?.accessToken;
    if (!token) return { kind: 'none', reason: 'No access token yet.' };
    return (await this.check(profile, this.deps.session(profile.id), token)).inspection;
  }

  /** The pasted-token inspector: precise errors for garbage, verification against a profile or a JWKS URL. */
  inspectPasted(token: string, source: { kind: 'profile'; profile: ProfileConfig } | Exclude<PasteVerifySource, { kind: 'profile' }> | undefined): Promise<PastedTokenInspection> {
    return inspectPastedToken(token, source, { verifier: this.deps.verifier, discover: this.deps.discover, now: () => this.deps.clock.now() });
  }

  /** "Test connection" before saving: validates like Add, then proves the input against the provider. */
  testInput(input: Record<string, unknown>, existing: ProfileConfig | undefined): Promise<ConnectionTest> {
    return testConnection(input, {
      clock: this.deps.clock,
      discover: this.deps.discover,
      introspector: this.deps.introspector,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(existing ? { existing: { profile: existing, secrets: this.deps.secrets(existing.id) } } : {}),
    });
  }

  private async check(profile: ProfileConfig, session: ProfileSession, token: string): Promise<TokenCheck> {
    const check = await checkProfileToken(profile, token, { introspector: this.deps.introspector, verifier: this.deps.verifier, discover: this.deps.discover });
    this.deps.runtime.recordCheck(profile, session, check);
    return check;
  }
}
