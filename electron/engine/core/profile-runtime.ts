// One owner of each profile's runtime state: what its token may do (granted scopes and where
// that came from, drift), when Genesys idles it out, which org it belongs to. Everything here is
// learned at run time (restored from the vault at start) and forgotten with the profile. It also
// builds the status the tray, dashboards and CLI show, from this state and the other parts' own.

import type { PendingSignInView, ProfileConfig, ProfileId, ProfileStatus, ScopeDrift, ScopeSource } from '../../../shared/domain.js';
import type { Clock, ProfileSecrets } from '../contracts.js';
import { maskToken } from '../logging/redact.js';
import type { RefresherStatus } from '../refresher/refresher.js';
import { buildScopeView, chooseGrantedScopes, detectScopeDrift } from '../scopes/scopes.js';
import { buildProfileStatus } from '../status/profile-status.js';
import { statusWarnings, WarningNotices } from '../status/warnings.js';
import { decodeJwt, looksLikeJwt } from '../validator/jwt-decode.js';
import type { TokenCheck } from '../validator/token-check.js';
import type { EngineBus } from './engine-bus.js';

interface ScopeMemory {
  granted: string[];
  source: ScopeSource;
  lastDrift?: ScopeDrift;
}

/** What the runtime reads from the other parts: small views, never the parts themselves. */
export interface RuntimeSources {
  secrets(profileId: ProfileId): ProfileSecrets | undefined;
  refresherStatus(profileId: ProfileId): RefresherStatus;
  nextRefreshAt(profileId: ProfileId): number | undefined;
  pendingSignIn(profileId: ProfileId): PendingSignInView | undefined;
  warnBeforeMs(): number;
}

export class ProfileRuntime {
  private readonly scopes = new Map<ProfileId, ScopeMemory>();
  private readonly idleAt = new Map<ProfileId, number>();
  private readonly organizations = new Map<ProfileId, string>();
  private readonly warningNotices: WarningNotices;

  constructor(private readonly sources: RuntimeSources, private readonly bus: EngineBus, private readonly clock: Clock) {
    this.warningNotices = new WarningNotices((profileId, title, message) => bus.notify('warning', profileId, title, message));
  }

  /** A new session (sign-out, a moved endpoint, a new refresh token): what the old token taught no longer holds. */
  resetSession(profileId: ProfileId): void {
    this.scopes.delete(profileId);
    this.idleAt.delete(profileId);
  }

  /** The profile is gone. */
  forget(profileId: ProfileId): void {
    this.resetSession(profileId);
    this.organizations.delete(profileId);
    this.warningNotices.forget(profileId);
  }

  knowsOrganization(profileId: ProfileId): boolean {
    return this.organizations.has(profileId);
  }

  /** After a restart: the scopes the stored token was granted, so nothing shows missing until the next refresh. */
  restoreScopes(profile: ProfileConfig): void {
    const secrets = this.sources.secrets(profile.id);
    if (!secrets?.accessToken || this.scopes.has(profile.id)) return;
    const choice = chooseGrantedScopes({ tokenResponse: secrets.grantedScope, jwtClaim: looksLikeJwt(secrets.accessToken) ? scopeClaimOf(secrets.accessToken) : undefined });
    if (choice.source !== 'none') this.scopes.set(profile.id, { granted: choice.granted, source: choice.source });
  }

  /** After a refresh or sign-in: the scopes the response or the JWT names. */
  observeTokenScopes(profile: ProfileConfig, responseScope: string | undefined): void {
    const token = this.sources.secrets(profile.id)?.accessToken;
    const choice = chooseGrantedScopes({ tokenResponse: responseScope, jwtClaim: token && looksLikeJwt(token) ? scopeClaimOf(token) : undefined });
    if (choice.source !== 'none') this.rememberScopes(profile, choice.granted, choice.source);
  }

  /** What a token check learned: the idle deadline, the org, the granted scopes (the runtime truth). */
  recordCheck(profile: ProfileConfig, check: TokenCheck): void {
    if (check.learned.idleAt !== undefined) this.idleAt.set(profile.id, check.learned.idleAt);
    if (check.inspection.kind === 'genesys') {
      const org = check.inspection.introspection.organization;
      if (org) this.organizations.set(profile.id, org.name ?? org.id);
    }
    if (check.learned.scopes) this.rememberScopes(profile, check.learned.scopes.granted, check.learned.scopes.source);
  }

  status(profile: ProfileConfig): ProfileStatus {
    const now = this.clock.now();
    const secrets = this.sources.secrets(profile.id);
    const refresher = this.sources.refresherStatus(profile.id);
    const memory = this.scopes.get(profile.id);
    const token = secrets?.accessToken;
    const status = buildProfileStatus({
      profile,
      now,
      refresherState: refresher.state,
      retry: refresher.retry,
      lastError: refresher.lastError,
      lastRefreshAt: refresher.lastRefreshAt,
      accessToken: token,
      expiresAt: secrets?.accessTokenExpiresAt,
      issuedAt: secrets?.accessTokenIssuedAt,
      idleAt: this.idleAt.get(profile.id),
      nextRefreshAt: this.sources.nextRefreshAt(profile.id),
      scopes: buildScopeView({
        required: profile.requiredScopes,
        granted: memory?.granted ?? [],
        source: memory?.source ?? 'none',
        governedByRoles: profile.provider.kind === 'genesys' && profile.grant === 'client_credentials',
      }),
      lastDrift: memory?.lastDrift,
      tokenPreview: token ? maskToken(token) : undefined,
      tokenFormat: token ? (looksLikeJwt(token) ? 'jwt' : 'opaque') : undefined,
    });
    const warnings = statusWarnings({ ...status, now, warnBeforeMs: this.sources.warnBeforeMs(), hasAccessToken: Boolean(token), hasRefreshToken: Boolean(secrets?.refreshToken) });
    const pendingSignIn = this.sources.pendingSignIn(profile.id);
    const organization = this.organizations.get(profile.id);
    return { ...status, ...(pendingSignIn ? { pendingSignIn } : {}), ...(warnings.length ? { warnings } : {}), ...(organization ? { organization } : {}) };
  }

  /** Tells every listener the profile's current status, and raises each new warning once. */
  announce(profile: ProfileConfig): void {
    const status = this.status(profile);
    this.warningNotices.observe(profile, status.warnings ?? []);
    this.bus.emit({ type: 'status', status });
  }

  private rememberScopes(profile: ProfileConfig, granted: string[], source: ScopeSource): void {
    const previous = this.scopes.get(profile.id);
    const comparable = previous && previous.source === source ? previous.granted : undefined;
    const drift = detectScopeDrift(comparable, granted, this.clock.now());
    this.scopes.set(profile.id, { granted, source, lastDrift: drift ?? previous?.lastDrift });
    if (drift) {
      void this.bus.audit('scope_drift', profile.id, { added: drift.added.join(' '), removed: drift.removed.join(' ') });
      void this.bus.webhook('scope.drift', profile, { scopes: { added: drift.added, removed: drift.removed } });
      this.bus.notify('warning', profile.id, `${profile.name}: scopes changed`, describeDrift(drift));
    }
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

function describeDrift(drift: ScopeDrift): string {
  const parts: string[] = [];
  if (drift.removed.length) parts.push(`lost ${drift.removed.join(', ')}`);
  if (drift.added.length) parts.push(`gained ${drift.added.join(', ')}`);
  return `The token ${parts.join(' and ')} since the previous refresh.`;
}
