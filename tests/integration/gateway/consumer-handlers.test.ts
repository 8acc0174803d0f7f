// The dashboard's Consumers calls through the same dispatcher the IPC and the browser dashboard use:
// a grant answers the key once (never again in a list), revoke works, and every bad request is
// refused with a sentence that says what is wrong and what to do.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Gateway } from '../../../electron/gateway/gateway.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { sandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup(options: { gateway: boolean } = { gateway: true }) {
  const dataDir = tempDir();
  const engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, startDemo: sandboxDemo({ accessTokenTtlSec: 600 }) });
  closers.push(() => engine.stop());
  const gateway = options.gateway ? await Gateway.open({ dataDir, engine }) : undefined;
  if (gateway) closers.push(() => gateway.close());
  const handlers = createApiHandlers({ engine, appInfo: { version: 'test', mode: 'browser' }, ...(gateway ? { gateway: () => gateway } : {}) });
  const call = (name: string, payload: unknown) => dispatchCall(handlers, name, payload);
  return { engine, gateway, call };
}

const refusal = (result: Awaited<ReturnType<typeof dispatchCall>>) => (result.ok ? undefined : result.error);

describe('dashboard Consumers calls', () => {
  it('grants a key once, lists the consumer with its figures but never the key, and revokes it', async () => {
    const { call } = await setup();
    const granted = await call('grantConsumerKey', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'billing-report', readOnly: true, allow: ['GET /api/v2/users/**', '  '], expiresInDays: 7 });
    if (!granted.ok) throw new Error(granted.error.message);
    const answer = granted.value as { key: string; url: string; consumer: string; expiresAt: number };
    expect(answer.key).toMatch(/^ttgw_/);
    expect(answer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(answer.expiresAt - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);

    const listed = await call('listConsumers', undefined);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(JSON.stringify(listed.value)).not.toContain(answer.key);
    expect(listed.value).toMatchObject({ serving: true, url: answer.url, consumers: [{ consumer: 'billing-report', profile: SANDBOX_PROFILE_IDS.service, readOnly: true, allow: ['GET /api/v2/users/**'], requests: 0 }], budgets: [{ profile: SANDBOX_PROFILE_IDS.service, used: 0 }] });

    expect(await call('revokeConsumer', { consumer: 'billing-report' })).toEqual({ ok: true, value: { consumer: 'billing-report', revoked: true } });
    const after = await call('listConsumers', undefined);
    expect(after.ok && (after.value as { consumers: unknown[] }).consumers).toEqual([]);
  });

  it.each([
    ['a consumer name with a space', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'billing report' }, 'invalid_payload', /consumer name must be 1 to 64 letters/],
    ['no profile', { profileId: '', consumer: 'x' }, 'invalid_payload', /choose the profile/],
    ['an expiry of 0 days', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', expiresInDays: 0 }, 'invalid_payload', /at least 1 day/],
    ['an expiry past a year', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', expiresInDays: 400 }, 'invalid_payload', /at most 366 days/],
    ['51 allow rules', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', allow: Array.from({ length: 51 }, () => 'GET /api/v2/users/me') }, 'invalid_payload', /at most 50 allow rules/],
    ['an unknown field', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', admin: true }, 'invalid_payload', /Invalid request for grantConsumerKey/],
    ['an unknown profile', { profileId: 'nope', consumer: 'x' }, 'unknown_profile', /There is no profile "nope"/],
    ['an OpenID Connect profile', { profileId: SANDBOX_PROFILE_IDS.oidc, consumer: 'x' }, 'gateway_refused', /OpenID Connect profile; the gateway forwards to Genesys Cloud/],
    ['an allow rule that is not METHOD PATH', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', allow: ['users'] }, 'gateway_refused', /is not METHOD PATH: write it as/],
    ['an allow rule outside /api/v2/', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x', allow: ['GET /oauth/token'] }, 'gateway_refused', /must start its path with \/api\/v2\//],
  ])('refuses a grant with %s, saying why', async (_, request, code, message) => {
    const { call } = await setup();
    const error = refusal(await call('grantConsumerKey', request));
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    const listed = await call('listConsumers', undefined);
    expect(listed.ok && (listed.value as { consumers: unknown[] }).consumers).toEqual([]);
  });

  it('refuses a second key for the same consumer and the revoke of an unknown one, saying what to do', async () => {
    const { call } = await setup();
    expect((await call('grantConsumerKey', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'ci' })).ok).toBe(true);
    expect(refusal(await call('grantConsumerKey', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'ci' }))).toEqual({ code: 'gateway_refused', message: expect.stringMatching(/already has a key\. Revoke it first/) });
    expect(refusal(await call('revokeConsumer', { consumer: 'nobody' }))).toEqual({ code: 'gateway_refused', message: expect.stringMatching(/No consumer "nobody" holds a gateway key/) });
    expect(refusal(await call('revokeConsumer', { consumer: '../x' }))?.code).toBe('invalid_payload');
  });

  it('without a gateway every call says it is not running and what to do', async () => {
    const { call } = await setup({ gateway: false });
    for (const [name, payload] of [['listConsumers', undefined], ['grantConsumerKey', { profileId: SANDBOX_PROFILE_IDS.service, consumer: 'x' }], ['revokeConsumer', { consumer: 'x' }]] as const) {
      expect(refusal(await call(name, payload))).toEqual({ code: 'gateway_unavailable', message: expect.stringMatching(/gateway is not running.*restart TokenTray/) });
    }
  });
});
