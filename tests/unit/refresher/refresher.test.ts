import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineError, systemClock } from '../../../electron/engine/contracts.js';
import { Refresher, type RefreshEvent } from '../../../electron/engine/refresher/refresher.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { MemoryStore } from '../../support/memory-store.js';
import { genesysCodeProfile, genesysResolver } from '../../support/sandbox-profile.js';
import { waitFor } from '../../support/wait-for.js';

let sandbox: SandboxIdp;
beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.resetStats();
});

function setup(policy: ConstructorParameters<typeof Refresher>[0]['policy'] = {}) {
  const store = new MemoryStore();
  const events: RefreshEvent[] = [];
  const waits: number[] = [];
  const profile = genesysCodeProfile(sandbox);
  const refreshToken = sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId);
  store.data.set(profile.id, { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken });
  const refresher = new Refresher({
    store,
    clock: systemClock,
    resolveEndpoint: genesysResolver,
    onEvent: (e) => events.push(e),
    // Record the waits instead of sleeping, so retry tests are instant yet exact.
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    policy,
  });
  return { store, events, waits, profile, refresher, refreshToken };
}

describe('Refresher against the sandbox token endpoint', () => {
  it('serves 1,000 concurrent callers with exactly one token request and one identical token', async () => {
    const { refresher, profile } = setup();
    const results = await Promise.all(Array.from({ length: 1000 }, () => refresher.refresh(profile, 'forced')));
    expect(sandbox.stats().tokenRequests).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(sandbox.isAccessTokenActive(results[0]!.accessToken)).toBe(true);
  });

  it('stores the rotated refresh token the moment it arrives, without making the caller wait for the fsync', async () => {
    const { refresher, profile, store } = setup();
    store.writeDelayMs = 150;
    const started = performance.now();
    let storedWhenHandedOut: string | undefined;
    const tokens = await refresher.refresh(profile, 'forced').then((t) => {
      // The store's memory holds the rotated refresh token when the caller gets the access token
      // (any refresh from now on uses it); its durable write is under way, not awaited.
      storedWhenHandedOut = store.get(profile.id)?.refreshToken;
      return t;
    });
    expect(performance.now() - started).toBeLessThan(150);
    expect(storedWhenHandedOut).toBe(tokens.refreshToken);
    expect(store.writes).toHaveLength(0);
    // The next refresh waits for that write first, so writes never overtake each other.
    const next = await refresher.refresh(profile, 'forced');
    await waitFor(() => store.writes.length === 2, 'both writes to land');
    expect(store.writes.map((w) => w.refreshToken)).toEqual([tokens.refreshToken, next.refreshToken]);
  });

  it('keeps new tokens in memory when the vault write fails, and refreshes with the new refresh token next time', async () => {
    const { refresher, profile, store, events } = setup();
    store.failWrites = true;
    // The caller gets the token (it is in memory); the failed write is reported, and owed.
    const first = await refresher.refresh(profile, 'forced');
    expect(first.accessToken).toBeTruthy();
    await waitFor(() => events.some((e) => e.type === 'storage_failed'), 'the failed write to be reported');
    expect(events.find((e) => e.type === 'storage_failed')).toMatchObject({ reason: 'disk full' });
    store.failWrites = false;
    // The next refresh first saves the in-memory tokens, then uses the rotated refresh token;
    // had it used the old stored one, the sandbox would answer invalid_grant.
    const next = await refresher.refresh(profile, 'forced');
    expect(next.accessToken).toBeTruthy();
    expect(refresher.status(profile.id).state).toBe('valid');
    expect(events.some((e) => e.type === 'signin_required')).toBe(false);
  });

  it.each([
    ['delta seconds', { seconds: 7 }, 7000],
    ['an HTTP date', { seconds: 9, httpDate: true }, 9000],
  ])('honours Retry-After given as %s', async (_label, retryAfter, expectedMs) => {
    const { refresher, profile, waits, events } = setup();
    sandbox.faults.set({ kind: 'rate_limit', retryAfter, times: 1 });
    const tokens = await refresher.refresh(profile, 'scheduled');
    expect(tokens.accessToken).toBeTruthy();
    expect(waits).toHaveLength(1);
    // HTTP dates have one-second resolution.
    expect(waits[0]).toBeGreaterThan(expectedMs - 1500);
    expect(waits[0]).toBeLessThanOrEqual(expectedMs);
    const failed = events.find((e) => e.type === 'refresh_failed');
    expect(failed && failed.type === 'refresh_failed' && failed.kind).toBe('rate_limited');
  });

  it('does not wait out a Retry-After beyond the cap in-call; it reports when to try again', async () => {
    const { refresher, profile, waits } = setup({ maxRetryAfterWaitMs: 60_000 });
    sandbox.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 600 } });
    await expect(refresher.refresh(profile, 'scheduled')).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(waits).toEqual([]);
    const status = refresher.status(profile.id);
    expect(status.state).toBe('retrying');
    expect(status.retry!.nextAttemptAt - Date.now()).toBeGreaterThan(590_000);
  });

  it('retries 5xx with bounded, jittered backoff and then stops', async () => {
    const { refresher, profile, waits } = setup({ maxAttempts: 4, baseMs: 500, capMs: 1_500 });
    sandbox.faults.set({ kind: 'server_error', status: 503 });
    const error = await refresher.refresh(profile, 'scheduled').then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as EngineError);
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/503/);
    expect(sandbox.stats().tokenRequests).toBe(4);
    // random() = 0.5: half of min(cap, base·2^n) → 250, 500, 750 (capped at 1500/2).
    expect(waits).toEqual([250, 500, 750]);
  });

  it('recovers after a transient malformed body without losing the token', async () => {
    const { refresher, profile } = setup();
    sandbox.faults.set({ kind: 'malformed_json', times: 1 });
    const tokens = await refresher.refresh(profile, 'scheduled');
    expect(tokens.accessToken).toBeTruthy();
    expect(sandbox.stats().tokenRequests).toBe(2);
  });

  it('stops at once on invalid_grant with the server description, never retrying or resending the token', async () => {
    const { refresher, profile, waits, store, events } = setup();
    sandbox.faults.set({ kind: 'invalid_grant', times: 1 });
    const error = await refresher.refresh(profile, 'scheduled').then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as EngineError);
    expect(error.kind).toBe('grant_rejected');
    expect(error.problem.serverError).toBe('invalid_grant');
    expect(error.problem.serverDescription).toMatch(/revoked/);
    expect(waits).toEqual([]);
    expect(sandbox.stats().tokenRequests).toBe(1);
    expect(refresher.status(profile.id).state).toBe('signin_required');
    expect(store.get(profile.id)?.refreshToken).toBeUndefined();
    expect(events.filter((e) => e.type === 'signin_required')).toHaveLength(1);
    // Scheduled refreshes now do nothing until sign-in.
    await expect(refresher.refresh(profile, 'scheduled')).rejects.toMatchObject({ kind: 'grant_rejected' });
    expect(sandbox.stats().tokenRequests).toBe(1);
  });

  it('a 401 from the API refreshes at most once per rejected token', async () => {
    const { refresher, profile } = setup();
    const first = await refresher.refresh(profile, 'forced');
    const renewed = await refresher.handleUnauthorized(profile, first.accessToken);
    expect(renewed?.accessToken).not.toBe(first.accessToken);
    // Another caller reporting the same old token gets the current one, with no new request.
    const same = await refresher.handleUnauthorized(profile, first.accessToken);
    expect(same?.accessToken).toBe(renewed?.accessToken);
    expect(sandbox.stats().tokenRequests).toBe(2);
    // If the new token is rejected too, one more refresh happens, then never again for it.
    await refresher.handleUnauthorized(profile, renewed!.accessToken);
    expect(sandbox.stats().tokenRequests).toBe(3);
    const current = refresher.status(profile.id);
    expect(current.state).toBe('valid');
  });

  it('10,000 concurrent API callers whose token gets a 401 all retry with the one new token; none gives up', async () => {
    const { refresher, profile } = setup();
    const first = await refresher.refresh(profile, 'forced');
    // The API (the sandbox's own record of live tokens) stops accepting the token, as after an idle timeout.
    await fetch(`${sandbox.apiBaseUrl}/api/v2/tokens/me`, { method: 'DELETE', headers: { authorization: `Bearer ${first.accessToken}` } });
    sandbox.resetStats();
    const api = (token: string) => (sandbox.isAccessTokenActive(token) ? 200 : 401);
    const caller = async (): Promise<'ok' | 'gave up' | 'failed'> => {
      const { token } = await refresher.getAccessToken(profile);
      if (api(token) === 200) return 'ok';
      const retry = await refresher.handleUnauthorized(profile, token);
      if (!retry) return 'gave up';
      return api(retry.accessToken) === 200 ? 'ok' : 'failed';
    };
    const outcomes = await Promise.all(Array.from({ length: 10_000 }, caller));
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect(sandbox.stats().tokenRequests).toBe(1);
  });

  it('the store is the one owner of the current token: after a failed save and a sign-out nothing stale is handed out', async () => {
    const { refresher, profile, store } = setup();
    store.failWrites = true;
    await refresher.refresh(profile, 'forced').catch(() => undefined);
    const unsaved = store.get(profile.id)?.accessToken;
    expect(unsaved).toBeTruthy(); // the store serves the unsaved token from memory (its contract)
    store.failWrites = false;
    // Signing out clears the store's tokens; no other copy may bring the old one back.
    await store.clear(profile.id, ['accessToken', 'accessTokenExpiresAt']);
    const handed = await refresher.getAccessToken(profile);
    expect(handed.token).not.toBe(unsaved);
    expect(handed.token).toBe(store.get(profile.id)?.accessToken);
  });

  it('forget() clears a "sign-in required" stop, so a profile given new credentials refreshes again', async () => {
    const { refresher, profile, store } = setup();
    sandbox.faults.set({ kind: 'invalid_grant', times: 1 });
    await refresher.refresh(profile, 'scheduled').catch(() => undefined);
    expect(refresher.status(profile.id).state).toBe('signin_required');
    store.data.set(profile.id, { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) });
    refresher.forget(profile.id);
    sandbox.resetStats();
    await refresher.refresh(profile, 'scheduled');
    expect(sandbox.stats().tokenRequests).toBe(1);
    expect(refresher.status(profile.id).state).toBe('valid');
  });

  it('a refresh retrying when its profile is removed and re-added never spends the new refresh token', async () => {
    const store = new MemoryStore();
    const profile = genesysCodeProfile(sandbox);
    store.data.set(profile.id, { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) });
    let wake: () => void = () => {};
    const sleeping = new Promise<void>((resolve) => (wake = resolve));
    let slept!: () => void;
    const asleep = new Promise<void>((resolve) => (slept = resolve));
    const refresher = new Refresher({ store, clock: systemClock, resolveEndpoint: genesysResolver, random: () => 0, sleep: () => { slept(); return sleeping; } });
    sandbox.faults.set({ kind: 'server_error', times: 1 });
    const old = refresher.refresh(profile, 'scheduled').then(() => 'refreshed', (e: EngineError) => e.problem.code);
    await asleep;
    // Removed and re-added with a fresh refresh token while the old run waits to retry.
    refresher.forget(profile.id);
    const fresh = sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId);
    store.data.set(profile.id, { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: fresh });
    sandbox.resetStats();
    wake();
    expect(await old).toBe('session_ended');
    expect(sandbox.stats().tokenRequests).toBe(0);
    expect(store.get(profile.id)?.refreshToken).toBe(fresh);
    await refresher.refresh(profile, 'startup');
    expect(refresher.status(profile.id).state).toBe('valid');
  });

  it('emits events that never contain a token or secret', async () => {
    const { refresher, profile, events, refreshToken } = setup();
    const tokens = await refresher.refresh(profile, 'forced');
    sandbox.faults.set({ kind: 'invalid_grant', times: 1 });
    await refresher.refresh(profile, 'forced').catch(() => {});
    const text = JSON.stringify(events);
    for (const secret of [tokens.accessToken, tokens.refreshToken!, refreshToken, SANDBOX_CLIENTS.codeClient.clientSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(events.map((e) => e.type)).toContain('refresh_succeeded');
  });

  it('mints client-credentials tokens with the secret in the Basic header only', async () => {
    const store = new MemoryStore();
    const profile = { ...genesysCodeProfile(sandbox, 'svc'), grant: 'client_credentials' as const, clientId: SANDBOX_CLIENTS.serviceClient.clientId };
    store.data.set('svc', { clientSecret: SANDBOX_CLIENTS.serviceClient.clientSecret });
    const refresher = new Refresher({ store, clock: systemClock, resolveEndpoint: genesysResolver });
    const tokens = await refresher.refresh(profile, 'startup');
    expect(tokens.refreshToken).toBeUndefined();
    expect(sandbox.stats().byGrant.client_credentials).toBe(1);
  });

  it('reports a wrong client secret as invalid_client in words a user can act on', async () => {
    const { refresher, profile, store } = setup();
    store.data.set(profile.id, { ...store.data.get(profile.id), clientSecret: 'wrong' });
    const error = await refresher.refresh(profile, 'forced').then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as EngineError);
    expect(error.problem.serverError).toBe('invalid_client');
    expect(error.message).toMatch(/client id or secret was rejected/);
  });

  it('treats a PKCE profile without refresh token as sign-in required, without any request', async () => {
    const store = new MemoryStore();
    const profile = { ...genesysCodeProfile(sandbox, 'pk'), grant: 'pkce' as const };
    const refresher = new Refresher({ store, clock: systemClock, resolveEndpoint: genesysResolver });
    await expect(refresher.refresh(profile, 'scheduled')).rejects.toThrow(/PKCE/);
    expect(refresher.status('pk').state).toBe('signin_required');
    expect(sandbox.stats().tokenRequests).toBe(0);
  });
});
