// Contracts between the engine's modules. Each module implements or consumes these and nothing
// else of its neighbours, so each can be built and tested alone and wired in engine.ts.
// Plain TypeScript: no electron, no react.

import type { ProblemInfo, ProfileId } from '../../shared/domain.js';
import { unrefTimers, type Timers } from './timers.js';
import type { FailureKind } from '../../shared/error-codes.js';

/** Time source; injected so tests and the scheduler can control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The engine's one notion of time: the current time and timers that run on it. A test hands the
 * engine a virtual clock, so sleeps, stalls and clock jumps happen when the test says.
 */
export interface EngineClock extends Clock, Timers {}

/** A clock that brings no timers of its own runs its waits on the real (unref'd) timers. */
export function engineClock(clock: Clock & Partial<Timers> = systemClock): EngineClock {
  if (clock.setTimeout && clock.clearTimeout) return clock as EngineClock;
  return { now: () => clock.now(), setTimeout: unrefTimers.setTimeout, clearTimeout: unrefTimers.clearTimeout };
}

/** Waits `ms` on the clock's timers; rejects with the signal's reason when the session ends first. */
export function sleepOn(clock: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason as Error);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The secrets of one profile. Lives only in the vault and in main-process memory. */
export interface ProfileSecrets {
  clientSecret?: string;
  refreshToken?: string;
  accessToken?: string;
  /** Epoch ms, stamped from `expires_in` at receive time. */
  accessTokenExpiresAt?: number;
  /** Epoch ms the access token was received. */
  accessTokenIssuedAt?: number;
  /** The `scope` field of the last token response, when the server sent one. */
  grantedScope?: string;
  /** ID token from OpenID Connect providers (for sign-out hints). */
  idToken?: string;
  /**
   * SHA-256 (base64url) of the GENESYS_REFRESH_TOKEN last applied from the environment: a restart
   * with the same variable keeps the rotated token the vault holds; a new value replaces it.
   */
  environmentRefreshTokenSha256?: string;
  /** Where these secrets may go (profiles/secret-destination.ts), fixed when they were stored: see profiles/secret-binding.ts. */
  boundTo?: string;
  /** Only on the reserved WEBHOOK_VAULT_KEY entry: the webhook signing secret. */
  webhookSigningSecret?: string;
}

/** Vault key for app-wide secrets (the webhook signing secret). Profile ids are slugs, so '@' never collides. */
export const WEBHOOK_VAULT_KEY = '@webhook';

/**
 * What the refresher needs from the vault. The store is the ONE owner of each profile's current
 * secrets: no other module keeps a copy of a token to serve from. Its rules:
 * - `update`, `clear` and `remove` change what `get` returns at once (before their promise
 *   settles), so every reader sees the newest token as soon as it is accepted;
 * - their promise resolves only once that state is durable (an fsync'd atomic write; at once in
 *   memory-only mode), so a caller who waits before handing a token out never hands out a token
 *   that a crash could lose;
 * - when the durable write fails the promise rejects, yet `get` keeps serving the new state from
 *   memory (a rotated refresh token must not be lost to a full disk), and the next write, even an
 *   empty `update(id, {})`, stores it durably.
 */
export interface SecretStore {
  get(profileId: ProfileId): ProfileSecrets | undefined;
  /** Merge `patch` into the profile's secrets; resolves after an fsync'd atomic write (or at once in memory-only mode). */
  update(profileId: ProfileId, patch: Partial<ProfileSecrets>): Promise<void>;
  /** Remove some fields (e.g. a rejected refresh token) durably. */
  clear(profileId: ProfileId, fields: (keyof ProfileSecrets)[]): Promise<void>;
  /** Forget the profile entirely, durably. */
  remove(profileId: ProfileId): Promise<void>;
}

/** A successful token endpoint response, already validated and stamped. */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  /** Epoch ms = receive time + expires_in. */
  expiresAt: number;
  issuedAt: number;
  /** Present when the server rotated (or issued) a refresh token. */
  refreshToken?: string;
  /** Space-separated scope string when the server returned one. */
  scope?: string;
  idToken?: string;
}

/**
 * A failure, classified so callers know whether retrying can help: rate_limited (429: retry after
 * Retry-After), transient (5xx, timeout, network, malformed body: retry with backoff),
 * grant_rejected (invalid_grant / invalid_client / other 4xx: sign-in required, never retry),
 * config (the profile cannot work as configured), storage (the vault could not persist the new
 * tokens). A closed list in shared/, because the kind is also the code a problem crosses IPC with.
 */
export type { FailureKind };

export class EngineError extends Error {
  readonly kind: FailureKind;
  readonly problem: ProblemInfo;
  /** For `rate_limited`: how long the server asked us to wait, in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: FailureKind, problem: ProblemInfo, retryAfterMs?: number) {
    super(problem.message);
    this.name = 'EngineError';
    this.kind = kind;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Minimal structured logger. Implementations must never be handed secrets; see redact.ts. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
