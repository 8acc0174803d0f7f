import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { ClipboardGuard } from '../../../electron/services/clipboard-guard.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { WEBHOOK_VAULT_KEY } from '../../../electron/engine/contracts.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { sandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

async function setup(withClipboard = true) {
  const dir = tempDir();
  const engine = await TokenEngine.start({ dataDir: dir, cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')), env: {}, startDemo: sandboxDemo({ accessTokenTtlSec: 600 }) });
  engines.push(engine);
  let clip = '';
  const clipboard = new ClipboardGuard({ writeText: (t) => void (clip = t), readText: () => clip });
  const handlers = createApiHandlers({ engine, ...(withClipboard ? { clipboard } : {}), appInfo: { version: '0.1.0', mode: 'browser' } });
  return { engine, handlers, clip: () => clip, dir };
}

describe('dashboard API over the engine', () => {
  it('copies on the main side and returns only a masked preview', async () => {
    const { handlers, clip } = await setup();
    const result = await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.code, as: 'authorization_header' });
    expect(result.ok).toBe(true);
    expect(clip()).toMatch(/^Bearer \S{20,}$/);
    const raw = clip().slice('Bearer '.length);
    expect(JSON.stringify(result)).not.toContain(raw);
    expect(result.ok && result.value).toMatchObject({ masked: expect.stringMatching(/^Bearer .{4}….{4} \(\d+ chars\)$/), clearsAt: expect.any(Number) });
  });

  it('no answer of any call carries a raw token or secret (searched for every secret the vault holds)', async () => {
    const { engine, handlers, dir } = await setup();
    await expect.poll(() => engine.listStatuses().every((s) => s.state === 'valid')).toBe(true);
    const secrets = new Set<string>();
    /** Every secret in the vault file as it is on disk now: tokens, refresh tokens, client secrets, the webhook secret. */
    const collect = async () => {
      const vault = await Vault.open({ file: dataFiles(dir).vault, cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')), persist: 'always' });
      for (const id of [...engine.profiles().map((p) => p.id), WEBHOOK_VAULT_KEY]) {
        const stored = vault.get(id) ?? {};
        for (const value of [stored.accessToken, stored.refreshToken, stored.clientSecret, stored.idToken, stored.webhookSigningSecret]) {
          if (!value) continue;
          secrets.add(value);
          // A JWT's signature alone is as good as a fingerprint of the token.
          const signature = value.split('.')[2];
          if (signature && signature.length > 20) secrets.add(signature);
        }
      }
    };
    await dispatchCall(handlers, 'configureWebhook', { url: 'http://127.0.0.1:9/hook', secret: 'whsec_c2VjcmV0LXdlYmhvb2stc2lnbmluZy1rZXk=' });
    await collect();
    const answers: { call: string; answer: unknown }[] = [];
    const call = async (name: string, payload: unknown) => answers.push({ call: name, answer: await dispatchCall(handlers, name, payload) });
    await call('getAppInfo', undefined);
    await call('listProfiles', undefined);
    await call('getSettings', undefined);
    for (const { id } of engine.profiles()) {
      await call('getStatus', { profileId: id });
      await call('validate', { profileId: id });
      await call('inspect', { profileId: id });
      await call('getMetrics', { profileId: id });
      await call('copyToken', { profileId: id, as: 'authorization_header' });
      const token = (await engine.accessToken(id, 'api')).token;
      await call('inspectPastedToken', { token, verifyWith: { kind: 'profile', profileId: id } });
      await call('refreshNow', { profileId: id });
    }
    // A pasted refresh token (a real one) must not be echoed either.
    const pasted = engine.sandbox!.mintRefreshToken('sandbox-code-client');
    secrets.add(pasted);
    await call('signInWithRefreshToken', { profileId: SANDBOX_PROFILE_IDS.code, refreshToken: pasted });
    await call('readAudit', {});
    await collect(); // the refreshes rotated tokens: search for the new ones too
    expect(secrets.size).toBeGreaterThan(8);
    const leaks = (text: string) => [...secrets].filter((secret) => text.includes(secret) || text.includes(Buffer.from(secret).toString('base64')));
    // The search itself works: it finds a token where one is.
    expect(leaks(JSON.stringify({ oops: [...secrets][0] }))).not.toEqual([]);
    for (const { call: name, answer } of answers) expect({ call: name, leaked: leaks(JSON.stringify(answer)) }).toEqual({ call: name, leaked: [] });
    expect(answers.length).toBeGreaterThan(20);
  });

  it('explains why copying is impossible without a system clipboard', async () => {
    const { handlers } = await setup(false);
    const result = await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.code, as: 'token' });
    expect(result).toMatchObject({ ok: false, error: { code: 'clipboard_unavailable' } });
  });

  it('answers unknown calls, unknown profiles and bad webhook URLs with stable codes', async () => {
    const { handlers } = await setup();
    expect(await dispatchCall(handlers, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await dispatchCall(handlers, 'refreshNow', { profileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'unknown_profile', message: expect.stringMatching(/Known profiles: sandbox-/) } });
    expect(await dispatchCall(handlers, 'configureWebhook', { url: 'http://idm.example.com/hook' })).toMatchObject({ ok: false, error: { code: 'invalid_webhook', message: expect.stringMatching(/use https/) } });
  });

  it('inspects pasted tokens: garbage precisely, JWTs verified against a profile or a JWKS URL', async () => {
    const { engine, handlers, clip } = await setup();
    const garbage = await dispatchCall(handlers, 'inspectPastedToken', { token: 'eyJhbGciOiJSUzI1NiJ9.!!!.x' });
    expect(garbage.ok && garbage.value).toMatchObject({ format: 'invalid', problem: { segment: 'payload' } });
    await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.oidc, as: 'token' });
    const viaProfile = await dispatchCall(handlers, 'inspectPastedToken', { token: clip(), verifyWith: { kind: 'profile', profileId: SANDBOX_PROFILE_IDS.oidc } });
    expect(viaProfile.ok && viaProfile.value).toMatchObject({ format: 'jwt', jwt: { verification: { status: 'verified' } } });
    const viaJwks = await dispatchCall(handlers, 'inspectPastedToken', { token: clip(), verifyWith: { kind: 'jwks', jwksUrl: `${engine.sandbox!.issuer}/jwks` } });
    expect(viaJwks.ok && viaJwks.value).toMatchObject({ jwt: { verification: { status: 'verified' } } });
  });
});
