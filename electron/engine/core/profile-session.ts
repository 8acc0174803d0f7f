// One profile's current session: everything the engine knows and does for it between one sign-in
// (or start) and the next end, in one object. Ending a session (sign-out, an edit that moves where
// secrets go, a pasted refresh token, remove, quit) is one call: it aborts the session's signal,
// which cancels its timer, its retry sleep and its requests, and the registry puts a fresh, empty
// session in its place. Anything that finishes later for an ended session is dropped by identity
// (`session.ended`), never by comparing counters.

import type { PendingSignInView, ProblemInfo, ProfileId, ProfileState, ScopeDrift, ScopeSource } from '../../../shared/domain.js';
import { EngineError, type TokenSet } from '../contracts.js';

/** Where a refresh stands: what the status shows and what decides whether refreshing may go on. */
export interface RefreshRecord {
  state: ProfileState;
  retry?: { attempt: number; nextAttemptAt: number };
  lastError?: ProblemInfo;
  lastRefreshAt?: number;
  /** Set with `signin_required` when the server rejected the grant: its tokens are no longer handed out. */
  grantRejected?: boolean;
  /** The user signed out: nothing is refreshed or handed out until a sign-in or a forced refresh. */
  signedOut?: ProblemInfo;
}

/** The one next step of a profile that is not refreshing right now (the scheduler's part). */
export interface SessionSchedule {
  /** When the next unforced refresh is due (epoch ms, on the engine's clock). */
  dueAt?: number;
  timer?: unknown;
  /** Set when the due time came while a refresh was finishing: it runs once that one settles. */
  dueWhileBusy?: boolean;
  /** When the last unforced request left, for the floor on refresh frequency. */
  lastUnforcedAt?: number;
}

export interface ScopeMemory {
  granted: string[];
  source: ScopeSource;
  lastDrift?: ScopeDrift;
}

/** What the session's tokens taught: gone with the session, since a new grant may differ. */
export interface SessionLearned {
  /** Granted scopes per source: drift is judged against the same source's previous answer. */
  scopes: Partial<Record<ScopeSource, ScopeMemory>>;
  lastDrift?: ScopeDrift;
  idleAt?: number;
  organization?: string;
}

export interface PendingSignIn {
  view: PendingSignInView;
  profileName: string;
  done: Promise<unknown>;
  cancel?: () => void;
  cancelRequested: boolean;
}

export class ProfileSession {
  private readonly controller = new AbortController();
  refresh: RefreshRecord = { state: 'valid' };
  /** The refresh in flight, shared by every caller (one request per profile at a time). */
  inFlight?: Promise<TokenSet>;
  schedule: SessionSchedule = {};
  learned: SessionLearned = { scopes: {} };
  /** One-off notices already given in this session (e.g. a token lifetime too short to keep up with). */
  readonly notices = new Set<string>();
  /** Warning codes already raised as notices (raised again only after clearing). */
  warningsRaised = new Set<string>();
  /** The durable write of the latest tokens, while it runs; the next refresh waits for it. */
  durableWrite?: Promise<void>;
  /** A durable write failed: the next refresh first writes what memory holds. */
  durableOwed = false;
  /** One refresh per rejected token (keyed by its hash), shared by every caller holding it. */
  readonly unauthorized = new Map<string, Promise<TokenSet>>();
  pendingSignIn?: PendingSignIn;

  constructor(readonly profileId: ProfileId, readonly startedAt: number, inherited?: Pick<RefreshRecord, 'lastRefreshAt'>) {
    if (inherited?.lastRefreshAt !== undefined) this.refresh.lastRefreshAt = inherited.lastRefreshAt;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /** Ends the session: its timer, retry sleep, requests and pending sign-in stop here. */
  end(reason: string, at: number, clearTimer: (handle: unknown) => void): void {
    if (this.ended) return;
    if (this.schedule.timer !== undefined) clearTimer(this.schedule.timer);
    this.schedule = {};
    this.pendingSignIn?.cancel?.();
    if (this.pendingSignIn) this.pendingSignIn.cancelRequested = true;
    this.controller.abort(sessionEnded(reason, at));
  }
}

/** The error a late result of an ended session carries: nobody waits on its answer any more. */
export function sessionEnded(reason: string, at: number): EngineError {
  return new EngineError('config', { code: 'session_ended', message: `The session ended (${reason}) while this ran; its result was discarded.`, at });
}

/** Where the refresher finds a profile's current session. */
export interface SessionSource {
  session(profileId: ProfileId): ProfileSession;
  /** Ends the profile's session and returns the new, empty one. */
  endSession(profileId: ProfileId, reason: string): ProfileSession;
}

/**
 * Sessions for a refresher used on its own (the CLI's one-shot engine, tests, benchmarks); inside
 * the engine the profile registry is the source, and this is never built.
 */
export class StandaloneSessions implements SessionSource {
  private readonly sessions = new Map<ProfileId, ProfileSession>();

  constructor(private readonly now: () => number) {}

  session(profileId: ProfileId): ProfileSession {
    let session = this.sessions.get(profileId);
    if (!session) this.sessions.set(profileId, (session = new ProfileSession(profileId, this.now())));
    return session;
  }

  endSession(profileId: ProfileId, reason: string): ProfileSession {
    this.sessions.get(profileId)?.end(reason, this.now(), () => {});
    const next = new ProfileSession(profileId, this.now());
    this.sessions.set(profileId, next);
    return next;
  }
}
