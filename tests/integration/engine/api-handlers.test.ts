import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/app/api-handlers.js';
import { ClipboardGuard } from '../../../electron/app/clipboard-guard.js';
import { dispatchCall } from '../../../electron/app/dispatch.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/engine/profiles/index.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

async function setup(withClipboard = true) {
  const dir = tempDir();
  const engine = await TokenEngine.start({ dataDir: dir, cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')), env: {}, sandboxOptions: { accessTokenTtlSec: 600 } });
  engines.push(engine);
  let clip = '';
  const clipboard = new ClipboardGuard({ writeText: (t) => void (clip = t), readText: () => clip });
  const handlers = createApiHandlers({ engine, ...(withClipboard ? { clipboard } : {}), appInfo: { version: '0.1.0', mode: 'browser' } });
  return { engine, handlers, clip: () => clip };
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

  it('no answer of any call carries a raw token', async () => {
    const { engine, handlers, clip } = await setup();
    await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.oidc, as: 'token' });
    const token = clip();
    const answers = await Promise.all([
      dispatchCall(handlers, 'listProfiles', undefined),
      dispatchCall(handlers, 'validate', { profileId: SANDBOX_PROFILE_IDS.oidc }),
      dispatchCall(handlers, 'inspect', { profileId: SANDBOX_PROFILE_IDS.code }),
      dispatchCall(handlers, 'getSettings', undefined),
      dispatchCall(handlers, 'readAudit', {}),
      dispatchCall(handlers, 'getMetrics', { profileId: SANDBOX_PROFILE_IDS.oidc }),
    ]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(JSON.stringify(answers)).not.toContain(token);
    expect(engine.listStatuses().length).toBe(3);
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
