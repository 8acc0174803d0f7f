// A profiles.json pointed somewhere else cannot take the stored secrets there: each vault entry
// records (inside the encrypted vault) the destination it was stored for, and a mismatch at start
// sets the secrets aside, unsent, with a notice. The swapped file is written by hand here, as
// another local user who could write the data folder would have done.

import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { TokenEngine, type EngineChange } from '../../../electron/engine/engine.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
let sandbox: SandboxIdp;
let elsewhere: LoopbackServer;
const engines: TokenEngine[] = [];
beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  elsewhere = await startLoopbackServer();
});
afterAll(async () => {
  await sandbox.close();
  await elsewhere.close();
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

async function start(dataDir: string, cipher: AesGcmCipher) {
  const engine = await TokenEngine.start({ dataDir, cipher, env: {} });
  engines.push(engine);
  const notices: string[] = [];
  engine.onChange((change: EngineChange) => change.type === 'notice' && notices.push(`${change.title}: ${change.message}`));
  return { engine, notices };
}

describe('stored secrets are bound to where they may go', () => {
  it('a profiles.json swapped to point at another host gets no secret: set aside, unsent, with a notice', async () => {
    const dataDir = tempDir();
    const cipher = AesGcmCipher.random({ strong: true, backend: 'test-aes-gcm' });
    const { engine } = await start(dataDir, cipher);
    const client = SANDBOX_CLIENTS.codeClient;
    const refreshToken = sandbox.mintRefreshToken(client.clientId);
    expect((await engine.addProfile({ name: 'Prod', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId: client.clientId, clientSecret: client.clientSecret, refreshToken })).ok).toBe(true);
    await engine.refreshNow('prod');
    await engine.stop();
    engines.length = 0;

    // Someone rewrites the profile to send its secrets to their own host.
    const file = dataFiles(dataDir).profiles;
    const swapped = readFileSync(file, 'utf8').replaceAll(sandbox.loginBaseUrl, elsewhere.url).replaceAll(sandbox.apiBaseUrl, elsewhere.url);
    writeFileSync(file, swapped);
    elsewhere.received.length = 0;

    const { engine: again, notices } = await start(dataDir, cipher);
    await again.refreshNow('prod').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const seen = JSON.stringify(elsewhere.received);
    expect(seen).not.toContain(client.clientSecret);
    expect(seen).not.toContain(Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64'));
    expect(elsewhere.received.filter((r) => /refresh_token=/.test(r.body))).toEqual([]);
    expect(notices.join('\n')).toMatch(/Stored secrets kept from a changed profile: "Prod" now points at .*127\.0\.0\.1.*saved for .*They were not sent anywhere and are kept aside/);
    expect(again.status('prod').state).not.toBe('valid');
  });

  it('profiles saved before binding existed are bound on first start, and a user edit rebinds them', async () => {
    const dataDir = tempDir();
    const cipher = AesGcmCipher.random({ strong: true, backend: 'test-aes-gcm' });
    const { engine } = await start(dataDir, cipher);
    const client = SANDBOX_CLIENTS.serviceClient;
    await engine.addProfile({ name: 'Svc', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'client_credentials', clientId: client.clientId, clientSecret: client.clientSecret });
    expect((await engine.refreshNow('svc')).state).toBe('valid');
    // An edit through TokenTray that keeps the destination keeps the secret usable.
    expect((await engine.updateProfile('svc', { name: 'Service', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'client_credentials', clientId: client.clientId })).ok).toBe(true);
    await engine.stop();
    engines.length = 0;
    const { engine: again, notices } = await start(dataDir, cipher);
    expect((await again.refreshNow('svc')).state).toBe('valid');
    expect(notices.join('\n')).not.toMatch(/kept from a changed profile/);
  });
});
