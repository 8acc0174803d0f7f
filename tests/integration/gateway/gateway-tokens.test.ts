// The gateway and the token's life: a keep-alive consumer outlives three rotations without ever
// seeing a 401; an upstream 401 costs exactly one refresh (shared by everyone holding the token)
// and one retry; and nothing a consumer can see, nor the audit trail, holds an access or refresh
// token, while the keys themselves are at rest only as hashes.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { startGatewayRig, type GatewayRig } from '../../support/gateway-harness.js';

let sandbox: SandboxIdp;
let rig: GatewayRig;
let key: string;
let consumer: Client;
/** Everything a consumer saw: status lines, headers and bodies. */
const seen: string[] = [];

beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  sandbox.behaviour.revokeAccessTokensOnRefresh = true;
  rig = await startGatewayRig(sandbox, ['prod']);
  const granted = await rig.gateway.grant({ profileId: 'prod', consumer: 'mcp-server' });
  key = granted.key;
  consumer = new Client(granted.url, { pipelining: 1, keepAliveTimeout: 60_000 }); // one kept-alive connection
});
afterAll(async () => {
  await consumer.close();
  await rig.close();
  await sandbox.close();
});

async function get(path = '/api/v2/users/me', presented = key): Promise<number> {
  const answer = await consumer.request({ path, method: 'GET', headers: { authorization: `Bearer ${presented}` } });
  const body = await answer.body.text();
  seen.push(`${answer.statusCode} ${JSON.stringify(answer.headers)} ${body}`);
  return answer.statusCode;
}

const refreshes = () => sandbox.stats().byGrant.refresh_token ?? 0;

describe('the gateway keeps a long-running consumer working', () => {
  it('across three token rotations, with no 401 reaching it', async () => {
    const statuses: number[] = [];
    const before = refreshes();
    statuses.push(await get());
    for (let rotation = 0; rotation < 3; rotation += 1) {
      // Calls keep arriving while the engine rotates the token (the old one dies at once here).
      const during = Promise.all([get(), get('/api/v2/users?pageSize=5'), get()]);
      await rig.engine.refreshNow('prod');
      statuses.push(...(await during), await get(), await get());
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(refreshes() - before).toBeGreaterThanOrEqual(3);
  });

  it('answers an injected upstream 401 with exactly one refresh and one retry', async () => {
    await get(); // a token is held
    sandbox.revokeAccessTokens();
    const refreshesBefore = refreshes();
    const apiBefore = sandbox.apiStats().requests;
    expect(await get()).toBe(200);
    expect(refreshes() - refreshesBefore).toBe(1);
    expect(sandbox.apiStats().requests - apiBefore).toBe(2); // the 401, then the retry
    expect(rig.gateway.list().find((c) => c.consumer === 'mcp-server')?.figures.upstream401).toBeGreaterThanOrEqual(1);
  });

  it('shares one refresh among parallel callers holding the rejected token', async () => {
    await get();
    sandbox.revokeAccessTokens();
    const before = refreshes();
    const parallel = Array.from({ length: 3 }, () => new Client(rig.gateway.url ?? '', { pipelining: 1 }));
    try {
      const statuses = await Promise.all(parallel.flatMap((client) => [1, 2, 3].map(async () => {
        const answer = await client.request({ path: '/api/v2/users/me', method: 'GET', headers: { authorization: `Bearer ${key}` } });
        seen.push(`${answer.statusCode} ${JSON.stringify(answer.headers)} ${await answer.body.text()}`);
        return answer.statusCode;
      })));
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(refreshes() - before).toBe(1);
    } finally {
      await Promise.all(parallel.map((client) => client.close()));
    }
  });
});

describe('secrets', () => {
  it('no access or refresh token in anything a consumer saw or in the audit; keys only as hashes at rest', async () => {
    // Refusals too: a wrong key, a forbidden path.
    expect(await get('/api/v2/users/me', 'ttgw_wrong')).toBe(401);
    expect(await get('/api/v2/tokens/me')).toBe(403);
    await rig.gateway.flushAudit();
    const audit = readFileSync(join(rig.folder.dataDir, 'gateway-audit.jsonl'), 'utf8');
    const atRest = readFileSync(join(rig.folder.dataDir, 'gateway.json'), 'utf8');
    const secrets = sandbox.issuedSecrets();
    expect(secrets.length).toBeGreaterThan(4);
    const visible = seen.join('\n');
    for (const secret of secrets) {
      expect(visible.includes(secret)).toBe(false);
      expect(audit.includes(secret)).toBe(false);
    }
    expect(audit.includes(key)).toBe(false);
    expect(atRest.includes(key)).toBe(false);
    expect(atRest).toContain(createHash('sha256').update(key).digest('hex'));
    // The audit names consumer, method, path template and outcome, one JSON line each.
    const lines = audit.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((l) => l.consumer === 'mcp-server' && l.path === '/api/v2/users/me' && l.status === 200 && typeof l.ms === 'number' && typeof l.budgetLeft === 'number')).toBe(true);
    expect(lines.some((l) => l.note === 'refreshed')).toBe(true);
  });
});
