// The profiles: the list, its file, and every change to it (add, edit, remove, undo). An edit that
// moves where secrets go (region, base URLs, issuer, client id) drops the stored tokens and client
// secret first: they never follow the profile to a new address (see profiles/secret-destination.ts).

import type { FieldProblem, ProfileConfig, ProfileId } from '../../../shared/domain.js';
import { EngineError, type EngineClock, type ProfileSecrets } from '../contracts.js';
import type { MetricsStore } from '../metrics/metrics-store.js';
import { parseProfileInput, type ProfileFile } from '../profiles/index.js';
import { RecentlyRemoved } from '../profiles/removed-profiles.js';
import { secretDestination, secretDestinationChanged } from '../profiles/secret-destination.js';
import type { Vault } from '../vault/vault.js';
import type { EngineBus } from './engine-bus.js';
import { ProfileSession } from './profile-session.js';

/** A session's secrets: dropped on sign-out and when an edit moves where secrets go. */
export const SESSION_SECRET_FIELDS: (keyof ProfileSecrets)[] = ['accessToken', 'refreshToken', 'idToken', 'accessTokenExpiresAt', 'accessTokenIssuedAt', 'grantedScope'];

export type ProfileChangeResult = { ok: true; profile: ProfileConfig } | { ok: false; problems: FieldProblem[] };

export interface RegistryDeps {
  file: ProfileFile;
  vault: Pick<Vault, 'get' | 'update' | 'clear' | 'remove'>;
  metrics: Pick<MetricsStore, 'remove'>;
  bus: EngineBus;
  clock: EngineClock;
  /** True when the profiles are the sandbox's demo set, which an added profile joins instead of replacing. */
  sandboxMode(): boolean;
}

interface Entry {
  profile: ProfileConfig;
  session: ProfileSession;
}

/**
 * The profiles and their sessions: the engine's one map keyed by profile. Changes return the
 * profile to (re)start; the caller starts it, so the registry calls into no other part.
 */
export class ProfileRegistry {
  private readonly entries = new Map<ProfileId, Entry>();
  private readonly removed = new RecentlyRemoved();

  constructor(initial: ProfileConfig[], private readonly deps: RegistryDeps) {
    for (const profile of initial) this.entries.set(profile.id, { profile, session: this.newSession(profile.id) });
  }

  all(): ProfileConfig[] {
    return [...this.entries.values()].map((e) => e.profile);
  }

  find(profileId: ProfileId): ProfileConfig | undefined {
    return this.entries.get(profileId)?.profile;
  }

  require(profileId: ProfileId): ProfileConfig {
    const profile = this.find(profileId);
    if (profile) return profile;
    throw new EngineError('config', {
      code: 'unknown_profile',
      message: `There is no profile "${profileId}". Known profiles: ${this.all().map((p) => p.id).join(', ') || 'none'}.`,
      at: this.deps.clock.now(),
    });
  }

  /** The profile's live session (every profile in the list has exactly one). */
  session(profileId: ProfileId): ProfileSession {
    const entry = this.entries.get(profileId);
    if (entry) return entry.session;
    throw new EngineError('config', { code: 'unknown_profile', message: `There is no profile "${profileId}".`, at: this.deps.clock.now() });
  }

  /** The live session, or undefined when the profile is gone. */
  findSession(profileId: ProfileId): ProfileSession | undefined {
    return this.entries.get(profileId)?.session;
  }

  /** Every profile with its live session. */
  live(): { profile: ProfileConfig; session: ProfileSession }[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /** True while `session` is the profile's current one: results of any other are dropped. */
  isCurrent(session: ProfileSession): boolean {
    return !session.ended && this.entries.get(session.profileId)?.session === session;
  }

  /**
   * Ends the profile's session and starts an empty one: what the old grant taught (scopes, idle
   * deadline, org, warnings, retry state) and everything it had running stop here.
   */
  endSession(profileId: ProfileId, reason: string): ProfileSession {
    const entry = this.entries.get(profileId);
    if (!entry) return this.session(profileId);
    this.end(entry.session, reason);
    entry.session = this.newSession(profileId, entry.session);
    return entry.session;
  }

  async add(input: unknown): Promise<ProfileChangeResult> {
    const { vault } = this.deps;
    const parsed = parseProfileInput(input, { others: this.all() });
    if (!parsed.ok) return parsed;
    // A leftover vault entry under this id (a removed profile) must not leak into the new one.
    await vault.remove(parsed.profile.id);
    await vault.update(parsed.profile.id, { ...parsed.secrets, boundTo: secretDestination(parsed.profile) });
    if (!this.deps.sandboxMode()) {
      for (const { profile, session } of this.entries.values()) {
        if (!profile.sandbox) continue;
        this.end(session, 'demo profiles replaced');
        this.entries.delete(profile.id);
      }
    }
    this.entries.set(parsed.profile.id, { profile: parsed.profile, session: this.newSession(parsed.profile.id) });
    await this.changed(parsed.profile.id, { change: 'added' });
    return { ok: true, profile: parsed.profile };
  }

  /** Edits a profile with the same validation as adding one. */
  async update(profileId: ProfileId, input: unknown): Promise<ProfileChangeResult> {
    const { vault } = this.deps;
    const current = this.require(profileId);
    const parsed = parseProfileInput(input, { others: this.all().filter((p) => p.id !== profileId), editing: { current, hasStoredSecret: Boolean(vault.get(profileId)?.clientSecret) } });
    if (!parsed.ok) return parsed;
    const moved = secretDestinationChanged(current, parsed.profile);
    // Every edit re-plans the profile (its caller restarts it); one that moves secrets or brings a
    // new grant also forgets everything the old session learned, and its late results are dropped.
    const entry = this.entries.get(profileId) as Entry;
    if (moved || parsed.secrets.refreshToken) this.endSession(profileId, moved ? 'the token endpoint or client changed' : 'a new refresh token was entered');
    if (moved) await vault.clear(profileId, ['clientSecret', ...SESSION_SECRET_FIELDS]);
    // A typed refresh token starts a new session: the old access token belongs to the old grant
    // (often a revoked one), so the restart refreshes at once with the new token.
    else if (parsed.secrets.refreshToken) await vault.clear(profileId, SESSION_SECRET_FIELDS);
    // Only secrets the user typed replace stored ones; empty fields keep what the vault has.
    // The secrets the profile keeps may go where it points now (profiles/secret-binding.ts).
    await vault.update(profileId, { ...parsed.secrets, boundTo: secretDestination(parsed.profile) });
    entry.profile = parsed.profile;
    await this.changed(profileId, { change: 'updated', ...(moved ? { sessionDropped: 'the token endpoint or client changed' } : {}) });
    return { ok: true, profile: parsed.profile };
  }

  async remove(profileId: ProfileId): Promise<void> {
    const profile = this.require(profileId);
    const entry = this.entries.get(profileId) as Entry;
    this.end(entry.session, 'the profile was removed');
    this.removed.keep(profile, this.deps.vault.get(profileId), this.deps.clock.now());
    this.entries.delete(profileId);
    await this.deps.vault.remove(profileId);
    await this.deps.metrics.remove(profileId);
    await this.changed(profileId, { change: 'removed', name: profile.name });
  }

  /** Undo of remove within a short window: the profile and its secrets come back as they were. */
  async restore(profileId: ProfileId): Promise<ProfileConfig> {
    const item = this.find(profileId) ? undefined : this.removed.take(profileId, this.deps.clock.now());
    if (!item) {
      throw new EngineError('config', { code: 'nothing_to_restore', message: 'This profile can no longer be restored (undo is possible for 2 minutes after removing it); add it again under Settings.', at: this.deps.clock.now() });
    }
    if (item.secrets) await this.deps.vault.update(profileId, item.secrets);
    this.entries.set(profileId, { profile: item.profile, session: this.newSession(profileId) });
    await this.changed(profileId, { change: 'restored', name: item.profile.name });
    return item.profile;
  }

  /** Quit: every session ends, so nothing scheduled or in flight writes back. */
  endAll(reason: string): void {
    for (const { session } of this.entries.values()) this.end(session, reason);
  }

  private end(session: ProfileSession, reason: string): void {
    session.end(reason, this.deps.clock.now(), (handle) => this.deps.clock.clearTimeout(handle));
  }

  private newSession(profileId: ProfileId, previous?: ProfileSession): ProfileSession {
    return new ProfileSession(profileId, this.deps.clock.now(), previous ? { lastRefreshAt: previous.refresh.lastRefreshAt } : undefined);
  }

  private async changed(profileId: ProfileId, detail: Record<string, string>): Promise<void> {
    // Sandbox profiles are rebuilt every start (their loopback port changes), so never saved.
    await this.deps.file.save(this.all().filter((p) => !p.sandbox));
    await this.deps.bus.audit('profile_changed', profileId, detail);
    this.deps.bus.emit({ type: 'profiles', profiles: this.all() });
  }
}
