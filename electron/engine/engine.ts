// The token engine's facade: composes the vault, refresher, scheduler, validator, webhook outbox,
// metrics and audit log, and exposes one small API that the Electron main process, the Node entry
// (browser dashboard) and the tests all use. Plain TypeScript: no electron here.

import type {
  AuditEntry,
  AuditEventType,
  MetricsSummary,
  ProblemInfo,
  ProfileConfig,
  ProfileId,
  ProfileStatus,
  ScopeDrift,
  ScopeSource,
  StorageProtection,
  TokenInspection,
  ValidationReport,
} from '../../shared/domain.js';
import type { ConnectionTest, PastedTokenInspection } from '../../shared/ipc.js';
import { AuditLog } from './audit/audit-log.js';
import { dataFiles } from './config/data-dir.js';
import { DEFAULT_SETTINGS, SettingsFile, settingsProblem, type EngineSettings, type SettingsRepository } from './config/settings.js';
import { EngineError, WEBHOOK_VAULT_KEY, silentLogger, systemClock, type Clock, type Logger, type ProfileSecrets, type TokenSet } from './contracts.js';
import { authorizationEndpointsFor, loopbackPortOf, signInWithBrowser } from './signin/browser-signin.js';
import { SignInRegistry } from './signin/signin-registry.js';
import { signInOptionsFor, type SignInOptions } from './signin/signin-options.js';
import { startDeviceSignInFor } from './signin/device-flow.js';
import { revokeSession } from './signin/revoke-session.js';
import { maskToken, registerKnownSecrets } from './logging/redact.js';
import { MetricsStore } from './metrics/metrics-store.js';
import { discoverIssuer } from './oidc/discovery.js';
import type { FetchFunction } from './http/fetch-with-timeout.js';
import { bootstrapProfiles, seedVault, type ProfileSource } from './profile-bootstrap.js';
import { ProfileFile, parseProfileInput, type FieldProblem } from './profiles/index.js';
import { secretDestinationChanged } from './profiles/secret-destination.js';
import { Refresher, type RefreshEvent, type RetryPolicy } from './refresher/refresher.js';
import { resolveTokenEndpointFor } from './refresher/token-client.js';
import { startSandboxIdp, type SandboxIdp, type SandboxOptions } from './sandbox/sandbox-idp.js';
import { RefreshScheduler } from './scheduler/scheduler.js';
import { buildScopeView, chooseGrantedScopes, detectScopeDrift } from './scopes/scopes.js';
import { buildProfileStatus } from './status/profile-status.js';
import { statusWarnings, WarningNotices } from './status/warnings.js';
import { RecentlyRemoved } from './profiles/removed-profiles.js';
import { testConnection } from './profiles/test-connection.js';
import { GenesysIntrospector } from './validator/genesys-introspection.js';
import { decodeJwt, looksLikeJwt } from './validator/jwt-decode.js';
import { JwtVerifier } from './validator/jwt-verifier.js';
import { checkProfileToken, type TokenCheck } from './validator/token-check.js';
import { inspectPastedToken, type PasteVerifySource } from './validator/pasted-token.js';
import type { Cipher } from './vault/cipher.js';
import { Vault } from './vault/vault.js';
import { buildWebhookEvent, type WebhookEventType } from './webhook/events.js';
import { WebhookOutbox, type DeliveryResult, type OutageReport } from './webhook/outbox.js';

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

export interface DeviceSignInStart {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: number;
}

export type { TokenInspection, ValidationReport };

/** A session's secrets: dropped on sign-out and when an edit moves where secrets go. */
const SESSION_SECRET_FIELDS: (keyof ProfileSecrets)[] = ['accessToken', 'refreshToken', 'idToken', 'accessTokenExpiresAt', 'accessTokenIssuedAt', 'grantedScope'];

export type EngineChange =
  | { type: 'status'; status: ProfileStatus }
  | { type: 'profiles'; profiles: ProfileConfig[] }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'notice'; level: 'info' | 'warning'; profileId?: ProfileId; title: string; message: string };

interface ScopeMemory {
  granted: string[];
  source: ScopeSource;
  lastDrift?: ScopeDrift;
}

export class TokenEngine {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly listeners = new Set<(change: EngineChange) => void>();
  /** Notices from start-up, kept for listeners that subscribe afterwards. */
  private readonly startupNotices: EngineChange[] = [];
  private starting = true;
  private readonly scopeMemory = new Map<ProfileId, ScopeMemory>();
  private readonly idleAt = new Map<ProfileId, number>();
  private readonly organizations = new Map<ProfileId, string>();
  private readonly removed = new RecentlyRemoved();
  private readonly warningNotices = new WarningNotices((profileId, title, message) => this.notify('warning', profileId, title, message));
  /** Sign-ins in progress, so a second click cancels or reuses rather than clashing on the port. */
  private readonly signIns = new SignInRegistry((profileId) => {
    const profile = this.profileList.find((p) => p.id === profileId);
    if (profile && !this.stopped) this.emitStatus(profile);
  });
  private readonly verifier: JwtVerifier;
  private readonly introspector: GenesysIntrospector;
  private readonly scheduler: RefreshScheduler;
  private readonly refresher: Refresher;
  private profileList: ProfileConfig[] = [];
  private settingsValue: EngineSettings = { ...DEFAULT_SETTINGS };
  private stopped = false;
  private unregisterSecrets: () => void = () => {};
  private sourceValue: ProfileSource = 'saved';
  private problems: FieldProblem[] = [];

  private constructor(
    private readonly options: TokenEngineOptions,
    private readonly vault: Vault,
    private readonly profileFile: ProfileFile,
    private readonly settingsRepo: SettingsRepository,
    private readonly metricsStore: MetricsStore,
    private readonly auditLog: AuditLog,
    private readonly outbox: WebhookOutbox,
    private sandboxIdp: SandboxIdp | undefined,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    const fetch = options.fetch;
    this.verifier = new JwtVerifier({ clock: this.clock, ...(fetch ? { fetch } : {}) });
    this.introspector = new GenesysIntrospector({ clock: this.clock, ...(fetch ? { fetch } : {}) });
    this.refresher = new Refresher({
      store: vault,
      clock: this.clock,
      logger: this.logger,
      policy: options.retryPolicy,
      resolveEndpoint: (profile) => resolveTokenEndpointFor(profile, (issuer) => this.discover(issuer)),
      ...(fetch ? { fetch } : {}),
      onEvent: (event) => this.onRefreshEvent(event),
    });
    this.scheduler = new RefreshScheduler({
      clock: this.clock,
      onDue: (profileId) => this.onRefreshDue(profileId),
      policy: () => ({ fraction: this.settingsValue.refreshFraction, maxLeadMs: this.settingsValue.refreshMaxLeadSec * 1000 }),
    });
  }

  /** Opens every store, picks the profiles (saved, environment or sandbox) and starts refreshing. */
  static async start(options: TokenEngineOptions): Promise<TokenEngine> {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const files = dataFiles(options.dataDir);
    const settingsRepo = options.settings ?? new SettingsFile(files.settings);
    const settings = await settingsRepo.load();
    const vault = await Vault.open({
      file: files.vault,
      cipher: options.cipher,
      persist: settings.persistSecretsWithWeakProtection ? 'always' : 'auto',
      logger,
      clock,
    });
    const profileFile = new ProfileFile(files.profiles);
    const metricsStore = await MetricsStore.open({ file: files.metrics, clock });
    const auditLog = await AuditLog.open({ dir: files.auditDir, clock });
    // Delivery results go to the audit log; the engine does not exist yet, so bind late.
    let onDelivery: (result: DeliveryResult | OutageReport) => void = () => {};
    const outbox = await WebhookOutbox.open({ file: files.outbox, clock, logger, ...(options.fetch ? { fetch: options.fetch } : {}), onResult: (result) => onDelivery(result) });

    const loaded = await profileFile.load();
    let sandbox: SandboxIdp | undefined;
    const boot = await bootstrapProfiles({
      saved: loaded.profiles,
      env: options.env ?? process.env,
      startSandbox: async () => {
        sandbox = await startSandboxIdp(options.sandboxOptions);
        return sandbox;
      },
    });
    if (options.sandboxWhenUnconfigured === false && boot.source === 'sandbox') {
      await sandbox?.close();
      sandbox = undefined;
      boot.profiles = [];
    }

    const engine = new TokenEngine(options, vault, profileFile, settingsRepo, metricsStore, auditLog, outbox, sandbox);
    engine.unregisterSecrets = registerKnownSecrets(() => vault.secretValues());
    onDelivery = (result) => engine.auditDelivery(result);
    engine.settingsValue = settings;
    engine.sourceValue = boot.source;
    engine.problems = boot.environmentProblems;
    engine.profileList = boot.profiles;

    const environmentChanges = [...boot.environmentChanges, ...(await seedVault(vault, boot))];
    if (boot.saveProfiles) await profileFile.save(boot.profiles.filter((p) => !p.sandbox));
    for (const profile of boot.profiles) engine.restoreScopes(profile);
    if (environmentChanges.length > 0) {
      engine.notify('info', undefined, 'Configuration from environment variables applied', `The GENESYS_* variables win over the saved profile: ${environmentChanges.join('; ')}.`);
    }
    if (boot.webhookUrl && (boot.webhookUrl !== settings.webhookUrl || options.env?.IDM_WEBHOOK_SECRET)) {
      await engine.configureWebhook({ url: boot.webhookUrl, secret: options.env?.IDM_WEBHOOK_SECRET });
    } else {
      engine.applyWebhookConfig();
    }

    const recovery = vault.recovery();
    if (recovery) {
      await engine.audit('vault_recovered', undefined, { movedTo: recovery.movedTo, reason: recovery.reason });
      engine.notify('warning', undefined, 'Token store could not be read', `The encrypted token store was set aside as ${recovery.movedTo} (${recovery.reason}). Sign in again to the affected profiles.`);
    }
    const foreign = vault.foreignVault();
    if (foreign) {
      engine.notify('warning', undefined, 'Another token store is in this folder', `${foreign.file} was written by ${foreign.backend}, which this TokenTray cannot decrypt (the desktop app and Node mode encrypt differently). It is kept untouched; its sessions are available when you start the program that wrote it. Here, sign in again or use that program.`);
    }
    const keyRecovery = options.cipher.keyRecovery?.();
    if (keyRecovery) engine.notify('warning', undefined, 'Encryption key was damaged', `${keyRecovery.reason}; it was set aside as ${keyRecovery.movedTo} and a new key was made. Secrets stored with the old key cannot be read: sign in again.`);
    // Other damaged files were set aside too; nothing secret was in them, but say what was lost.
    for (const [what, recovered] of [['Profiles', loaded.recovered], ['Settings', settingsRepo.recovery?.()], ['Latency history', metricsStore.recovery()], ['Undelivered webhook events', outbox.recovery()]] as const) {
      if (recovered) engine.notify('warning', undefined, `${what} could not be read`, `The file was damaged and was set aside as ${recovered.movedTo}; TokenTray started without it.`);
    }
    for (const problem of boot.environmentProblems) {
      engine.notify('warning', undefined, `Environment variable ${problem.field} is invalid`, problem.message);
    }

    engine.starting = false;
    if (settings.autoRefreshPaused) engine.scheduler.pause();
    outbox.start();
    if (options.autoStart !== false) engine.kickOff();
    return engine;
  }

  // ---- queries ---------------------------------------------------------------------------

  get source(): ProfileSource {
    return this.sourceValue;
  }

  get sandbox(): SandboxIdp | undefined {
    return this.sandboxIdp;
  }

  environmentProblems(): FieldProblem[] {
    return [...this.problems];
  }

  profiles(): ProfileConfig[] {
    return [...this.profileList];
  }

  settings(): EngineSettings {
    return { ...this.settingsValue };
  }

  storageProtection(): StorageProtection {
    return this.vault.protection();
  }

  listStatuses(): ProfileStatus[] {
    return this.profileList.map((profile) => this.statusOf(profile));
  }

  status(profileId: ProfileId): ProfileStatus {
    return this.statusOf(this.requireProfile(profileId));
  }

  metrics(profileId: ProfileId): MetricsSummary {
    this.requireProfile(profileId);
    return this.metricsStore.summary(profileId);
  }

  readAudit(query: Parameters<AuditLog['read']>[0] = {}): Promise<AuditEntry[]> {
    return this.auditLog.read(query);
  }

  webhookStats(): ReturnType<WebhookOutbox['stats']> {
    return this.outbox.stats();
  }

  /** Subscribes to changes; notices raised while starting (before anyone listened) are replayed. */
  onChange(listener: (change: EngineChange) => void): () => void {
    for (const notice of this.startupNotices) listener(notice);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- actions ---------------------------------------------------------------------------

  /** Forced refresh: ignores a "sign-in required" stop once, as the user explicitly asked. */
  async refreshNow(profileId: ProfileId): Promise<ProfileStatus> {
    const profile = this.requireProfile(profileId);
    try {
      await this.refresher.refresh(profile, 'forced');
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
    }
    return this.statusOf(profile);
  }

  /**
   * A valid access token for the main process to hand out (clipboard, API calls). Never sent to
   * the renderer. Refreshes first when the stored token is about to expire.
   */
  async accessToken(profileId: ProfileId, purpose: 'copy' | 'api'): Promise<{ token: string; expiresAt: number }> {
    const profile = this.requireProfile(profileId);
    const result = await this.refresher.getAccessToken(profile, { minValidityMs: 30_000 });
    if (purpose === 'copy') {
      await this.audit('token_copied', profileId, { expiresAt: new Date(result.expiresAt).toISOString() });
    }
    return result;
  }

  /**
   * An API answered 401 for `token`: every caller holding it waits for one shared refresh and gets
   * the token to retry once with; undefined means retrying cannot help (give up).
   */
  async tokenRejected(profileId: ProfileId, token: string): Promise<{ token: string; expiresAt: number } | undefined> {
    const renewed = await this.refresher.handleUnauthorized(this.requireProfile(profileId), token);
    return renewed && { token: renewed.accessToken, expiresAt: renewed.expiresAt };
  }

  /**
   * A token for a local client of the agent (CLI, scripts), valid for at least `minValidityMs` when
   * the server allows. The audit line naming the client is written before the token leaves: if it
   * cannot be written, no token is handed out.
   */
  async issueToken(profileId: ProfileId, minValidityMs: number, client: AuditEntry['detail']): Promise<{ token: string; expiresAt: number }> {
    const profile = this.requireProfile(profileId);
    const result = await this.refresher.getAccessToken(profile, { minValidityMs });
    const entry = await this.auditLog.append({ type: 'token_issued', profileId, detail: { ...client, expiresAt: new Date(result.expiresAt).toISOString() } });
    this.emit({ type: 'audit', entry });
    return result;
  }

  /**
   * Proves the current token is valid: Genesys through tokens/me (which also yields the granted
   * scopes and the idle deadline), JWTs against the issuer's key set. An API 401 triggers at most
   * one refresh and one re-check.
   */
  async validate(profileId: ProfileId): Promise<ValidationReport> {
    const profile = this.requireProfile(profileId);
    const { token } = await this.refresher.getAccessToken(profile, { minValidityMs: 5_000 });
    let report = await this.checkToken(profile, token);
    if (report.unauthorized) {
      const renewed = await this.refresher.handleUnauthorized(profile, token).catch(() => undefined);
      if (renewed) report = await this.checkToken(profile, renewed.accessToken);
    }
    await this.metricsStore.recordValidity(profileId, report.valid);
    await this.audit('validated', profileId, { valid: report.valid, message: report.message });
    this.emitStatus(profile);
    return { profileId, valid: report.valid, at: this.clock.now(), message: report.message, inspection: report.inspection };
  }

  /** Decoded claims / introspection for the dashboard, without touching the validity counters. */
  async inspect(profileId: ProfileId): Promise<TokenInspection> {
    const profile = this.requireProfile(profileId);
    const token = this.vault.get(profileId)?.accessToken;
    if (!token) return { kind: 'none', reason: 'No access token yet.' };
    return (await this.checkToken(profile, token)).inspection;
  }

  /**
   * The pasted-token inspector: decodes anything JWT-shaped with precise errors, and verifies it
   * against a profile's issuer or an explicit JWKS URL when asked.
   */
  async inspectPastedToken(token: string, verifyWith?: PasteVerifySource): Promise<PastedTokenInspection> {
    const source = verifyWith?.kind === 'profile' ? { kind: 'profile' as const, profile: this.requireProfile(verifyWith.profileId) } : verifyWith;
    return inspectPastedToken(token, source, { verifier: this.verifier, discover: (issuer) => this.discover(issuer), now: () => this.clock.now() });
  }

  async addProfile(input: unknown): Promise<{ ok: true; profile: ProfileConfig } | { ok: false; problems: FieldProblem[] }> {
    const parsed = parseProfileInput(input, { others: this.profileList });
    if (!parsed.ok) return parsed;
    // A leftover vault entry under this id (a removed profile) must not leak into the new one.
    await this.vault.remove(parsed.profile.id);
    await this.vault.update(parsed.profile.id, parsed.secrets);
    this.refresher.forget(parsed.profile.id);
    this.profileList = [...this.profileList.filter((p) => !p.sandbox || this.sourceValue === 'sandbox'), parsed.profile];
    await this.saveProfiles();
    await this.audit('profile_changed', parsed.profile.id, { change: 'added' });
    this.emit({ type: 'profiles', profiles: this.profiles() });
    this.startProfile(parsed.profile);
    return { ok: true, profile: parsed.profile };
  }

  /**
   * Edits a profile with the same validation as adding one. When the edit moves where secrets go
   * (region, base URLs, issuer, client id), the stored tokens and client secret are dropped first:
   * they never follow the profile to the new address (see profiles/secret-destination.ts).
   */
  async updateProfile(profileId: ProfileId, input: unknown): Promise<{ ok: true; profile: ProfileConfig } | { ok: false; problems: FieldProblem[] }> {
    const current = this.requireProfile(profileId);
    const stored = this.vault.get(profileId);
    const parsed = parseProfileInput(input, { others: this.profileList.filter((p) => p.id !== profileId), editing: { current, hasStoredSecret: Boolean(stored?.clientSecret) } });
    if (!parsed.ok) return parsed;
    const moved = secretDestinationChanged(current, parsed.profile);
    this.scheduler.cancel(profileId);
    if (moved) await this.vault.clear(profileId, ['clientSecret', ...SESSION_SECRET_FIELDS]);
    // A typed refresh token starts a new session: the old access token belongs to the old grant
    // (often a revoked one), so startProfile below refreshes at once with the new token.
    else if (parsed.secrets.refreshToken) await this.vault.clear(profileId, SESSION_SECRET_FIELDS);
    // Only secrets the user typed replace stored ones; empty fields keep what the vault has.
    if (Object.keys(parsed.secrets).length > 0) await this.vault.update(profileId, parsed.secrets);
    if (moved || parsed.secrets.refreshToken) {
      this.refresher.forget(profileId);
      this.scopeMemory.delete(profileId);
      this.idleAt.delete(profileId);
    }
    this.profileList = this.profileList.map((p) => (p.id === profileId ? parsed.profile : p));
    await this.saveProfiles();
    await this.audit('profile_changed', profileId, { change: 'updated', ...(moved ? { sessionDropped: 'the token endpoint or client changed' } : {}) });
    this.emit({ type: 'profiles', profiles: this.profiles() });
    this.startProfile(parsed.profile);
    return { ok: true, profile: parsed.profile };
  }

  async removeProfile(profileId: ProfileId): Promise<void> {
    const profile = this.requireProfile(profileId);
    this.cancelSignIn(profileId);
    this.scheduler.cancel(profileId);
    this.refresher.forget(profileId);
    this.idleAt.delete(profileId);
    this.removed.keep(profile, this.vault.get(profileId), this.clock.now());
    this.profileList = this.profileList.filter((p) => p.id !== profileId);
    await this.vault.remove(profileId);
    await this.metricsStore.remove(profileId);
    this.scopeMemory.delete(profileId);
    this.warningNotices.forget(profileId);
    await this.saveProfiles();
    await this.audit('profile_changed', profileId, { change: 'removed', name: profile.name });
    this.emit({ type: 'profiles', profiles: this.profiles() });
  }

  /** Undo of removeProfile within a short window: the profile and its secrets come back as they were. */
  async restoreProfile(profileId: ProfileId): Promise<ProfileStatus> {
    const item = this.profileList.some((p) => p.id === profileId) ? undefined : this.removed.take(profileId, this.clock.now());
    if (!item) {
      throw new EngineError('config', { code: 'nothing_to_restore', message: 'This profile can no longer be restored (undo is possible for 2 minutes after removing it); add it again under Settings.', at: this.clock.now() });
    }
    if (item.secrets) await this.vault.update(profileId, item.secrets);
    this.profileList = [...this.profileList, item.profile];
    await this.saveProfiles();
    await this.audit('profile_changed', profileId, { change: 'restored', name: item.profile.name });
    this.emit({ type: 'profiles', profiles: this.profiles() });
    this.startProfile(item.profile);
    return this.statusOf(item.profile);
  }

  /** "Test connection" before saving: validates like Add, then proves the input against the provider. */
  testProfile(input: Record<string, unknown>, profileId?: ProfileId): Promise<ConnectionTest> {
    return testConnection(input, {
      clock: this.clock,
      discover: (issuer) => discoverIssuer(issuer),
      introspector: this.introspector,
      ...(profileId && this.profileList.some((p) => p.id === profileId) ? { existingId: profileId, storedSecrets: this.vault.get(profileId) } : {}),
    });
  }

  async updateSettings(patch: Partial<EngineSettings>): Promise<EngineSettings> {
    const next = { ...this.settingsValue, ...patch };
    const problem = settingsProblem(next);
    if (problem) throw new EngineError('config', { code: 'invalid_setting', message: problem, at: this.clock.now() });
    await this.settingsRepo.save(next);
    this.settingsValue = next;
    if (patch.persistSecretsWithWeakProtection !== undefined) {
      await this.vault.setPersist(next.persistSecretsWithWeakProtection ? 'always' : 'auto');
    }
    if (patch.autoRefreshPaused !== undefined) {
      if (next.autoRefreshPaused) this.scheduler.pause();
      else this.scheduler.resume();
    }
    return this.settings();
  }

  /** Sets (or clears, with null) the identity-management webhook. A missing secret is generated. */
  async configureWebhook(config: { url: string; secret?: string } | null): Promise<void> {
    if (config === null) {
      await this.updateSettings({ webhookUrl: null });
      this.outbox.configure(null);
      return;
    }
    const { generateWebhookSecret } = await import('./webhook/signing.js');
    const existing = this.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    const secret = config.secret || existing || generateWebhookSecret();
    this.outbox.configure({ url: config.url, secret }); // throws with a clear message on a bad URL
    if (secret !== existing) await this.vault.update(WEBHOOK_VAULT_KEY, { webhookSigningSecret: secret });
    await this.updateSettings({ webhookUrl: config.url });
  }

  sendTestWebhook(): ReturnType<WebhookOutbox['sendTest']> {
    return this.outbox.sendTest();
  }

  pauseAutoRefresh(paused: boolean): Promise<EngineSettings> {
    return this.updateSettings({ autoRefreshPaused: paused });
  }

  /** After system resume or network-online: refresh whatever is due now, re-arm the rest. */
  checkAll(): void {
    this.scheduler.checkNow();
  }

  // ---- sign-in, re-authentication and sign-out -------------------------------------------

  /**
   * Browser sign-in (authorization code, with PKCE for public clients and OpenID providers).
   * On success the tokens are stored, "sign-in required" is cleared and scheduling resumes;
   * nothing else about the profile changes.
   */
  signIn(profileId: ProfileId): Promise<ProfileStatus> {
    const running = this.signIns.running(profileId);
    if (running) return running;
    const profile = this.requireProfile(profileId);
    if (profile.grant === 'client_credentials') {
      return Promise.reject(new EngineError('config', { code: 'no_browser_signin', message: 'Client-credentials profiles need no browser sign-in: enter the client secret in the profile settings.', at: this.clock.now() }));
    }
    const port = loopbackPortOf(profile);
    try {
      this.signIns.assertPortFree(profileId, port, this.clock.now());
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const timeoutMs = this.options.signInTimeoutMs ?? 300_000;
    // The dashboard shows the URL as a link too: where no browser can be opened, that is the way.
    const openBrowser = async (url: string) => {
      if (this.signIns.isCancelled(profileId)) return;
      this.signIns.update(profileId, { url });
      await this.options.openBrowser?.(url);
    };
    const done = (async () => {
      const endpoints = await authorizationEndpointsFor(profile, (issuer) => this.discover(issuer));
      const tokens = await signInWithBrowser(profile, this.vault.get(profileId), {
        openBrowser,
        endpoints,
        clock: this.clock,
        timeoutMs,
        onCancelable: (cancel) => this.signIns.attachCancel(profileId, cancel),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
      return this.completeSignIn(profile, tokens, 'browser');
    })();
    const now = this.clock.now();
    this.signIns.add(profileId, profile.name, { kind: 'browser', startedAt: now, expiresAt: now + timeoutMs, port }, done);
    return done;
  }

  /** Cancels a pending sign-in from anywhere; the loopback port is released at once. */
  cancelSignIn(profileId: ProfileId): void {
    this.signIns.cancel(profileId);
  }

  /** Device authorization (RFC 8628) where the OpenID provider advertises it. */
  async startDeviceSignIn(profileId: ProfileId): Promise<DeviceSignInStart> {
    const profile = this.requireProfile(profileId);
    const device = await startDeviceSignInFor(profile, this.vault.get(profileId)?.clientSecret, this.clock, this.options.fetch);
    const done = device.tokens.then((tokens) => this.completeSignIn(profile, tokens, 'device'));
    done.catch((error: unknown) => this.notify('warning', profileId, `${profile.name}: device sign-in failed`, error instanceof Error ? error.message : String(error)));
    this.signIns.add(profileId, profile.name, { kind: 'device', startedAt: this.clock.now(), expiresAt: device.expiresAt, url: device.verificationUriComplete ?? device.verificationUri, userCode: device.userCode }, done);
    this.signIns.attachCancel(profileId, device.cancel);
    return { userCode: device.userCode, verificationUri: device.verificationUri, expiresAt: device.expiresAt, ...(device.verificationUriComplete ? { verificationUriComplete: device.verificationUriComplete } : {}) };
  }

  /** Which sign-ins the profile's provider offers (device sign-in only where discovery advertises it). */
  signInOptions(profileId: ProfileId): Promise<SignInOptions> {
    return signInOptionsFor(this.requireProfile(profileId), (issuer) => discoverIssuer(issuer));
  }

  /** Creates or repairs a session from a refresh token the user already holds, proving it works. */
  async signInWithRefreshToken(profileId: ProfileId, refreshToken: string): Promise<ProfileStatus> {
    const profile = this.requireProfile(profileId);
    const token = refreshToken.trim();
    if (!token || /\s/.test(token)) {
      throw new EngineError('config', { code: 'invalid_refresh_token', message: 'Paste the refresh token alone, without spaces or quotes.', at: this.clock.now() });
    }
    // Proven first: a token the server rejects must not replace the one that works.
    await this.refresher.refreshWithCandidate(profile, token);
    await this.audit('signed_in', profileId, { method: 'refresh_token' });
    void this.sendWebhook('signin.completed', profile, {});
    return this.statusOf(profile);
  }

  /**
   * Sign-out: revoke server-side where possible (Genesys DELETE tokens/me; the OpenID revocation
   * endpoint when advertised), then remove the session's tokens from the vault. The client secret
   * stays, so signing in again needs no retyping.
   */
  async signOut(profileId: ProfileId): Promise<{ revoked: boolean; message: string }> {
    const profile = this.requireProfile(profileId);
    this.cancelSignIn(profileId);
    this.scheduler.cancel(profileId);
    const secrets = this.vault.get(profileId) ?? {};
    const { revoked, message } = await revokeSession(profile, secrets, this.introspector, this.options.fetch);
    await this.vault.clear(profileId, SESSION_SECRET_FIELDS);
    this.scopeMemory.delete(profileId);
    this.idleAt.delete(profileId);
    await this.audit('signed_out', profileId, { revoked, message });
    void this.sendWebhook('signout', profile, {});
    this.emitStatus(profile);
    return { revoked, message };
  }

  private async completeSignIn(profile: ProfileConfig, tokens: TokenSet, method: string): Promise<ProfileStatus> {
    await this.vault.update(profile.id, {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      accessTokenIssuedAt: tokens.issuedAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.scope !== undefined ? { grantedScope: tokens.scope } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    });
    this.refresher.clearSigninRequired(profile.id);
    this.scheduler.schedule(profile.id, { issuedAt: tokens.issuedAt, expiresAt: tokens.expiresAt });
    this.observeScopesAfterRefresh(profile, tokens.scope);
    await this.audit('signed_in', profile.id, { method });
    void this.sendWebhook('signin.completed', profile, { expiresAt: new Date(tokens.expiresAt).toISOString() });
    this.emitStatus(profile);
    return this.statusOf(profile);
  }

  /** Quit: stop timers, then flush everything that writes to disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.signIns.cancelAll();
    this.scheduler.stop();
    await this.outbox.stop();
    await Promise.allSettled([this.vault.flush(), this.metricsStore.flush(), this.outbox.flush()]);
    await this.sandboxIdp?.close();
    this.sandboxIdp = undefined;
    this.listeners.clear();
    this.unregisterSecrets();
  }

  // ---- internals -------------------------------------------------------------------------

  private kickOff(): void {
    for (const profile of this.profileList) this.startProfile(profile);
  }

  /** Schedules a profile from its stored token, or refreshes at once when there is none. */
  private startProfile(profile: ProfileConfig): void {
    const secrets = this.vault.get(profile.id);
    const now = this.clock.now();
    if (secrets?.accessToken && secrets.accessTokenExpiresAt && secrets.accessTokenExpiresAt > now + 30_000) {
      this.scheduler.schedule(profile.id, {
        issuedAt: secrets.accessTokenIssuedAt ?? now,
        expiresAt: secrets.accessTokenExpiresAt,
      });
      this.emitStatus(profile);
      return;
    }
    this.refresher.refresh(profile, 'startup').catch((error: unknown) => this.logFailure(profile, error));
  }

  private onRefreshDue(profileId: ProfileId): void {
    const profile = this.profileList.find((p) => p.id === profileId);
    if (!profile || this.stopped) return;
    this.refresher.refresh(profile, 'scheduled').catch((error: unknown) => this.logFailure(profile, error));
  }

  private logFailure(profile: ProfileConfig, error: unknown): void {
    // Details are already in the audit log and status; this only keeps unexpected bugs visible.
    if (!(error instanceof EngineError)) {
      this.logger.error('refresh crashed', { profileId: profile.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private onRefreshEvent(event: RefreshEvent): void {
    const profile = this.profileList.find((p) => p.id === event.profileId);
    if (!profile || this.stopped) return;
    switch (event.type) {
      case 'refresh_succeeded': {
        void this.metricsStore.recordRefresh(profile.id, { ms: event.latencyMs, ok: true, attempts: event.attempts });
        void this.audit('refresh_succeeded', profile.id, {
          reason: event.reason,
          latencyMs: Math.round(event.latencyMs),
          attempts: event.attempts,
          rotated: event.rotated,
          expiresAt: new Date(event.expiresAt).toISOString(),
        });
        void this.sendWebhook('refresh.succeeded', profile, {
          latencyMs: Math.round(event.latencyMs),
          attempts: event.attempts,
          expiresAt: new Date(event.expiresAt).toISOString(),
        });
        const secrets = this.vault.get(profile.id);
        this.scheduler.schedule(profile.id, { issuedAt: secrets?.accessTokenIssuedAt ?? event.at, expiresAt: event.expiresAt });
        this.observeScopesAfterRefresh(profile, event.scope);
        break;
      }
      case 'refresh_failed': {
        // A try that will be retried is part of a refresh still running: counted when it ends.
        if (!event.willRetry) void this.metricsStore.recordRefresh(profile.id, { ms: event.latencyMs, ok: false, code: event.problem.code, attempts: event.attempt });
        void this.audit('refresh_failed', profile.id, {
          code: event.problem.code,
          message: event.problem.message,
          serverError: event.problem.serverError ?? null,
          httpStatus: event.problem.httpStatus ?? null,
          attempt: event.attempt,
          willRetry: event.willRetry,
        });
        if (!event.willRetry && event.kind !== 'grant_rejected') {
          void this.sendWebhook('refresh.failed', profile, { error: problemForWebhook(event.problem), willRetry: false, attempts: event.attempt });
        }
        if (event.nextAttemptAt !== undefined && !event.willRetry) this.scheduler.scheduleAt(profile.id, event.nextAttemptAt);
        break;
      }
      case 'signin_required': {
        this.scheduler.cancel(profile.id);
        void this.audit('signin_required', profile.id, { code: event.problem.code, message: event.problem.message, serverError: event.problem.serverError ?? null });
        void this.sendWebhook('signin.required', profile, { error: problemForWebhook(event.problem) });
        this.notify('warning', profile.id, `${profile.name}: sign-in required`, event.problem.message);
        break;
      }
      default:
        break;
    }
    this.emitStatus(profile);
  }

  /** After a refresh: find out what the new token may do, and record drift from last time. */
  private observeScopesAfterRefresh(profile: ProfileConfig, responseScope: string | undefined): void {
    const token = this.vault.get(profile.id)?.accessToken;
    const jwtScope = token && looksLikeJwt(token) ? scopeClaimOf(token) : undefined;
    const choice = chooseGrantedScopes({ tokenResponse: responseScope, jwtClaim: jwtScope });
    if (choice.source !== 'none') this.rememberScopes(profile, choice.granted, choice.source);
    // Genesys: tokens/me is the runtime truth (and gives the idle deadline); check in the background.
    if (profile.provider.kind === 'genesys' && profile.grant !== 'client_credentials') {
      this.validate(profile.id).catch(() => {});
    } else if (profile.provider.kind === 'genesys' && !this.organizations.has(profile.id)) {
      // Client credentials: ask tokens/me once which org this client belongs to, for the card.
      this.inspect(profile.id).then(() => this.emitStatus(profile), () => {});
    }
  }

  private rememberScopes(profile: ProfileConfig, granted: string[], source: ScopeSource): void {
    const previous = this.scopeMemory.get(profile.id);
    const comparable = previous && previous.source === source ? previous.granted : undefined;
    const drift = detectScopeDrift(comparable, granted, this.clock.now());
    this.scopeMemory.set(profile.id, { granted, source, lastDrift: drift ?? previous?.lastDrift });
    if (drift) {
      void this.audit('scope_drift', profile.id, { added: drift.added.join(' '), removed: drift.removed.join(' ') });
      void this.sendWebhook('scope.drift', profile, { scopes: { added: drift.added, removed: drift.removed } });
      this.notify('warning', profile.id, `${profile.name}: scopes changed`, describeDrift(drift));
    }
  }

  /** After a restart: the scopes the stored token was granted, so nothing shows missing until the next refresh. */
  private restoreScopes(profile: ProfileConfig): void {
    const secrets = this.vault.get(profile.id);
    if (!secrets?.accessToken || this.scopeMemory.has(profile.id)) return;
    const choice = chooseGrantedScopes({ tokenResponse: secrets.grantedScope, jwtClaim: looksLikeJwt(secrets.accessToken) ? scopeClaimOf(secrets.accessToken) : undefined });
    if (choice.source !== 'none') this.scopeMemory.set(profile.id, { granted: choice.granted, source: choice.source });
  }

  /** Checks the token and records what the check learned (idle deadline, granted scopes). */
  private async checkToken(profile: ProfileConfig, token: string): Promise<TokenCheck> {
    const check = await checkProfileToken(profile, token, { introspector: this.introspector, verifier: this.verifier, discover: (issuer) => this.discover(issuer) });
    if (check.learned.idleAt !== undefined) this.idleAt.set(profile.id, check.learned.idleAt);
    if (check.inspection.kind === 'genesys') {
      const org = check.inspection.introspection.organization;
      if (org) this.organizations.set(profile.id, org.name ?? org.id);
    }
    if (check.learned.scopes) this.rememberScopes(profile, check.learned.scopes.granted, check.learned.scopes.source);
    return check;
  }

  private statusOf(profile: ProfileConfig): ProfileStatus {
    const now = this.clock.now();
    const secrets = this.vault.get(profile.id);
    const refresher = this.refresher.status(profile.id);
    const memory = this.scopeMemory.get(profile.id);
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
      nextRefreshAt: this.scheduler.nextRefreshAt(profile.id),
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
    const warnings = statusWarnings({
      ...status,
      now,
      warnBeforeMs: this.settingsValue.warnBeforeMin * 60_000,
      hasAccessToken: Boolean(token),
      hasRefreshToken: Boolean(secrets?.refreshToken),
    });
    const pendingSignIn = this.signIns.view(profile.id);
    const organization = this.organizations.get(profile.id);
    return { ...status, ...(pendingSignIn ? { pendingSignIn } : {}), ...(warnings.length ? { warnings } : {}), ...(organization ? { organization } : {}) };
  }

  private emitStatus(profile: ProfileConfig): void {
    const status = this.statusOf(profile);
    this.warningNotices.observe(profile, status.warnings ?? []);
    this.emit({ type: 'status', status });
  }

  private notify(level: 'info' | 'warning', profileId: ProfileId | undefined, title: string, message: string): void {
    const notice: EngineChange = { type: 'notice', level, profileId, title, message };
    if (this.starting) this.startupNotices.push(notice);
    this.emit(notice);
  }

  private emit(change: EngineChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.warn('engine listener threw', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private async audit(type: AuditEventType, profileId: ProfileId | undefined, detail: AuditEntry['detail']): Promise<void> {
    try {
      const entry = await this.auditLog.append({ type, profileId, detail });
      this.emit({ type: 'audit', entry });
    } catch (error) {
      this.logger.warn('audit append failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private applyWebhookConfig(): void {
    const url = this.settingsValue.webhookUrl;
    const secret = this.vault.get(WEBHOOK_VAULT_KEY)?.webhookSigningSecret;
    if (!url || !secret) return;
    try {
      this.outbox.configure({ url, secret });
    } catch (error) {
      this.notify('warning', undefined, 'Webhook not configured', error instanceof Error ? error.message : String(error));
    }
  }

  private async sendWebhook(type: WebhookEventType, profile: ProfileConfig, data: Parameters<typeof buildWebhookEvent>[1]['data']): Promise<void> {
    try {
      await this.outbox.enqueue(buildWebhookEvent(type, {
        profile: {
          id: profile.id,
          name: profile.name,
          clientId: profile.clientId,
          provider: profile.provider.kind,
          region: profile.provider.kind === 'genesys' ? profile.provider.domain : profile.provider.issuer,
        },
        data,
        occurredAt: new Date(this.clock.now()).toISOString(),
      }));
    } catch (error) {
      this.logger.warn('webhook enqueue failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** One audit row per delivery and per drop, but per receiver outage only one when it starts and one when it ends. */
  private auditDelivery(result: DeliveryResult | OutageReport): void {
    if (result.kind === 'delivered') void this.audit('webhook_delivered', undefined, { eventId: result.eventId, httpStatus: result.httpStatus });
    else if (result.kind === 'outage_started') void this.audit('webhook_failed', undefined, { outage: 'started', message: result.message, httpStatus: result.httpStatus ?? null, nextAttemptAt: new Date(result.nextAttemptAt).toISOString() });
    else if (result.kind === 'outage_ended') void this.audit('webhook_delivered', undefined, { outage: 'ended', failedAttempts: result.failedAttempts, outageSec: Math.round((result.endedAt - result.since) / 1000), lastError: result.lastMessage });
    else if (result.kind === 'dropped') void this.audit('webhook_dropped', undefined, { eventId: result.eventId, reason: result.reason });
  }

  private async saveProfiles(): Promise<void> {
    // Sandbox profiles are rebuilt every start (their loopback port changes), so never saved.
    await this.profileFile.save(this.profileList.filter((p) => !p.sandbox));
  }

  /** OpenID discovery over this engine's network (its cache is kept per fetch function). */
  private discover(issuer: string): ReturnType<typeof discoverIssuer> {
    return discoverIssuer(issuer, this.options.fetch ? { fetch: this.options.fetch } : {});
  }

  private requireProfile(profileId: ProfileId): ProfileConfig {
    const profile = this.profileList.find((p) => p.id === profileId);
    if (!profile) {
      throw new EngineError('config', {
        code: 'unknown_profile',
        message: `There is no profile "${profileId}". Known profiles: ${this.profileList.map((p) => p.id).join(', ') || 'none'}.`,
        at: this.clock.now(),
      });
    }
    return profile;
  }
}

function problemForWebhook(problem: ProblemInfo): { code: string; message: string; serverError?: string; serverDescription?: string } {
  return { code: problem.code, message: problem.message, serverError: problem.serverError, serverDescription: problem.serverDescription };
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
