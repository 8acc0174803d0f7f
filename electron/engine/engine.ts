// The token engine's facade: the one object the desktop app, the Node entry, the agent and the
// tests hold. It assembles the parts (core/) and delegates to them; each part owns its state:
//   core/startup.ts          opens the stores, picks the profiles, reports what start-up repaired
//   core/profile-registry.ts the profiles, each with its one ProfileSession, and every change
//   core/profile-session.ts  everything about a profile's current session, ended in one call
//   core/profile-runtime.ts  what a session's tokens taught (scopes, idle deadline, org) and status
//   core/refresh-loop.ts     starting, scheduling and the outcomes of every refresh
//   core/token-checks.ts     validation, inspection, Test connection
//   core/sign-in-sessions.ts browser, device and pasted-token sign-in, sign-out
//   core/engine-bus.ts       listeners, audit lines, webhook events, notices
// Plain TypeScript: no electron here.

import type { AuditEntry, MetricsSummary, ProfileConfig, ProfileId, ProfileStatus, StorageProtection, TokenInspection, ValidationReport } from '../../shared/domain.js';
import type { ConnectionTest, DeviceSignIn, PastedTokenInspection } from '../../shared/dashboard-types.js';
import type { AuditLog } from './audit/audit-log.js';
import type { EngineSettings } from './config/settings-schema.js';
import { EngineError, silentLogger, systemClock } from './contracts.js';
import { assembleEngine, type EngineParts } from './core/assemble.js';
import type { EngineChange } from './core/engine-bus.js';
import type { ProfileChangeResult } from './core/profile-registry.js';
import type { HandedToken } from './core/token-handout.js';
import type { RefreshPlan } from './core/refresh-loop.js';
import { openStores, reportStartup, type OpenedStores } from './core/startup.js';
import type { TokenEngineOptions } from './engine-options.js';
import type { DemoPeer } from './demo-peer.js';
import type { ProfileSource } from './profile-bootstrap.js';
import type { FieldProblem } from './profiles/index.js';
import type { SignInOptions } from './signin/signin-options.js';
import type { PasteVerifySource } from './validator/pasted-token.js';
import type { WebhookOutbox } from './webhook/outbox.js';

export type { EngineChange, RefreshPlan, TokenEngineOptions, TokenInspection, ValidationReport };
export type DeviceSignInStart = DeviceSignIn;

export class TokenEngine<Demo extends DemoPeer = DemoPeer> {
  private readonly parts: EngineParts;
  private stopped = false;

  /** The data folder this engine keeps its files in (named, e.g., in the `tokentray` command the dashboard shows). */
  readonly dataDir: string;

  private constructor(private readonly stores: OpenedStores<Demo>, options: TokenEngineOptions<Demo>) {
    this.parts = assembleEngine(stores, options, () => this.stopped);
    this.dataDir = options.dataDir;
  }

  /** Opens every store, picks the profiles (saved, environment or sandbox) and starts refreshing. */
  static async start<Demo extends DemoPeer = DemoPeer>(options: TokenEngineOptions<Demo>): Promise<TokenEngine<Demo>> {
    const env = options.env ?? process.env;
    const stores = await openStores({ ...options, env, clock: options.clock ?? systemClock, logger: options.logger ?? silentLogger });
    const engine = new TokenEngine(stores, options);
    const { runtime, bus, webhook, registry, loop } = engine.parts;
    for (const { profile, session } of registry.live()) runtime.restoreScopes(profile, session);
    await reportStartup(stores, options.cipher, bus);
    const webhookUrl = stores.boot.webhookUrl;
    if (webhookUrl && (webhookUrl !== stores.settings.current().webhookUrl || env.IDM_WEBHOOK_SECRET)) {
      await webhook.configure({ url: webhookUrl, secret: env.IDM_WEBHOOK_SECRET });
    } else {
      webhook.applySaved();
    }
    bus.started();
    stores.outbox.start();
    if (options.autoStart !== false) for (const profile of registry.all()) loop.start(profile);
    return engine;
  }

  // ---- queries ---------------------------------------------------------------------------

  get source(): ProfileSource {
    return this.stores.boot.source;
  }

  /** The demo peer `startDemo` started (typed as the caller's, e.g. the sandbox IdP with its admin features). */
  get sandbox(): Demo | undefined {
    return this.stores.demo;
  }

  environmentProblems(): FieldProblem[] {
    return [...this.stores.boot.environmentProblems];
  }

  profiles(): ProfileConfig[] {
    return this.parts.registry.all();
  }

  settings(): EngineSettings {
    return this.stores.settings.current();
  }

  storageProtection(): StorageProtection {
    return this.stores.vault.protection();
  }

  listStatuses(): ProfileStatus[] {
    return this.parts.registry.all().map((profile) => this.parts.runtime.status(profile));
  }

  status(profileId: ProfileId): ProfileStatus {
    return this.parts.runtime.status(this.parts.registry.require(profileId));
  }

  metrics(profileId: ProfileId): MetricsSummary {
    this.parts.registry.require(profileId);
    return this.stores.metrics.summary(profileId);
  }

  readAudit(query: Parameters<AuditLog['read']>[0] = {}): Promise<AuditEntry[]> {
    return this.stores.auditLog.read(query);
  }

  webhookStats(): ReturnType<WebhookOutbox['stats']> {
    return this.stores.outbox.stats();
  }

  /** What each profile does next: a timer, a refresh in flight, or the reason it waits (never nothing). */
  refreshPlans(): { profileId: ProfileId; plan: RefreshPlan }[] {
    return this.parts.registry.all().map((profile) => ({ profileId: profile.id, plan: this.parts.loop.plan(profile.id) }));
  }

  /** Subscribes to changes; notices raised while starting (before anyone listened) are replayed. */
  onChange(listener: (change: EngineChange) => void): () => void {
    return this.parts.bus.subscribe(listener);
  }

  // ---- tokens ----------------------------------------------------------------------------

  /** Forced refresh: ignores a "sign-in required" stop once, as the user explicitly asked. */
  async refreshNow(profileId: ProfileId): Promise<ProfileStatus> {
    const profile = this.parts.registry.require(profileId);
    try {
      await this.parts.refresher.refresh(profile, 'forced');
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
    }
    return this.parts.runtime.status(profile);
  }

  /** A valid access token for the main process to hand out (clipboard, API calls); never sent to the renderer. */
  accessToken(profileId: ProfileId, purpose: 'copy' | 'api'): Promise<HandedToken> {
    return this.parts.handout.forApp(profileId, purpose);
  }

  /** A token for a local client of the agent (CLI, scripts, gateway); its audit line is written first. */
  issueToken(profileId: ProfileId, minValidityMs: number, client: AuditEntry['detail']): Promise<HandedToken> {
    return this.parts.handout.forClient(profileId, minValidityMs, client);
  }

  /** An API answered 401 for `token`: every caller holding it waits for one shared refresh; undefined means give up. */
  tokenRejected(profileId: ProfileId, token: string): Promise<HandedToken | undefined> {
    return this.parts.handout.rejected(profileId, token);
  }

  validate(profileId: ProfileId): Promise<ValidationReport> {
    return this.parts.checks.validate(this.parts.registry.require(profileId));
  }

  inspect(profileId: ProfileId): Promise<TokenInspection> {
    return this.parts.checks.inspect(this.parts.registry.require(profileId));
  }

  inspectPastedToken(token: string, verifyWith?: PasteVerifySource): Promise<PastedTokenInspection> {
    return this.parts.checks.inspectPasted(token, verifyWith?.kind === 'profile' ? { kind: 'profile', profile: this.parts.registry.require(verifyWith.profileId) } : verifyWith);
  }

  testProfile(input: Record<string, unknown>, profileId?: ProfileId): Promise<ConnectionTest> {
    return this.parts.checks.testInput(input, profileId === undefined ? undefined : this.parts.registry.find(profileId));
  }

  // ---- profiles and settings -------------------------------------------------------------

  async addProfile(input: unknown): Promise<ProfileChangeResult> {
    return this.started(await this.parts.registry.add(input));
  }

  async updateProfile(profileId: ProfileId, input: unknown): Promise<ProfileChangeResult> {
    return this.started(await this.parts.registry.update(profileId, input));
  }

  removeProfile(profileId: ProfileId): Promise<void> {
    return this.parts.registry.remove(profileId);
  }

  async restoreProfile(profileId: ProfileId): Promise<ProfileStatus> {
    const profile = await this.parts.registry.restore(profileId);
    this.parts.loop.start(profile);
    return this.parts.runtime.status(profile);
  }

  updateSettings(patch: Partial<EngineSettings>): Promise<EngineSettings> {
    return this.stores.settings.update(patch);
  }

  configureWebhook(config: { url: string; secret?: string } | null): Promise<void> {
    return this.parts.webhook.configure(config);
  }

  sendTestWebhook(): ReturnType<WebhookOutbox['sendTest']> {
    return this.parts.webhook.sendTest();
  }

  pauseAutoRefresh(paused: boolean): Promise<EngineSettings> {
    return this.stores.settings.update({ autoRefreshPaused: paused });
  }

  /** After system resume, network-online or a clock change: refresh whatever is due now, re-arm the rest. */
  checkAll(): void {
    this.parts.loop.checkAll();
  }

  // ---- sign-in and sign-out --------------------------------------------------------------

  signIn(profileId: ProfileId): Promise<ProfileStatus> {
    return this.parts.sessions.browser(this.parts.registry.require(profileId));
  }

  cancelSignIn(profileId: ProfileId): void {
    this.parts.sessions.cancel(profileId);
  }

  startDeviceSignIn(profileId: ProfileId): Promise<DeviceSignInStart> {
    return this.parts.sessions.device(this.parts.registry.require(profileId));
  }

  signInOptions(profileId: ProfileId): Promise<SignInOptions> {
    return this.parts.sessions.options(this.parts.registry.require(profileId));
  }

  async signInWithRefreshToken(profileId: ProfileId, refreshToken: string): Promise<ProfileStatus> {
    const profile = this.parts.registry.require(profileId);
    await this.parts.sessions.withRefreshToken(profile, refreshToken);
    return this.parts.runtime.status(profile);
  }

  signOut(profileId: ProfileId): Promise<{ revoked: boolean; message: string }> {
    return this.parts.sessions.signOut(this.parts.registry.require(profileId));
  }

  /** A profile change that succeeded (re)starts the profile's refreshing. */
  private started(result: ProfileChangeResult): ProfileChangeResult {
    if (result.ok) this.parts.loop.start(result.profile);
    return result;
  }

  /** Quit: stop timers, then flush everything that writes to disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.parts.sessions.cancelAll();
    this.parts.loop.stop();
    this.parts.registry.endAll('TokenTray is quitting');
    await this.stores.outbox.stop();
    await Promise.allSettled([this.stores.vault.flush(), this.stores.metrics.flush(), this.stores.outbox.flush()]);
    await this.stores.demo?.close();
    this.parts.bus.clear();
    this.parts.unregisterSecrets();
  }
}
