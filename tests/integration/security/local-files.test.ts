// Files in the data folder that are damaged or foreign, and secrets that have no shape: a corrupt
// settings.json and a damaged node-mode.key are set aside with a notice (the key used to hang
// start-up); a vault written by another cipher backend is kept untouched; weak webhook secrets
// are refused; opaque tokens held in the vault are redacted like JWTs.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { TokenEngine, type EngineChange, type TokenEngineOptions } from '../../../electron/engine/engine.js';
import { redactString } from '../../../electron/engine/logging/redact.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import type { Cipher } from '../../../electron/engine/vault/cipher.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { sandboxDemo, type SandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

async function start(dataDir: string, cipher: Cipher, extra: Partial<TokenEngineOptions<SandboxDemo>> = {}) {
  const engine = await TokenEngine.start({ dataDir, cipher, env: {}, startDemo: sandboxDemo({ accessTokenTtlSec: 600 }), ...extra });
  engines.push(engine);
  const notices: string[] = [];
  engine.onChange((change: EngineChange) => change.type === 'notice' && notices.push(`${change.title}: ${change.message}`));
  return { engine, notices };
}

describe('damaged local files', () => {
  it('a corrupt settings.json is set aside with a notice, not reset silently', async () => {
    const dataDir = tempDir();
    writeFileSync(dataFiles(dataDir).settings, '{"clipboardClearSec": 12,');
    const { notices } = await start(dataDir, AesGcmCipher.random());
    expect(notices.join('\n')).toMatch(/Settings could not be read: .*settings\.json\.corrupt-/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('an invalid value in settings.json is named with the default now in force, the valid ones kept', async () => {
    const dataDir = tempDir();
    writeFileSync(dataFiles(dataDir).settings, JSON.stringify({ clipboardClearSec: -5, refreshFraction: 'soon', warnBeforeMin: 20 }));
    const { engine, notices } = await start(dataDir, AesGcmCipher.random());
    const text = notices.join('\n');
    expect(text).toMatch(/"Clear the clipboard after" was -5 in the settings file.*uses 30/);
    expect(text).toMatch(/"Renew at this share of the lifetime" was "soon"/);
    expect(engine.settings()).toMatchObject({ clipboardClearSec: 30, refreshFraction: 0.8, warnBeforeMin: 20 });
  });

  it('a damaged node-mode.key is set aside at once with a notice instead of hanging start-up', async () => {
    const dataDir = tempDir();
    const keyFile = dataFiles(dataDir).nodeModeKey;
    writeFileSync(keyFile, 'not-a-key');
    const cipher = await Promise.race([
      AesGcmCipher.fromKeyFile(keyFile, { strong: false, backend: 'node-key-file' }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('fromKeyFile hung')), 2000)),
    ]);
    expect(readFileSync(keyFile, 'utf8')).not.toBe('not-a-key');
    const { notices } = await start(dataDir, cipher);
    expect(notices.join('\n')).toMatch(/Encryption key was damaged: .*node-mode\.key.*set aside/);
  });
});

describe('a vault written by another cipher backend', () => {
  it('is never set aside or overwritten; this process keeps its own vault beside it', async () => {
    const dataDir = tempDir();
    const desktop = AesGcmCipher.random({ backend: 'gnome_libsecret' });
    const first = await start(dataDir, desktop);
    await expect.poll(() => first.engine.status(SANDBOX_PROFILE_IDS.code).state, { timeout: 8000 }).toBe('valid');
    await first.engine.stop();
    const desktopVault = readFileSync(dataFiles(dataDir).vault, 'utf8');

    const node = await start(dataDir, AesGcmCipher.random({ backend: 'node-key-file' }), { env: {} });
    await node.engine.updateSettings({ persistSecretsWithWeakProtection: true });
    await expect.poll(() => node.engine.status(SANDBOX_PROFILE_IDS.code).state, { timeout: 8000 }).toBe('valid');
    await node.engine.stop();
    expect(node.notices.join('\n')).toMatch(/written by gnome_libsecret.*kept untouched/);
    expect(readFileSync(dataFiles(dataDir).vault, 'utf8')).toBe(desktopVault);
    expect(readdirSync(dataDir)).toContain('vault.node-key-file.json');
    expect(readdirSync(dataDir).filter((f) => f.includes('corrupt'))).toEqual([]);

    const again = await start(dataDir, desktop);
    expect(again.notices.join('\n')).not.toMatch(/could not be read/);
  });
});

describe('webhook signing secrets', () => {
  it.each([['whsec_'], ['whsec_!!!'], ['whsec_c2hvcnQ='], ['short raw secret']])('%s is refused with a message', async (secret) => {
    const { engine } = await start(tempDir(), AesGcmCipher.random(), { startDemo: undefined });
    await expect(engine.configureWebhook({ url: 'http://127.0.0.1:9/hook', secret })).rejects.toThrow(/base64|at least 24/);
    expect(engine.settings().webhookUrl).toBeNull();
  });
});

describe('redaction', () => {
  it('opaque tokens from the vault are redacted in messages, also in errors sent to the dashboard', async () => {
    const { engine } = await start(tempDir(), AesGcmCipher.random());
    const { token } = await engine.accessToken(SANDBOX_PROFILE_IDS.code, 'api');
    expect(token).not.toMatch(/^eyJ/); // the Genesys sandbox issues opaque tokens
    expect(redactString(`the server said ${token} was bad`)).toBe('the server said [redacted] was bad');
    const handlers = createApiHandlers({ engine, appInfo: { version: 't', mode: 'browser' } });
    const leaky = { ...handlers, listProfiles: async () => { throw new Error(`crash while handling ${token}`); } };
    const answer = await dispatchCall(leaky, 'listProfiles', undefined);
    expect(JSON.stringify(answer)).not.toContain(token);
  });
});
