// Wires the engine's parts together. Each part gets small views of the others (functions, Pick<>
// types) rather than the facade, so no part calls back into the engine and no import circle forms;
// the few callbacks between parts that exist before each other are bound here, once.

import type { EngineSettings, ProfileId } from '../../../shared/domain.js';
import { silentLogger, systemClock, type Clock, type Logger } from '../contracts.js';
import type { FetchFunction } from '../http/fetch-with-timeout.js';
import { registerKnownSecrets } from '../logging/redact.js';
import { discoverIssuer } from '../oidc/discovery.js';
import { Refresher, type RetryPolicy } from '../refresher/refresher.js';
import { resolveTokenEndpointFor } from '../refresher/token-client.js';
import { RefreshScheduler } from '../scheduler/scheduler.js';
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

export interface AssembleOptions {
  clock?: Clock;
  logger?: Logger;
  retryPolicy?: Partial<RetryPolicy>;
  openBrowser?: (url: string) => void | Promise<void>;
  signInTimeoutMs?: number;
  fetch?: FetchFunction;
}

export interface EngineParts {
  bus: EngineBus;
  registry: ProfileRegistry;
  runtime: ProfileRuntime;
  loop: RefreshLoop;
  checks: TokenChecks;
  sessions: SignInSessions;
  webhook: WebhookSettings;
  refresher: Refresher;
  scheduler: RefreshScheduler;
  /** Stops redacting this engine's secrets (on stop). */
  unregisterSecrets: () => void;
}

export function assembleEngine(stores: OpenedStores, options: AssembleOptions, stopped: () => boolean): EngineParts {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { vault, metrics, outbox } = stores;
  const withFetch = options.fetch ? { fetch: options.fetch } : {};
  // OpenID discovery over this engine's network (its cache is kept per fetch function).
  const discover = (issuer: string) => discoverIssuer(issuer, withFetch);
  const secrets = (profileId: ProfileId) => vault.get(profileId);
  // Callbacks between parts name parts declared further down: they run only after assembly.
  const profile = (profileId: ProfileId) => registry.find(profileId);

  const bus = new EngineBus({ auditLog: stores.auditLog, outbox, clock, logger });
  const refresher = new Refresher({
    store: vault,
    clock,
    logger,
    policy: options.retryPolicy,
    resolveEndpoint: (p) => resolveTokenEndpointFor(p, discover),
    ...withFetch,
    onEvent: (event) => loop.onRefreshEvent(event),
  });
  // A saved change of a setting reaches the parts it governs: the vault's persistence and the
  // scheduler's pause (the scheduler, in turn, reads the refresh policy from the settings).
  stores.settings.onChange(async (patch, next) => {
    if (patch.persistSecretsWithWeakProtection !== undefined) await vault.setPersist(next.persistSecretsWithWeakProtection ? 'always' : 'auto');
    if (patch.autoRefreshPaused !== undefined) {
      if (next.autoRefreshPaused) scheduler.pause();
      else scheduler.resume();
    }
  });
  const webhook = new WebhookSettings({ settings: stores.settings, vault, outbox, warn: (title, message) => bus.notify('warning', undefined, title, message) });
  const settings = (): EngineSettings => stores.settings.current();
  const scheduler = new RefreshScheduler({
    clock,
    onDue: (profileId) => loop.due(profileId),
    policy: () => ({ fraction: settings().refreshFraction, maxLeadMs: settings().refreshMaxLeadSec * 1000 }),
  });
  const runtime: ProfileRuntime = new ProfileRuntime({
    secrets,
    refresherStatus: (profileId) => refresher.status(profileId),
    nextRefreshAt: (profileId) => scheduler.nextRefreshAt(profileId),
    pendingSignIn: (profileId) => sessions.pending.view(profileId),
    warnBeforeMs: () => settings().warnBeforeMin * 60_000,
  }, bus, clock);
  const introspector = new GenesysIntrospector({ clock, ...withFetch });
  const verifier = new JwtVerifier({ clock, ...withFetch });
  const checks = new TokenChecks({ refresher, runtime, metrics, bus, introspector, verifier, discover, secrets, clock, ...withFetch });
  const loop: RefreshLoop = new RefreshLoop({ profile, secrets, refresher, scheduler, metrics, runtime, checks, bus, clock, logger, stopped });
  const sessions: SignInSessions = new SignInSessions({
    vault, refresher, scheduler, runtime, bus, introspector, discover, clock, profile, stopped,
    signedIn: (p, tokens) => loop.signedIn(p, tokens),
    ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
    ...(options.signInTimeoutMs ? { timeoutMs: options.signInTimeoutMs } : {}),
    ...withFetch,
  });
  const registry: ProfileRegistry = new ProfileRegistry(stores.profiles, {
    file: stores.profileFile, vault, refresher, scheduler, metrics, runtime, bus, clock,
    start: (p) => loop.start(p),
    cancelSignIn: (profileId) => sessions.cancel(profileId),
    sandboxMode: () => stores.boot.source === 'sandbox',
  });
  stores.onDelivery((result) => bus.auditDelivery(result));
  const unregisterSecrets = registerKnownSecrets(() => vault.secretValues());
  return { bus, registry, runtime, loop, checks, sessions, webhook, refresher, scheduler, unregisterSecrets };
}
