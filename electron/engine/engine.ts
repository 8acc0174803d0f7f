// The token engine's facade: the one object the desktop app, the Node entry, the agent and the
// tests hold. It assembles the parts (core/) and delegates to them; each part owns its state:
//   core/startup.ts          opens the stores, picks the profiles, reports what start-up repaired
//   core/profile-registry.ts the profiles and every change to them
//   core/profile-runtime.ts  per-profile runtime state (scopes, idle deadline, org) and status
//   core/refresh-loop.ts     starting, scheduling and the outcomes of every refresh
//   core/token-checks.ts     validation, inspection, Test connection
//   core/sign-in-sessions.ts browser, device and pasted-token sign-in, sign-out
//   core/engine-settings.ts  settings and the webhook
//   core/engine-bus.ts       listeners, audit lines, webhook events, notices
// Plain TypeScript: no electron here.

import type { AuditEntry, MetricsSummary, ProfileConfig, ProfileId, ProfileStatus, StorageProtection, TokenInspection, ValidationReport } from '../../shared/domain.js';
import type { ConnectionTest, DeviceSignIn, PastedTokenInspection } from '../../shared/ipc.js';
import type { AuditLog } from './audit/audit-log.js';
import type { EngineSettings, SettingsRepository } from './config/settings.js';
import { EngineError, silentLogger, systemClock, type Clock, type Logger } from './contracts.js';
import { EngineBus, type EngineChange } from './core/engine-bus.js';
import { EngineSettingsService } from './core/engine-settings.js';
import { ProfileRegistry, type ProfileChangeResult } from './core/profile-registry.js';
import { ProfileRuntime } from './core/profile-runtime.js';
import { RefreshLoop } from './core/refresh-loop.js';
import { SignInSessions } from './core/sign-in-sessions.js';
import { openStores, reportStartup, type OpenedStores } from './core/startup.js';
import { TokenChecks } from './core/token-checks.js';
import type { FetchFunction } from './http/fetch-with-timeout.js';
import { registerKnownSecrets } from './logging/redact.js';
import { discoverIssuer } from './oidc/discovery.js';
import type { ProfileSource } from './profile-bootstrap.js';
import type { FieldProblem } from './profiles/index.js';
import { Refresher, type RetryPolicy } from './refresher/refresher.js';
import { resolveTokenEndpointFor } from './refresher/token-client.js';
import type { SandboxIdp, SandboxOptions } from './sandbox/sandbox-idp.js';
import { RefreshScheduler } from './scheduler/scheduler.js';
import type { SignInOptions } from './signin/signin-options.js';
import { GenesysIntrospector } from './validator/genesys-introspection.js';
import { JwtVerifier } from './validator/jwt-verifier.js';
import type { PasteVerifySource } from './validator/pasted-token.js';
import type { Cipher } from './vault/cipher.js';
import type { WebhookOutbox } from './webhook/outbox.js';

export type { EngineChange, TokenInspection, ValidationReport };
export type DeviceSignInStart = DeviceSignIn;

export interface TokenEngineOptions {
  dataDir: string;
  cipher: Cipher;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  logger?: Logger;
  settings?: SettingsRepository;
  /** Start the built-in sandbox when no profile and no GENESYS_* variable is configured (default true). */
  sandboxWhenUnconfigured?: boolean;
  sandboxOptions?: SandboxOptions;
  retryPolicy?: Partial<RetryPolicy>;
  /** Start refreshing at once (default true); tests may want to drive refreshes themselves. */
  autoStart?: boolean;
  /** Opens the system browser for sign-in (Electron: shell.openExternal). */
  openBrowser?: (url: string) => void | Promise<void>;
  /** How long a browser sign-in may take (default 5 minutes). */
  signInTimeoutMs?: number;
  /** The network for every request the engine makes (Electron: net.fetch; Node mode: proxy-aware undici). */
  fetch?: FetchFunction;
}

export class TokenEngine {
  private readonly bus: EngineBus;
  private readonly registry: ProfileRegistry;
  private readonly runtime: ProfileRuntime;
  private readonly loop: RefreshLoop;
  private readonly checks: TokenChecks;
  private readonly sessions: SignInSessions;
  private readonly config: EngineSettingsService;
  private readonly refresher: Refresher;
  private readonly scheduler: RefreshScheduler;
  private stopped = false;
  private readonly unregisterSecrets: () => void;

  private constructor(private readonly stores: OpenedStores, options: TokenEngineOptions) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const { vault, metrics, outbox } = stores;
    const fetch = options.fetch;
    const withFetch = fetch ? { fetch } : {};
    // OpenID discovery over this engine's network (its cache is kept per fetch function).
    const discover = (issuer: string) => discoverIssuer(issuer, withFetch);
    const secrets = (profileId: ProfileId) => vault.get(profileId);
    const stopped = () => this.stopped;
    const profile = (profileId: ProfileId) => this.registry.find(profileId);

    this.bus = new EngineBus({ auditLog: stores.auditLog, outbox, clock, logger });
    this.refresher = new Refresher({
      store: vault,
      clock,
      logger,
      policy: options.retryPolicy,
      resolveEndpoint: (p) => resolveTokenEndpointFor(p, discover),
      ...withFetch,
      onEvent: (event) => this.loop.onRefreshEvent(event),
    });
    this.scheduler = new RefreshScheduler({
      clock,
      onDue: (profileId) => this.loop.due(profileId),
      policy: () => ({ fraction: this.config.current().refreshFraction, maxLeadMs: this.config.current().refreshMaxLeadSec * 1000 }),
    });
    this.config = new EngineSettingsService(stores.settings, { repository: stores.settingsRepository, vault, outbox, scheduler: this.scheduler, bus: this.bus, clock });
    this.runtime = new ProfileRuntime({
      secrets,
      refresherStatus: (profileId) => this.refresher.status(profileId),
      nextRefreshAt: (profileId) => this.scheduler.nextRefreshAt(profileId),
      pendingSignIn: (profileId) => this.sessions.pending.view(profileId),
      warnBeforeMs: () => this.config.current().warnBeforeMin * 60_000,
    }, this.bus, clock);
    const introspector = new GenesysIntrospector({ clock, ...withFetch });
    this.checks = new TokenChecks({ refresher: this.refresher, runtime: this.runtime, metrics, bus: this.bus, introspector, verifier: new JwtVerifier({ clock, ...withFetch }), discover, secrets, clock, ...withFetch });
    this.loop = new RefreshLoop({ profile, secrets, refresher: this.refresher, scheduler: this.scheduler, metrics, runtime: this.runtime, checks: this.checks, bus: this.bus, clock, logger, stopped });
    this.sessions = new SignInSessions({
      vault, refresher: this.refresher, scheduler: this.scheduler, runtime: this.runtime, bus: this.bus, introspector, discover, clock, profile, stopped,
      signedIn: (p, tokens) => this.loop.signedIn(p, tokens),
      ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
      ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
      ...withFetch,
    });
    this.registry = new ProfileRegistry(stores.profiles, {
      file: stores.profileFile, vault, refresher: this.refresher, scheduler: this.scheduler, metrics, runtime: this.runtime, bus: this.bus, clock,
      start: (p) => this.loop.start(p),
      cancelSignIn: (profileId) => this.sessions.cancel(profileId),
      sandboxMode: () => stores.boot.source === 'sandbox',
    });
    this.unregisterSecrets = registerKnownSecrets(() => vault.secretValues());
    stores.onDelivery((result) => this.bus.auditDelivery(result));
  }

  /** Opens every store, picks the profiles (saved, environment or sandbox) and starts refreshing. */
  static async start(options: TokenEngineOptions): Promise<TokenEngine> {
    const env = options.env ?? process.env;
    const stores = await openStores({ ...options, env, clock: options.clock ?? systemClock, logger: options.logger ?? silentLogger });
    const engine = new TokenEngine(stores, options);
    for (const profile of stores.profiles) engine.runtime.restoreScopes(profile);
    await reportStartup(stores, options.cipher, engine.bus);
    const webhookUrl = stores.boot.webhookUrl;
    if (webhookUrl && (webhookUrl !== stores.settings.webhookUrl || env.IDM_WEBHOOK_SECRET)) {
      await engine.config.configureWebhook({ url: webhookUrl, secret: env.IDM_WEBHOOK_SECRET });
    } else {
      engine.config.applyWebhook();
    }
    engine.bus.started();
    if (stores.settings.autoRefreshPaused) engine.scheduler.pause();
    stores.outbox.start();
    if (options.autoStart !== false) for (const profile of engine.registry.all()) engine.loop.start(profile);
    return engine;
  }

  // ---- queries ---------------------------------------------------------------------------

  get source(): ProfileSource {
    return this.stores.boot.source;
  }

  get sandbox(): SandboxIdp | undefined {
    return this.stores.sandbox;
  }

  environmentProblems(): FieldProblem[] {
    return [...this.stores.boot.environmentProblems];
  }

  profiles(): ProfileConfig[] {
    return this.registry.all();
  }

  settings(): EngineSettings {
    return this.config.current();
  }

  storageProtection(): StorageProtection {
    return this.stores.vault.protection();
  }

  listStatuses(): ProfileStatus[] {
    return this.registry.all().map((profile) => this.runtime.status(profile));
  }

  status(profileId: ProfileId): ProfileStatus {
    return this.runtime.status(this.registry.require(profileId));
  }

  metrics(profileId: ProfileId): MetricsSummary {
    this.registry.require(profileId);
    return this.stores.metrics.summary(profileId);
  }

  readAudit(query: Parameters<AuditLog['read']>[0] = {}): Promise<AuditEntry[]> {
    return this.stores.auditLog.read(query);
  }

  webhookStats(): ReturnType<WebhookOutbox['stats']> {
    return this.stores.outbox.stats();
  }

  /** Subscribes to changes; notices raised while starting (before anyone listened) are replayed. */
  onChange(listener: (change: EngineChange) => void): () => void {
    return this.bus.subscribe(listener);
  }

  // ---- tokens ----------------------------------------------------------------------------

  /** Forced refresh: ignores a "sign-in required" stop once, as the user explicitly asked. */
  async refreshNow(profileId: ProfileId): Promise<ProfileStatus> {
    const profile = this.registry.require(profileId);
    try {
      await this.refresher.refresh(profile, 'forced');
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
    }
    return this.runtime.status(profile);
  }

  /** A valid access token for the main process to hand out (clipboard, API calls); never sent to the renderer. */
  async accessToken(profileId: ProfileId, purpose: 'copy' | 'api'): Promise<{ token: string; expiresAt: number }> {
    const result = await this.refresher.getAccessToken(this.registry.require(profileId), { minValidityMs: 30_000 });
    if (purpose === 'copy') await this.bus.audit('token_copied', profileId, { expiresAt: new Date(result.expiresAt).toISOString() });
    return result;
  }

  /**
   * A token for a local client of the agent (CLI, scripts), valid for at least `minValidityMs` when
   * the server allows. The audit line naming the client is written before the token leaves: if it
   * cannot be written, no token is handed out.
   */
  async issueToken(profileId: ProfileId, minValidityMs: number, client: AuditEntry['detail']): Promise<{ token: string; expiresAt: number }> {
    const result = await this.refresher.getAccessToken(this.registry.require(profileId), { minValidityMs });
    await this.bus.auditStrict('token_issued', profileId, { ...client, expiresAt: new Date(result.expiresAt).toISOString() });
    return result;
  }

  /** An API answered 401 for `token`: every caller holding it waits for one shared refresh; undefined means give up. */
  async tokenRejected(profileId: ProfileId, token: string): Promise<{ token: string; expiresAt: number } | undefined> {
    const renewed = await this.refresher.handleUnauthorized(this.registry.require(profileId), token);
    return renewed && { token: renewed.accessToken, expiresAt: renewed.expiresAt };
  }

  validate(profileId: ProfileId): Promise<ValidationReport> {
    return this.checks.validate(this.registry.require(profileId));
  }

  inspect(profileId: ProfileId): Promise<TokenInspection> {
    return this.checks.inspect(this.registry.require(profileId));
  }

  inspectPastedToken(token: string, verifyWith?: PasteVerifySource): Promise<PastedTokenInspection> {
    return this.checks.inspectPasted(token, verifyWith?.kind === 'profile' ? { kind: 'profile', profile: this.registry.require(verifyWith.profileId) } : verifyWith);
  }

  testProfile(input: Record<string, unknown>, profileId?: ProfileId): Promise<ConnectionTest> {
    return this.checks.testInput(input, profileId === undefined ? undefined : this.registry.find(profileId));
  }

  // ---- profiles and settings -------------------------------------------------------------

  addProfile(input: unknown): Promise<ProfileChangeResult> {
    return this.registry.add(input);
  }

  updateProfile(profileId: ProfileId, input: unknown): Promise<ProfileChangeResult> {
    return this.registry.update(profileId, input);
  }

  removeProfile(profileId: ProfileId): Promise<void> {
    return this.registry.remove(profileId);
  }

  async restoreProfile(profileId: ProfileId): Promise<ProfileStatus> {
    return this.runtime.status(await this.registry.restore(profileId));
  }

  updateSettings(patch: Partial<EngineSettings>): Promise<EngineSettings> {
    return this.config.update(patch);
  }

  configureWebhook(config: { url: string; secret?: string } | null): Promise<void> {
    return this.config.configureWebhook(config);
  }

  sendTestWebhook(): ReturnType<WebhookOutbox['sendTest']> {
    return this.config.sendTestWebhook();
  }

  pauseAutoRefresh(paused: boolean): Promise<EngineSettings> {
    return this.config.update({ autoRefreshPaused: paused });
  }

  /** After system resume or network-online: refresh whatever is due now, re-arm the rest. */
  checkAll(): void {
    this.scheduler.checkNow();
  }

  // ---- sign-in and sign-out --------------------------------------------------------------

  signIn(profileId: ProfileId): Promise<ProfileStatus> {
    return this.sessions.browser(this.registry.require(profileId));
  }

  cancelSignIn(profileId: ProfileId): void {
    this.sessions.cancel(profileId);
  }

  startDeviceSignIn(profileId: ProfileId): Promise<DeviceSignInStart> {
    return this.sessions.device(this.registry.require(profileId));
  }

  signInOptions(profileId: ProfileId): Promise<SignInOptions> {
    return this.sessions.options(this.registry.require(profileId));
  }

  async signInWithRefreshToken(profileId: ProfileId, refreshToken: string): Promise<ProfileStatus> {
    const profile = this.registry.require(profileId);
    await this.sessions.withRefreshToken(profile, refreshToken);
    return this.runtime.status(profile);
  }

  signOut(profileId: ProfileId): Promise<{ revoked: boolean; message: string }> {
    return this.sessions.signOut(this.registry.require(profileId));
  }

  /** Quit: stop timers, then flush everything that writes to disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.sessions.cancelAll();
    this.scheduler.stop();
    await this.stores.outbox.stop();
    await Promise.allSettled([this.stores.vault.flush(), this.stores.metrics.flush(), this.stores.outbox.flush()]);
    await this.stores.sandbox?.close();
    this.bus.clear();
    this.unregisterSecrets();
  }
}
