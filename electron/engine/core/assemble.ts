// Wires the engine's parts together, in an order where each part is built after everything it
// uses: no part gets a callback that names a part built later, so there are no hidden cycles.
// Per-profile state lives only in the sessions the profile registry holds; the parts are services
// that take a session (or look the current one up) and keep no per-profile maps.

import type { EngineSettings, ProfileId } from '../../../shared/domain.js';
import { engineClock, silentLogger, type Clock, type EngineClock, type Logger } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { RequestGate } from '../http/request-gate.js';
import { registerKnownSecrets } from '../logging/redact.js';
import { discoverIssuer } from '../oidc/discovery.js';
import { Refresher, type RetryPolicy } from '../refresher/refresher.js';
import { resolveTokenEndpointFor } from '../refresher/token-client.js';
import type { Timers } from '../timers.js';
import { GenesysIntrospector } from '../validator/genesys-introspection.js';
import { JwtVerifier } from '../validator/jwt-verifier.js';
import { WebhookSettings } from '../webhook/webhook-settings.js';
import { EngineBus } from './engine-bus.js';
import { ProfileRegistry } from './profile-registry.js';
import { ProfileRuntime } from './profile-runtime.js';
import { RefreshLoop } from './refresh-loop.js';
import { SignInSessions } from './sign-in-sessions.js';
import type { OpenedStores } from './startup.js';
import { TokenChecks } from './token-checks.js';
import { TokenHandout } from './token-handout.js';

export interface AssembleOptions {
  /** The engine's one clock: now and timers (a test passes a virtual one). */
  clock?: Clock & Partial<Timers>;
  logger?: Logger;
  retryPolicy?: Partial<RetryPolicy>;
  openBrowser?: (url: string) => void | Promise<void>;
  signInTimeoutMs?: number;
  fetch?: FetchFunction;
  /** How many refreshes and tokens/me checks of TokenTray's own may run at once. */
  requestConcurrency?: number;
  random?: () => number;
}

export interface EngineParts {
  clock: EngineClock;
  bus: EngineBus;
  registry: ProfileRegistry;
  runtime: ProfileRuntime;
  loop: RefreshLoop;
  checks: TokenChecks;
  sessions: SignInSessions;
  webhook: WebhookSettings;
  refresher: Refresher;
  gate: RequestGate;
  handout: TokenHandout;
  /** Stops redacting this engine's secrets (on stop). */
  unregisterSecrets: () => void;
}

export function assembleEngine(stores: OpenedStores, options: AssembleOptions, stopped: () => boolean): EngineParts {
  const clock = engineClock(options.clock);
  const logger = options.logger ?? silentLogger;
  const { vault, metrics, outbox } = stores;
  const withFetch = options.fetch ? { fetch: options.fetch } : {};
  // OpenID discovery over this engine's network (its cache is kept per fetch function).
  const discover = (issuer: string) => discoverIssuer(issuer, withFetch);
  const secrets = (profileId: ProfileId) => vault.get(profileId);

  const bus = new EngineBus({ auditLog: stores.auditLog, outbox, clock, logger });
  const webhook = new WebhookSettings({ settings: stores.settings, vault, outbox, warn: (title, message) => bus.notify('warning', undefined, title, message) });
  const settings = (): EngineSettings => stores.settings.current();
  const registry = new ProfileRegistry(stores.profiles, {
    file: stores.profileFile, vault, metrics, bus, clock,
    sandboxMode: () => stores.boot.source === 'sandbox',
  });
  const session = (profileId: ProfileId) => registry.session(profileId);
  const gate = new RequestGate(options.requestConcurrency);
  const refresher = new Refresher({
    store: vault, clock, logger, gate, sessions: registry,
    policy: options.retryPolicy,
    resolveEndpoint: (p) => resolveTokenEndpointFor(p, discover),
    ...(options.random ? { random: options.random } : {}),
    ...withFetch,
  });
  const runtime = new ProfileRuntime({
    secrets,
    session,
    nextRefreshAt: (s) => (settings().autoRefreshPaused ? undefined : s.schedule.dueAt),
    warnBeforeMs: () => settings().warnBeforeMin * 60_000,
  }, bus, clock);
  const introspector = new GenesysIntrospector({ clock, ...withFetch });
  const verifier = new JwtVerifier({ clock, ...withFetch });
  const checks = new TokenChecks({ refresher, runtime, metrics, bus, introspector, verifier, discover, secrets, session, clock, ...withFetch });
  const loop = new RefreshLoop({
    registry, secrets, refresher, metrics, runtime, checks, bus, clock, logger, gate, stopped,
    policy: () => ({ fraction: settings().refreshFraction, maxLeadMs: settings().refreshMaxLeadSec * 1000 }),
    paused: settings().autoRefreshPaused,
    ...(options.random ? { random: options.random } : {}),
  });
  // A saved change of a setting reaches the parts it governs: the vault's persistence and the
  // refresh loop's pause (the loop, in turn, reads the refresh policy from the settings).
  stores.settings.onChange(async (patch, next) => {
    if (patch.persistSecretsWithWeakProtection !== undefined) await vault.setPersist(next.persistSecretsWithWeakProtection ? 'always' : 'auto');
    if (patch.autoRefreshPaused !== undefined) loop.setPaused(next.autoRefreshPaused);
  });
  const sessions = new SignInSessions({
    vault, refresher, registry, loop, runtime, bus, introspector, discover, clock, stopped,
    ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
    ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
    ...withFetch,
  });
  const handout = new TokenHandout({ registry, refresher, bus, clock });
  stores.onDelivery((result) => bus.auditDelivery(result));
  const unregisterSecrets = registerKnownSecrets(vault.secretIndex);
  return { clock, bus, registry, runtime, loop, checks, sessions, webhook, refresher, gate, handout, unregisterSecrets };
}
