// The small engine parts behind the dashboard: warnings before trouble, the sign-in registry
// (cancel before the listener is up, the port holder named) and the undo window of Remove.

import { describe, expect, it } from 'vitest';
import type { ProfileConfig, ProfileStatus, StatusWarning } from '../../../shared/domain.js';
import { ProfileSession } from '../../../electron/engine/core/profile-session.js';
import { EngineError } from '../../../electron/engine/contracts.js';
import { RecentlyRemoved, UNDO_WINDOW_MS } from '../../../electron/engine/profiles/removed-profiles.js';
import { SignInRegistry } from '../../../electron/engine/signin/signin-registry.js';
import { statusWarnings, raiseNewWarnings } from '../../../electron/engine/status/warnings.js';

const genesysCode: ProfileConfig = { id: 'g', name: 'Prod org', provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant: 'authorization_code', clientId: 'c', requiredScopes: [] };
const now = 1_000_000;
const base = { profile: genesysCode, now, warnBeforeMs: 10 * 60_000, hasAccessToken: true, hasRefreshToken: true };

describe('warnings before trouble', () => {
  it('warns when the token expires within the window while refreshing keeps failing, not before', () => {
    const failing = { ...base, state: 'retrying' as const, expiresAt: now + 5 * 60_000, lastError: { code: 'http_503', message: 'The server answered 503.', at: now } };
    expect(statusWarnings(failing).map((w) => w.code)).toEqual(['expiry_while_failing']);
    expect(statusWarnings(failing)[0]!.message).toMatch(/expires in about 5 min: The server answered 503/);
    expect(statusWarnings({ ...failing, expiresAt: now + 30 * 60_000 })).toEqual([]);
    expect(statusWarnings({ ...failing, state: 'valid', lastError: undefined })).toEqual([]);
  });

  it('warns of the idle deadline when it comes first, and explains a Genesys session without a refresh token', () => {
    const failing = { ...base, state: 'retrying' as const, expiresAt: now + 50 * 60_000, idleAt: now + 3 * 60_000, lastError: { code: 'x', message: 'down', at: now } };
    expect(statusWarnings(failing).map((w) => w.code)).toEqual(['idle_while_failing']);
    const noRefresh = statusWarnings({ ...base, state: 'valid', expiresAt: now + 50 * 60_000, idleAt: now + 15 * 60_000, hasRefreshToken: false });
    expect(noRefresh.map((w) => w.code)).toEqual(['no_refresh_token_idle']);
    expect(noRefresh[0]!.message).toMatch(/idle token timeout/);
  });

  it('raises each warning once until it clears', () => {
    const raised: string[] = [];
    const memory = { warningsRaised: new Set<string>() };
    const observe = (warnings: StatusWarning[]) => raiseNewWarnings(memory, genesysCode, warnings, (title) => raised.push(title));
    const warning = { code: 'expiry_while_failing' as const, message: 'm' };
    observe([warning]);
    observe([warning]);
    observe([]);
    observe([warning]);
    expect(raised).toEqual(['Prod org: refresh keeps failing', 'Prod org: refresh keeps failing']);
  });
});

describe('sign-in registry', () => {
  const never = new Promise<ProfileStatus>(() => {});
  const a = new ProfileSession('a', 0);
  const b = new ProfileSession('b', 0);
  it('applies a cancel that arrives before the listener is up, as soon as it is', () => {
    const registry = new SignInRegistry(() => [a, b], () => {});
    registry.add(a, 'A', { kind: 'browser', startedAt: 0, expiresAt: 1, port: 8765 }, never);
    expect(registry.cancel(a)).toBe(true);
    let cancelled = false;
    registry.attachCancel(a, () => (cancelled = true));
    expect(cancelled).toBe(true);
  });

  it('names TokenTray\'s own pending sign-in as the holder of a port', () => {
    const registry = new SignInRegistry(() => [a, b], () => {});
    registry.add(a, 'Prod org', { kind: 'browser', startedAt: 0, expiresAt: 1, port: 8765 }, never);
    expect(() => registry.assertPortFree(b, 8765, 0)).toThrow(EngineError);
    expect(() => registry.assertPortFree(b, 8765, 0)).toThrow(/TokenTray itself holds port 8765: the sign-in for "Prod org"/);
    expect(() => registry.assertPortFree(b, 8766, 0)).not.toThrow();
  });

  it('a pending sign-in ends with its session', () => {
    const session = new ProfileSession('c', 0);
    const registry = new SignInRegistry(() => [session], () => {});
    let cancelled = false;
    registry.add(session, 'C', { kind: 'browser', startedAt: 0, expiresAt: 1, port: 8767 }, never);
    registry.attachCancel(session, () => (cancelled = true));
    session.end('signed out', 0, () => {});
    expect(cancelled).toBe(true);
  });
});

describe('undo of Remove', () => {
  it('gives the profile and its secrets back once, within the window only', () => {
    const removed = new RecentlyRemoved();
    removed.keep(genesysCode, { clientSecret: 's' }, now);
    expect(removed.take('g', now + 1000)?.secrets).toEqual({ clientSecret: 's' });
    expect(removed.take('g', now + 2000)).toBeUndefined();
    removed.keep(genesysCode, undefined, now);
    expect(removed.take('g', now + UNDO_WINDOW_MS + 1)).toBeUndefined();
  });
});
