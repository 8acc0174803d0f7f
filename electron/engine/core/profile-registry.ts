// The profiles: the list, its file, and every change to it (add, edit, remove, undo). An edit that
// moves where secrets go (region, base URLs, issuer, client id) drops the stored tokens and client
// secret first: they never follow the profile to a new address (see profiles/secret-destination.ts).

import type { FieldProblem, ProfileConfig, ProfileId } from '../../../shared/domain.js';
import { EngineError, type Clock, type ProfileSecrets } from '../contracts.js';
import type { MetricsStore } from '../metrics/metrics-store.js';
import { parseProfileInput, type ProfileFile } from '../profiles/index.js';
import { RecentlyRemoved } from '../profiles/removed-profiles.js';
import { secretDestinationChanged } from '../profiles/secret-destination.js';
import type { Refresher } from '../refresher/refresher.js';
import type { RefreshScheduler } from '../scheduler/scheduler.js';
import type { Vault } from '../vault/vault.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRuntime } from './profile-runtime.js';

/** A session's secrets: dropped on sign-out and when an edit moves where secrets go. */
export const SESSION_SECRET_FIELDS: (keyof ProfileSecrets)[] = ['accessToken', 'refreshToken', 'idToken', 'accessTokenExpiresAt', 'accessTokenIssuedAt', 'grantedScope'];

export type ProfileChangeResult = { ok: true; profile: ProfileConfig } | { ok: false; problems: FieldProblem[] };

export interface RegistryDeps {
  file: ProfileFile;
  vault: Pick<Vault, 'get' | 'update' | 'clear' | 'remove'>;
  refresher: Pick<Refresher, 'forget'>;
  scheduler: Pick<RefreshScheduler, 'cancel'>;
  metrics: Pick<MetricsStore, 'remove'>;
  runtime: ProfileRuntime;
  bus: EngineBus;
  clock: Clock;
  /** Starts refreshing a profile that was added, edited or restored. */
  start(profile: ProfileConfig): void;
  /** Stops a pending sign-in of a profile that goes away. */
  cancelSignIn(profileId: ProfileId): void;
  /** True when the profiles are the sandbox's demo set, which an added profile joins instead of replacing. */
  sandboxMode(): boolean;
}

export class ProfileRegistry {
  private list: ProfileConfig[];
  private readonly removed = new RecentlyRemoved();

  constructor(initial: ProfileConfig[], private readonly deps: RegistryDeps) {
    this.list = [...initial];
  }

  all(): ProfileConfig[] {
    return [...this.list];
  }

  find(profileId: ProfileId): ProfileConfig | undefined {
    return this.list.find((p) => p.id === profileId);
  }

  require(profileId: ProfileId): ProfileConfig {
    const profile = this.find(profileId);
    if (profile) return profile;
    throw new EngineError('config', {
      code: 'unknown_profile',
      message: `There is no profile "${profileId}". Known profiles: ${this.list.map((p) => p.id).join(', ') || 'none'}.`,
      at: this.deps.clock.now(),
    });
  }

  async add(input: unknown): Promise<ProfileChangeResult> {
    const { vault } = this.deps;
    const parsed = parseProfileInput(input, { others: this.list });
    if (!parsed.ok) return parsed;
    // A leftover vault entry under this id (a removed profile) must not leak into the new one.
    await vault.remove(parsed.profile.id);
    await vault.update(parsed.profile.id, parsed.secrets);
    this.deps.refresher.forget(parsed.profile.id);
    this.list = [...this.list.filter((p) => !p.sandbox || this.deps.sandboxMode()), parsed.profile];
    await this.changed(parsed.profile.id, { change: 'added' });
    this.deps.start(parsed.profile);
    return { ok: true, profile: parsed.profile };
  }

  /** Edits a profile with the same validation as adding one. */
  async update(profileId: ProfileId, input: unknown): Promise<ProfileChangeResult> {
    const { vault, runtime } = this.deps;
    const current = this.require(profileId);
    const parsed = parseProfileInput(input, { others: this.list.filter((p) => p.id !== profileId), editing: { current, hasStoredSecret: Boolean(vault.get(profileId)?.clientSecret) } });
    if (!parsed.ok) return parsed;
    const moved = secretDestinationChanged(current, parsed.profile);
    this.deps.scheduler.cancel(profileId);
    if (moved) await vault.clear(profileId, ['clientSecret', ...SESSION_SECRET_FIELDS]);
    // A typed refresh token starts a new session: the old access token belongs to the old grant
    // (often a revoked one), so the restart below refreshes at once with the new token.
    else if (parsed.secrets.refreshToken) await vault.clear(profileId, SESSION_SECRET_FIELDS);
    // Only secrets the user typed replace stored ones; empty fields keep what the vault has.
    if (Object.keys(parsed.secrets).length > 0) await vault.update(profileId, parsed.secrets);
    if (moved || parsed.secrets.refreshToken) {
      this.deps.refresher.forget(profileId);
      runtime.resetSession(profileId);
    }
    this.list = this.list.map((p) => (p.id === profileId ? parsed.profile : p));
    await this.changed(profileId, { change: 'updated', ...(moved ? { sessionDropped: 'the token endpoint or client changed' } : {}) });
    this.deps.start(parsed.profile);
    return { ok: true, profile: parsed.profile };
  }

  async remove(profileId: ProfileId): Promise<void> {
    const profile = this.require(profileId);
    this.deps.cancelSignIn(profileId);
    this.deps.scheduler.cancel(profileId);
    this.deps.refresher.forget(profileId);
    this.deps.runtime.forget(profileId);
    this.removed.keep(profile, this.deps.vault.get(profileId), this.deps.clock.now());
    this.list = this.list.filter((p) => p.id !== profileId);
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
    this.list = [...this.list, item.profile];
    await this.changed(profileId, { change: 'restored', name: item.profile.name });
    this.deps.start(item.profile);
    return item.profile;
  }

  private async changed(profileId: ProfileId, detail: Record<string, string>): Promise<void> {
    // Sandbox profiles are rebuilt every start (their loopback port changes), so never saved.
    await this.deps.file.save(this.list.filter((p) => !p.sandbox));
    await this.deps.bus.audit('profile_changed', profileId, detail);
    this.deps.bus.emit({ type: 'profiles', profiles: this.all() });
  }
}
