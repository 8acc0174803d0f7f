// The cases a tray app lives with and nobody watches, on a virtual clock against an in-process
// Genesys: a stall while a new token is being stored, a sign-out while a refresh is in flight,
// absurd lifetimes, a paused start, and a profile count that must not go out all at once.

import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { modelProfileId, startModelEngine, type ModelEngine } from '../../support/model-engine.js';

const running: ModelEngine[] = [];
afterEach(async () => {
  for (const m of running.splice(0)) {
    await m.engine.stop();
    rmSync(m.dataDir, { recursive: true, force: true });
  }
});

async function modelWith(profiles: number, options: Parameters<typeof startModelEngine>[0] = {}): Promise<ModelEngine> {
  const m = await startModelEngine(options);
  running.push(m);
  for (let i = 0; i < profiles; i += 1) {
    const added = await m.engine.addProfile(m.profileInput(i, 1));
    expect(added.ok).toBe(true);
  }
  await m.clock.advance(0);
  return m;
}

const state = (m: ModelEngine, i = 0) => m.engine.status(modelProfileId(i)).state;

describe('a profile session on a virtual clock', () => {
  it('a 25 s stall while a new token is being stored does not stop refreshing: the overdue refresh runs once, then the schedule goes on', async () => {
    const m = await modelWith(1);
    expect(state(m)).toBe('valid');
    // The next answer arrives and is stamped, then the event loop stalls for 25 s before the engine
    // has stored and planned it (a busy loop, or a laptop sleeping between receipt and save).
    let stalled = false;
    m.server.whileTokenBodyRead = () => {
      if (stalled) return;
      stalled = true;
      m.clock.stall(25_000);
    };
    const requestsBefore = m.server.tokenRequests;
    for (let s = 0; s < 120; s += 1) {
      await m.clock.advance(1_000);
      const status = m.engine.status(modelProfileId(0));
      expect(['valid', 'expiring', 'refreshing'], `second ${s}: ${status.state}`).toContain(status.state);
    }
    expect(stalled).toBe(true);
    // 30 s tokens over 2 minutes: several refreshes, never more than one per 5 s.
    expect(m.server.tokenRequests - requestsBefore).toBeGreaterThanOrEqual(4);
    expect(m.server.tokenRequests - requestsBefore).toBeLessThanOrEqual(24);
    expect(m.server.violations).toEqual([]);
    expect(m.engine.refreshPlans()[0]!.plan.kind).not.toBe('none');
  });

  it('a sign-out while a refresh is in flight stays signed out: the late answer is dropped, no token is handed out', async () => {
    const m = await modelWith(1);
    const id = modelProfileId(0);
    m.server.fault('slow');
    const refreshing = m.engine.refreshNow(id);
    await m.clock.advance(1_000);
    expect(state(m)).toBe('refreshing');
    const result = await m.engine.signOut(id);
    expect(result.revoked).toBe(true);
    await m.clock.advance(10_000);
    await refreshing;
    const status = m.engine.status(id);
    expect(status.state).toBe('no_token');
    expect(status.tokenPreview).toBeUndefined();
    expect(m.stored(id)?.accessToken).toBeUndefined();
    await expect(m.engine.issueToken(id, 30_000, { client: 'test' })).rejects.toThrow(/Signed out/);
    await m.clock.advance(120_000);
    expect(m.engine.status(id).state).toBe('no_token');
    expect(m.engine.refreshPlans()[0]!.plan).toEqual({ kind: 'waiting', reason: 'signed_out' });
  });

  it('a sign-out forgets the learned org and scopes with the session', async () => {
    const m = await modelWith(1);
    const id = modelProfileId(0);
    await m.clock.advance(1_000);
    expect(m.engine.status(id).organization).toBe('Model org');
    await m.engine.signOut(id);
    expect(m.engine.status(id).organization).toBeUndefined();
    expect(m.engine.status(id).scopes.source).toBe('none');
  });

  it('expires_in of 0 never refreshes more than once per 5 s, with a notice', async () => {
    const m = await modelWith(0, { ttlSec: 0 });
    const notices: string[] = [];
    m.engine.onChange((c) => c.type === 'notice' && notices.push(c.title));
    const before = m.server.tokenRequests;
    await m.engine.addProfile(m.profileInput(0, 1));
    await m.clock.advance(12_000);
    // Start-up's refresh counts too: at most one at 0 s, 5 s and 10 s.
    expect(m.server.tokenRequests - before).toBeLessThanOrEqual(3);
    expect(notices.some((t) => /expire almost at once/.test(t))).toBe(true);
  });

  it('paused auto-refresh sends nothing of its own at start-up, and says why', async () => {
    const m = await modelWith(1);
    await m.engine.pauseAutoRefresh(true);
    await m.clock.advance(40_000);
    const before = m.server.tokenRequests;
    await m.restart();
    await m.clock.advance(60_000);
    expect(m.server.tokenRequests).toBe(before);
    expect(m.engine.refreshPlans()[0]!.plan).toEqual({ kind: 'waiting', reason: 'paused' });
    // A caller that asks still gets a token, refreshed on demand.
    const issued = await m.engine.issueToken(modelProfileId(0), 30_000, { client: 'test' });
    expect(m.server.isActive(issued.token)).toBe(true);
  });

  it('keeps a token valid for 450 days (Genesys SCIM clients) as issued', async () => {
    const m = await modelWith(0, { ttlSec: 450 * 24 * 3600 });
    await m.engine.addProfile(m.profileInput(0, 1));
    await m.clock.advance(0);
    const status = m.engine.status(modelProfileId(0));
    expect(status.expiresAt! - m.clock.now()).toBeGreaterThan(449 * 24 * 3600 * 1000);
  });

  it('200 profiles starting together are served with bounded concurrency, soonest expiry first, and all end valid', async () => {
    const m = await modelWith(0);
    await Promise.all(Array.from({ length: 200 }, (_, i) => m.engine.addProfile(m.profileInput(i, 1))));
    const valid = () => m.engine.listStatuses().filter((s) => s.state === 'valid' || s.state === 'expiring').length;
    for (let i = 0; i < 400 && valid() < 200; i += 1) await m.clock.advance(10);
    expect(m.server.peakOpen).toBeLessThanOrEqual(48);
    expect(m.server.peakOpen).toBeGreaterThan(1);
    expect(valid()).toBe(200);
    expect(m.server.violations).toEqual([]);
  });

  it('raises a scope-drift alert when what tokens/me grants changes between refreshes', async () => {
    const m = await modelWith(1);
    const id = modelProfileId(0);
    const notices: string[] = [];
    m.engine.onChange((c) => c.type === 'notice' && notices.push(`${c.title}: ${c.message}`));
    await m.clock.advance(1_000);
    m.server.authorizedScope = ['users:readonly', 'analytics:readonly'];
    await m.engine.refreshNow(id);
    await m.clock.advance(1_000);
    // Both sources (the token response and tokens/me) saw the change: one alert, not two.
    expect(notices.filter((n) => n.startsWith('Model 0: scopes changed'))).toEqual(['Model 0: scopes changed: The token gained analytics:readonly since the previous refresh.']);
    expect(m.engine.status(id).lastDrift).toMatchObject({ added: ['analytics:readonly'], removed: [] });
    expect((await m.engine.readAudit({ profileId: id, types: ['scope_drift'] }))[0]?.detail).toMatchObject({ added: 'analytics:readonly' });
  });

  it('a sign-out is not a failed refresh, and an unverified check is no verdict: the validity rate stays 100 %', async () => {
    const m = await modelWith(1);
    const id = modelProfileId(0);
    await m.clock.advance(40_000);
    await m.engine.signOut(id);
    await m.engine.refreshNow(id).catch(() => undefined);
    await m.clock.advance(40_000);
    const metrics = m.engine.metrics(id);
    expect(metrics.failures).toBe(0);
    expect(metrics.validityRate).toBe(1);
  });

  it('a token whose audit line cannot be written is not handed out', async () => {
    const m = await modelWith(1);
    const audit = (m.engine as unknown as { parts: { bus: { auditStrict: () => Promise<void> } } }).parts.bus;
    audit.auditStrict = () => Promise.reject(new Error('disk full'));
    await expect(m.engine.issueToken(modelProfileId(0), 30_000, { client: 'test' })).rejects.toThrow();
  });
});
