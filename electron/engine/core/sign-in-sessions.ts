// Sessions: browser sign-in (code grant with PKCE, loopback redirect), device sign-in (RFC 8628),
// a refresh token the user already holds (proven before it replaces anything), and sign-out
// (revoked server-side where the provider allows, then removed). Pending sign-ins are tracked so
// any dashboard can show and cancel them and the loopback port is named when it is busy.

import type { ProfileConfig, ProfileId, ProfileStatus } from '../../../shared/domain.js';
import type { DeviceSignIn } from '../../../shared/dashboard-types.js';
import { EngineError, type Clock, type TokenSet } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import type { OidcMetadata } from '../oidc/discovery.js';
import type { Refresher } from '../refresher/refresher.js';
import { authorizationEndpointsFor, loopbackPortOf, signInWithBrowser } from '../signin/browser-signin.js';
import { startDeviceSignInFor } from '../signin/device-flow.js';
import { revokeSession } from '../signin/revoke-session.js';
import { signInOptionsFor, type SignInOptions } from '../signin/signin-options.js';
import { SignInRegistry } from '../signin/signin-registry.js';
import type { GenesysIntrospector } from '../validator/genesys-introspection.js';
import type { Vault } from '../vault/vault.js';
import type { EngineBus } from './engine-bus.js';
import type { ProfileRuntime } from './profile-runtime.js';
import { SESSION_SECRET_FIELDS, type ProfileRegistry } from './profile-registry.js';
import { sessionEnded, type ProfileSession } from './profile-session.js';
import type { RefreshLoop } from './refresh-loop.js';

export interface SignInDeps {
  vault: Pick<Vault, 'get' | 'update' | 'clear'>;
  refresher: Pick<Refresher, 'clearSigninRequired' | 'refreshWithCandidate'>;
  registry: Pick<ProfileRegistry, 'find' | 'session' | 'live' | 'endSession' | 'isCurrent'>;
  /** Schedules a session's new tokens and checks them (the refresh loop); restarts a profile. */
  loop: Pick<RefreshLoop, 'signedIn' | 'start'>;
  runtime: ProfileRuntime;
  bus: EngineBus;
  introspector: GenesysIntrospector;
  discover: (issuer: string) => Promise<OidcMetadata>;
  clock: Clock;
  stopped(): boolean;
  openBrowser?: (url: string) => void | Promise<void>;
  timeoutMs?: number;
  fetch?: FetchFunction;
}

export class SignInSessions {
  readonly pending: SignInRegistry;

  constructor(private readonly deps: SignInDeps) {
    this.pending = new SignInRegistry(() => deps.registry.live().map((e) => e.session), (profileId) => {
      const profile = deps.registry.find(profileId);
      if (profile && !deps.stopped()) deps.runtime.announce(profile);
    });
  }

  /** Browser sign-in. On success the tokens are stored, "sign-in required" is cleared and scheduling resumes. */
  browser(profile: ProfileConfig): Promise<ProfileStatus> {
    const session = this.deps.registry.session(profile.id);
    const running = this.pending.running(session);
    if (running) return running.then(() => this.deps.runtime.status(profile));
    const { clock } = this.deps;
    if (profile.grant === 'client_credentials') {
      return Promise.reject(new EngineError('config', { code: 'no_browser_signin', message: 'Client-credentials profiles need no browser sign-in: enter the client secret in the profile settings.', at: clock.now() }));
    }
    const port = loopbackPortOf(profile);
    try {
      this.pending.assertPortFree(session, port, clock.now());
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const timeoutMs = this.deps.timeoutMs ?? 300_000;
    // The dashboard shows the URL as a link too: where no browser can be opened, that is the way.
    const openBrowser = async (url: string) => {
      if (this.pending.isCancelled(session)) return;
      this.pending.update(session, { url });
      await this.deps.openBrowser?.(url);
    };
    const done = (async () => {
      const endpoints = await authorizationEndpointsFor(profile, this.deps.discover);
      const tokens = await signInWithBrowser(profile, this.deps.vault.get(profile.id), {
        openBrowser,
        endpoints,
        clock,
        timeoutMs,
        onCancelable: (cancel) => this.pending.attachCancel(session, cancel),
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      });
      return this.complete(profile, session, tokens, 'browser');
    })();
    const now = clock.now();
    this.pending.add(session, profile.name, { kind: 'browser', startedAt: now, expiresAt: now + timeoutMs, port }, done);
    return done;
  }

  /** Cancels a pending sign-in from anywhere; the loopback port is released at once. */
  cancel(profileId: ProfileId): void {
    this.pending.cancel(this.deps.registry.session(profileId));
  }

  cancelAll(): void {
    this.pending.cancelAll();
  }

  /** Device authorization (RFC 8628) where the OpenID provider advertises it. */
  async device(profile: ProfileConfig): Promise<DeviceSignIn> {
    const { bus, clock } = this.deps;
    const session = this.deps.registry.session(profile.id);
    const device = await startDeviceSignInFor(profile, this.deps.vault.get(profile.id)?.clientSecret, clock, this.deps.fetch);
    const done = device.tokens.then((tokens) => this.complete(profile, session, tokens, 'device'));
    done.catch((error: unknown) => bus.notify('warning', profile.id, `${profile.name}: device sign-in failed`, error instanceof Error ? error.message : String(error)));
    this.pending.add(session, profile.name, { kind: 'device', startedAt: clock.now(), expiresAt: device.expiresAt, url: device.verificationUriComplete ?? device.verificationUri, userCode: device.userCode }, done);
    this.pending.attachCancel(session, device.cancel);
    return { userCode: device.userCode, verificationUri: device.verificationUri, expiresAt: device.expiresAt, ...(device.verificationUriComplete ? { verificationUriComplete: device.verificationUriComplete } : {}) };
  }

  /** Which sign-ins the profile's provider offers (device sign-in only where discovery advertises it). */
  options(profile: ProfileConfig): Promise<SignInOptions> {
    return signInOptionsFor(profile, this.deps.discover);
  }

  /** Creates or repairs a session from a refresh token the user already holds, proving it works first. */
  async withRefreshToken(profile: ProfileConfig, refreshToken: string): Promise<void> {
    const token = refreshToken.trim();
    if (!token || /\s/.test(token)) {
      throw new EngineError('config', { code: 'invalid_refresh_token', message: 'Paste the refresh token alone, without spaces or quotes.', at: this.deps.clock.now() });
    }
    // A token the server rejects must not replace the one that works.
    await this.deps.refresher.refreshWithCandidate(profile, token);
    // Proven: it is a new grant, so a new session (what the old grant taught no longer holds),
    // planned from the tokens it just brought.
    this.deps.registry.endSession(profile.id, 'a new refresh token was supplied');
    this.deps.loop.start(profile);
    await this.deps.bus.audit('signed_in', profile.id, { method: 'refresh_token' });
    void this.deps.bus.webhook('signin.completed', profile, {});
  }

  /**
   * Sign-out: revoke server-side where possible (Genesys DELETE tokens/me; the OpenID revocation
   * endpoint when advertised), then remove the session's tokens. The client secret stays, so
   * signing in again needs no retyping.
   */
  async signOut(profile: ProfileConfig): Promise<{ revoked: boolean; message: string }> {
    const { vault, bus, clock } = this.deps;
    // The session ends first: its timer, retry, pending sign-in and refresh in flight stop here,
    // and an answer that arrives later is dropped, so the profile cannot come back signed in.
    const next = this.deps.registry.endSession(profile.id, 'signed out');
    const again = profile.grant === 'client_credentials' ? 'Use Refresh now to get a new token.' : 'Sign in again to get a token.';
    next.refresh = { state: 'valid', signedOut: { code: 'signed_out', message: `Signed out. ${again}`, at: clock.now() } };
    const { revoked, message } = await revokeSession(profile, vault.get(profile.id) ?? {}, this.deps.introspector, this.deps.fetch);
    await vault.clear(profile.id, SESSION_SECRET_FIELDS);
    await bus.audit('signed_out', profile.id, { revoked, message });
    void bus.webhook('signout', profile, {});
    this.deps.runtime.announce(profile);
    return { revoked, message };
  }

  private async complete(profile: ProfileConfig, session: ProfileSession, tokens: TokenSet, method: string): Promise<ProfileStatus> {
    // The profile was removed, edited elsewhere or signed out while the user signed in: drop it.
    if (!this.deps.registry.isCurrent(session)) throw sessionEnded('the profile changed during sign-in', this.deps.clock.now());
    await this.deps.vault.update(profile.id, {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.expiresAt,
      accessTokenIssuedAt: tokens.issuedAt,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.scope !== undefined ? { grantedScope: tokens.scope } : {}),
      ...(tokens.idToken ? { idToken: tokens.idToken } : {}),
    });
    this.deps.refresher.clearSigninRequired(profile.id);
    this.deps.loop.signedIn(profile, session, tokens);
    await this.deps.bus.audit('signed_in', profile.id, { method });
    void this.deps.bus.webhook('signin.completed', profile, { expiresAt: new Date(tokens.expiresAt).toISOString() });
    this.deps.runtime.announce(profile);
    return this.deps.runtime.status(profile);
  }
}
