// Editing a profile never redirects its secrets: moving the token endpoint (region, base URLs,
// issuer, client id) drops the stored session and asks for the client secret again, and a hostile
// server named in the edit receives neither the old secret nor the old refresh token. Ids come
// from names, never from the caller; duplicate names are refused; Edit validates like Add.

import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_VAULT_KEY } from '../../../electron/engine/contracts.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
let sandbox: SandboxIdp;
let hostile: LoopbackServer;
let engine: TokenEngine;
const { clientId, clientSecret } = SANDBOX_CLIENTS.codeClient;

beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  hostile = await startLoopbackServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"evil","expires_in":3600}'));
});
afterAll(async () => {
  await sandbox.close();
  await hostile.close();
});
afterEach(async () => {
  await engine?.stop();
  hostile.received.length = 0;
});

async function startWithProfile(): Promise<{ id: string; refreshToken: string; input: Record<string, unknown> }> {
  const dataDir = tempDir();
  engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {} });
  const refreshToken = sandbox.mintRefreshToken(clientId);
  const input = { name: 'Prod EU', provider: 'genesys', region: 'eu-west-1', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId, clientSecret, refreshToken };
  const added = await engine.addProfile(input);
  if (!added.ok) throw new Error(JSON.stringify(added.problems));
  await expect.poll(() => engine.status(added.profile.id).state, { timeout: 8000 }).toBe('valid');
  return { id: added.profile.id, refreshToken, input };
}

const leaked = (...secrets: string[]) => hostile.received.some((r) => secrets.some((s) => `${r.body} ${JSON.stringify(r.headers)}`.includes(s) || `${r.headers.authorization ?? ''}`.includes(Buffer.from(`${clientId}:${s}`).toString('base64'))));

describe('editing where secrets go', () => {
  it.each([
    ['login base URL', { loginBaseUrl: 'HOSTILE' }],
    ['API base URL', { apiBaseUrl: 'HOSTILE' }],
    ['client id', { clientId: 'someone-elses-client' }],
    ['region', { region: 'us-east-1', loginBaseUrl: '', apiBaseUrl: '' }],
  ])('moving the %s without retyping the secret is refused, saying why', async (what, change) => {
    const { id, input } = await startWithProfile();
    const patch = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === 'HOSTILE' ? hostile.url : v]));
    const result = await engine.updateProfile(id, { ...input, ...patch, clientSecret: '', refreshToken: '' });
    expect(result.ok).toBe(false);
    const problem = (result as { problems: { field: string; message: string }[] }).problems.find((p) => p.field === 'clientSecret');
    expect(problem?.message).toMatch(new RegExp(`${what}.*changed.*enter the client secret again`));
    expect(engine.profiles().find((p) => p.id === id)?.provider).toMatchObject({ loginBaseUrl: sandbox.loginBaseUrl });
    expect(hostile.received).toEqual([]);
  });

  it('with a new secret the move is accepted, and the old refresh token and secret never reach the new host', async () => {
    const { id, refreshToken, input } = await startWithProfile();
    const result = await engine.updateProfile(id, { ...input, loginBaseUrl: hostile.url, apiBaseUrl: hostile.url, clientSecret: 'the-new-secret', refreshToken: '' });
    expect(result.ok).toBe(true);
    const status = await engine.refreshNow(id);
    expect(status.state).toBe('signin_required'); // no refresh token for the new endpoint: sign in there
    expect(status.tokenPreview).toBeUndefined(); // the old access token is gone too
    expect(leaked(refreshToken, clientSecret)).toBe(false);
    expect(hostile.received).toEqual([]);
    expect((await engine.readAudit({ types: ['profile_changed'] })).some((e) => e.detail.sessionDropped)).toBe(true);
  });

  it('an edit that moves nothing (a rename) keeps the session working', async () => {
    const { id, input } = await startWithProfile();
    const result = await engine.updateProfile(id, { ...input, name: 'Prod EU (renamed)', clientSecret: '', refreshToken: '' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.profile.id).toBe(id);
    expect((await engine.refreshNow(id)).state).toBe('valid');
  });
});

describe('a profile stuck in "sign-in required"', () => {
  it('refreshes again once edited with a fresh refresh token', async () => {
    const { id, input } = await startWithProfile();
    sandbox.revokeAllForClient(clientId);
    expect((await engine.refreshNow(id)).state).toBe('signin_required');
    sandbox.resetStats();
    const edit = await engine.updateProfile(id, { ...input, clientSecret: '', refreshToken: sandbox.mintRefreshToken(clientId) });
    expect(edit.ok).toBe(true);
    await expect.poll(() => engine.status(id).state, { timeout: 8000 }).toBe('valid');
    expect(sandbox.stats().tokenRequests).toBeGreaterThan(0);
  });
});

describe('profile ids and names', () => {
  it('never takes an id from the caller, not even the reserved @webhook', async () => {
    await startWithProfile();
    for (const id of [WEBHOOK_VAULT_KEY, '../../etc', 'prod-eu']) {
      const added = await engine.addProfile({ id, name: `Other ${id}`, provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
      expect(added.ok).toBe(true);
      expect(added.ok && added.profile.id).toMatch(/^other-[a-z0-9-]+$/);
    }
    const named = await engine.addProfile({ name: '@webhook', provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
    expect(named.ok && named.profile.id).toBe('webhook');
    expect(engine.profiles().every((p) => !p.id.startsWith('@') && p.id.length <= 44)).toBe(true);
  });

  it('refuses duplicate names on add and on edit, whatever the case', async () => {
    const { id, input } = await startWithProfile();
    const dup = await engine.addProfile({ ...input, name: '  prod eu ' });
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.problems[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/already named/) });
    const other = await engine.addProfile({ ...input, name: 'Staging' });
    const rename = await engine.updateProfile(other.ok ? other.profile.id : '', { ...input, name: 'PROD EU', clientSecret: '' });
    expect(rename.ok).toBe(false);
    expect(engine.profiles().map((p) => p.name).sort()).toEqual(['Prod EU', 'Staging']);
    void id;
  });

  it('Edit refuses what Add refuses: a grant that needs a secret and has none', async () => {
    const { input } = await startWithProfile();
    const pkce = await engine.addProfile({ ...input, name: 'Public', grant: 'pkce', clientSecret: '', refreshToken: '' });
    expect(pkce.ok).toBe(true);
    const edit = await engine.updateProfile(pkce.ok ? pkce.profile.id : '', { ...input, name: 'Public', grant: 'client_credentials', clientSecret: '' });
    expect(edit.ok).toBe(false);
    expect(!edit.ok && edit.problems.map((p) => p.field)).toEqual(['clientSecret']);
  });

  it('refuses a 20,000-character name without echoing it back', async () => {
    await startWithProfile();
    const long = 'N'.repeat(20_000);
    const result = await engine.addProfile({ name: long, provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result).length).toBeLessThan(1000);
  });
});
