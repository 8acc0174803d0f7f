// What a profile's tokens taught at run time (granted scopes and where that came from, drift, when
// Genesys idles the token out, which org it belongs to), kept in the profile's session and so
// forgotten with it, and the status the tray, dashboards and CLI show, built from the session.

import type { ProfileConfig, ProfileId, ProfileStatus, ScopeDrift, ScopeSource } from '../../../shared/domain.js';
import type { Clock, ProfileSecrets } from '../contracts.js';
import { maskToken } from '../logging/redact.js';
import { buildScopeView, chooseGrantedScopes, detectScopeDrift } from '../scopes/scopes.js';
import { buildProfileStatus } from '../status/profile-status.js';
import { raiseNewWarnings, statusWarnings } from '../status/warnings.js';
import { decodeJwt, looksLikeJwt } from '../validator/jwt-decode.js';
import type { TokenCheck } from '../validator/token-check.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileSession } from './profile-session.js';

/** What the status reads besides the session: small views, never the parts themselves. */
export interface RuntimeSources {
  secrets(profileId: ProfileId): ProfileSecrets | undefined;
  /** The profile's current session. */
  session(profileId: ProfileId): ProfileSession;
  nextRefreshAt(session: ProfileSession): number | undefined;
  warnBeforeMs(): number;
}

const SOURCE_PREFERENCE: ScopeSource[] = ['tokens_me', 'token_response', 'jwt_claim'];

/**
 * What a session learns from its tokens (scopes, idle deadline, org) goes into that session, and
 * the status the tray, dashboards and CLI show is built from the current session. Keeps nothing
 * keyed by profile: a new session starts knowing nothing.
 */
export class ProfileRuntime {
  constructor(private readonly sources: RuntimeSources, private readonly bus: EngineBus, private readonly clock: Clock) {}

  knowsOrganization(session: ProfileSession): boolean {
    return session.learned.organization !== undefined;
  }

  /** After a restart: the scopes the stored token was granted, so nothing shows missing until the next refresh. */
  restoreScopes(profile: ProfileConfig, session: ProfileSession): void {
    const secrets = this.sources.secrets(profile.id);
    if (!secrets?.accessToken) return;
    const choice = chooseGrantedScopes({ tokenResponse: secrets.grantedScope, jwtClaim: looksLikeJwt(secrets.accessToken) ? scopeClaimOf(secrets.accessToken) : undefined });
    if (choice.source !== 'none' && !session.learned.scopes[choice.source]) session.learned.scopes[choice.source] = { granted: choice.granted, source: choice.source };
  }

  /** After a refresh or sign-in: the scopes the response or the JWT names. */
  observeTokenScopes(profile: ProfileConfig, session: ProfileSession, responseScope: string | undefined): void {
    const token = this.sources.secrets(profile.id)?.accessToken;
    const choice = chooseGrantedScopes({ tokenResponse: responseScope, jwtClaim: token && looksLikeJwt(token) ? scopeClaimOf(token) : undefined });
    if (choice.source !== 'none') this.rememberScopes(profile, session, choice.granted, choice.source);
  }

  /** What a token check learned: the idle deadline, the org, the granted scopes (the runtime truth). */
  recordCheck(profile: ProfileConfig, session: ProfileSession, check: TokenCheck): void {
    if (session.ended) return;
    if (check.learned.idleAt !== undefined) session.learned.idleAt = check.learned.idleAt;
    if (check.inspection.kind === 'genesys') {
      const org = check.inspection.introspection.organization;
      if (org) session.learned.organization = org.name ?? org.id;
    }
    if (check.learned.scopes) this.rememberScopes(profile, session, check.learned.scopes.granted, check.learned.scopes.source);
  }

  status(profile: ProfileConfig): ProfileStatus {
    const now = this.clock.now();
    const session = this.sources.session(profile.id);
    const secrets = this.sources.secrets(profile.id);
    const refresh = session.refresh;
    const memory = SOURCE_PREFERENCE.map((source) => session.learned.scopes[source]).find((m) => m !== undefined);
    const token = secrets?.accessToken;
    const status = buildProfileStatus({
      profile,
      now,
      refresherState: refresh.state,
      retry: refresh.retry,
      lastError: refresh.lastError,
      lastRefreshAt: refresh.lastRefreshAt,
      accessToken: token,
      expiresAt: secrets?.accessTokenExpiresAt,
      issuedAt: secrets?.accessTokenIssuedAt,
      idleAt: session.learned.idleAt,
      nextRefreshAt: this.sources.nextRefreshAt(session),
      scopes: buildScopeView({
        required: profile.requiredScopes,
        granted: memory?.granted ?? [],
        source: memory?.source ?? 'none',
        governedByRoles: profile.provider.kind === 'genesys' && profile.grant === 'client_credentials',
      }),
      lastDrift: session.learned.lastDrift,
      tokenPreview: token ? maskToken(token) : undefined,
      tokenFormat: token ? (looksLikeJwt(token) ? 'jwt' : 'opaque') : undefined,
    });
    const warnings = statusWarnings({ ...status, now, warnBeforeMs: this.sources.warnBeforeMs(), hasAccessToken: Boolean(token), hasRefreshToken: Boolean(secrets?.refreshToken) });
    const pendingSignIn = session.pendingSignIn ? { ...session.pendingSignIn.view } : undefined;
    const organization = session.learned.organization;
    return { ...status, ...(pendingSignIn ? { pendingSignIn } : {}), ...(warnings.length ? { warnings } : {}), ...(organization ? { organization } : {}) };
  }

  /** Tells every listener the profile's current status, and raises each new warning once per session. */
  announce(profile: ProfileConfig): void {
    const status = this.status(profile);
    raiseNewWarnings(this.sources.session(profile.id), profile, status.warnings ?? [], (title, message) => this.bus.notify('warning', profile.id, title, message));
    this.bus.emit({ type: 'status', status });
  }

  private rememberScopes(profile: ProfileConfig, session: ProfileSession, granted: string[], source: ScopeSource): void {
    if (session.ended) return;
    // Drift is judged against the same source's previous answer: tokens/me and the token response
    // may word the same grant differently, and comparing across them would cry wolf.
    const previous = session.learned.scopes[source];
    const drift = detectScopeDrift(previous?.granted, granted, this.clock.now());
    session.learned.scopes[source] = { granted, source };
    if (!drift) return;
    // The token response and tokens/me report the same change one after the other: one alert.
    const sameChange = session.learned.lastDrift && sameScopes(session.learned.lastDrift.added, drift.added) && sameScopes(session.learned.lastDrift.removed, drift.removed);
    session.learned.lastDrift = drift;
    if (sameChange) return;
    void this.bus.audit('scope_drift', profile.id, { added: drift.added.join(' '), removed: drift.removed.join(' ') });
    void this.bus.webhook('scope.drift', profile, { scopes: { added: drift.added, removed: drift.removed } });
    this.bus.notify('warning', profile.id, `${profile.name}: scopes changed`, describeDrift(drift));
  }
}

function scopeClaimOf(token: string): string | string[] | undefined {
  const decoded = decodeJwt(token);
  if (!decoded.ok) return undefined;
  const { scope, scp } = decoded.claims;
  if (typeof scope === 'string') return scope;
  if (Array.isArray(scp) && scp.every((s): s is string => typeof s === 'string')) return scp;
  return undefined;
}

function sameScopes(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((scope, i) => scope === b[i]);
}

function describeDrift(drift: ScopeDrift): string {
  const parts: string[] = [];
  if (drift.removed.length) parts.push(`lost ${drift.removed.join(', ')}`);
  if (drift.added.length) parts.push(`gained ${drift.added.join(', ')}`);
  return `The token ${parts.join(' and ')} since the previous refresh.`;
}
