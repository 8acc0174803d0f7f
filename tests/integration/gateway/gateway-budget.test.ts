// Five consumers of one token against the sandbox's 300-per-minute limit, in parallel, as fast as
// they can: none of them ever receives a 429 (the API host never even has to send one), the
// sandbox never counts more than 300 in a minute, and each consumer gets a fair share. The
// sandbox and the gateway share a clock running eight times faster than the wall clock, so
// seventy-five seconds of Genesys time take under ten; the network under them is real loopback.

import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { startGatewayRig, type GatewayRig } from '../../support/gateway-harness.js';

const SPEED = 8;
const started = Date.now();
const fastClock = { now: () => started + (Date.now() - started) * SPEED };
const fastTimers = {
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms / SPEED),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

let sandbox: SandboxIdp;
let rig: GatewayRig;

beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 3600, clock: fastClock, apiRateLimitPerMinute: 300 });
  rig = await startGatewayRig(sandbox, ['prod', 'shared'], { gateway: { clock: fastClock, timers: fastTimers } });
});
afterAll(async () => {
  await rig.close();
  await sandbox.close();
});

describe('one shared budget for five consumers', () => {
  it('keeps every 429 away, stays within the limit and shares it fairly', async () => {
    const names = ['etl', 'terraform', 'mcp', 'report', 'gc'];
    const keys = await Promise.all(names.map((consumer) => rig.gateway.grant({ profileId: 'prod', consumer })));
    const runForMs = 75_000 / SPEED;
    const deadline = Date.now() + runForMs;
    const statuses: Record<string, number[]> = {};
    await Promise.all(keys.map(async ({ key, url, view }) => {
      const client = new Client(url, { pipelining: 1 });
      const seen: number[] = (statuses[view.consumer] = []);
      try {
        while (Date.now() < deadline) {
          const answer = await client.request({ path: '/api/v2/users/me', method: 'GET', headers: { authorization: `Bearer ${key}` } });
          await answer.body.dump();
          seen.push(answer.statusCode);
        }
      } finally {
        await client.close();
      }
    }));
    const all = Object.values(statuses).flat();
    expect(all.filter((s) => s === 429)).toHaveLength(0);
    expect(all.every((s) => s === 200)).toBe(true);
    const api = sandbox.apiStats();
    expect(api.rateLimited).toBe(0);
    expect(api.maxInOneWindow).toBeLessThanOrEqual(300);
    // The limit really bound (five unpaced loops would far exceed it), with room for a busy machine.
    expect(api.maxInOneWindow).toBeGreaterThan(150);
    const shares = names.map((n) => statuses[n]?.length ?? 0);
    expect(Math.max(...shares) / Math.min(...shares)).toBeLessThanOrEqual(1.2);
  }, 30_000);

  it('waits out a 429 it could not foresee (the Genesys UI spends the same budget) instead of passing it on', async () => {
    const { url, key } = await rig.gateway.grant({ profileId: 'shared', consumer: 'script' });
    const get = () => fetch(`${url}/api/v2/users/me`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get()).status).toBe(200);
    // Someone else (the Genesys UI of the same user) spends the token's whole minute behind the gateway's back.
    sandbox.setApiRateLimit(5);
    const { token } = await rig.engine.accessToken('shared', 'api');
    for (let i = 0; i < 5; i += 1) await fetch(`${sandbox.apiBaseUrl}/api/v2/users/me`, { headers: { authorization: `Bearer ${token}` } });
    const before = sandbox.apiStats().rateLimited;
    const startedAt = fastClock.now();
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(sandbox.apiStats().rateLimited - before).toBe(1); // the API host said 429 once; the consumer never saw it
    expect(fastClock.now() - startedAt).toBeGreaterThan(30_000); // it waited for the window to reset
    expect(rig.gateway.list().find((c) => c.consumer === 'script')?.figures.upstream429).toBe(1);
  }, 20_000);
});
