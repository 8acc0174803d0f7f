// Defects of issue 9 seen through the engine's public API, each against the sandbox identity
// provider: state that outlived its profile, state not read back after a restart, a pasted token
// that replaced a working one, tokens of a revoked grant, and words for profiles that never had a token.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenEngine, type TokenEngineOptions } from '../../../electron/engine/engine.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp, type SandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { closedPort } from '../../support/closed-port.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
let sandbox: SandboxIdp;
beforeAll(async () => {
  sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
});
afterAll(() => sandbox.close());
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  sandbox.faults.clear();
});

async function startEngine(dataDir = tempDir(), extra: Partial<TokenEngineOptions> = {}): Promise<TokenEngine> {
  const cipher = await AesGcmCipher.fromKeyFile(join(dataDir, 'test.key'), { strong: true, backend: 'test-aes-gcm' });
  const engine = await TokenEngine.start({ dataDir, cipher, env: {}, retryPolicy: { baseMs: 10, capMs: 40 }, ...extra });
  engines.push(engine);
  return engine;
}

const code = SANDBOX_CLIENTS.codeClient;
function codeProfileInput(overrides: Record<string, unknown> = {}) {
  return { name: 'Org', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId: code.clientId, clientSecret: code.clientSecret, refreshToken: sandbox.mintRefreshToken(code.clientId), requiredScopes: ['conversations'], ...overrides };
}

async function addValid(engine: TokenEngine, overrides: Record<string, unknown> = {}): Promise<string> {
  const added = await engine.addProfile(codeProfileInput(overrides));
  if (!added.ok) throw new Error(JSON.stringify(added.problems));
  await expect.poll(() => engine.status(added.profile.id).state).toBe('valid');
  return added.profile.id;
}

async function revokeAndStop(engine: TokenEngine, id: string): Promise<void> {
  sandbox.revokeAllForClient(code.clientId);
  expect((await engine.refreshNow(id)).state).toBe('signin_required');
}

describe('a profile stuck in "sign-in required"', () => {
  it('refreshes again after it is removed and re-added with a fresh refresh token', async () => {
    const engine = await startEngine();
    const id = await addValid(engine);
    await revokeAndStop(engine, id);
    await engine.removeProfile(id);
    sandbox.resetStats();
    await engine.addProfile(codeProfileInput());
    await expect.poll(() => engine.status(id).state).toBe('valid');
    expect(sandbox.stats().tokenRequests).toBeGreaterThan(0);
  });

  it('no longer hands out the access token of the revoked grant, and says why', async () => {
    const engine = await startEngine();
    const id = await addValid(engine);
    await revokeAndStop(engine, id);
    await expect(engine.accessToken(id, 'api')).rejects.toThrow(/no longer hands it out/);
  });

  it('does not hand out the revoked grant\'s access token after a restart either', async () => {
    const dataDir = tempDir();
    const engine = await startEngine(dataDir);
    const id = await addValid(engine);
    await revokeAndStop(engine, id);
    await engine.stop();
    const again = await startEngine(dataDir);
    await expect(again.accessToken(id, 'api')).rejects.toThrow(/sign in/i);
    expect(again.status(id).state).toBe('signin_required');
    expect(again.status(id).lastError?.message).toMatch(/no refresh token for this profile any more/);
  });
});

describe('a pasted refresh token', () => {
  it('that the server rejects leaves a healthy profile healthy, with its working refresh token', async () => {
    const engine = await startEngine();
    const id = await addValid(engine);
    const before = engine.status(id).tokenPreview;
    await expect(engine.signInWithRefreshToken(id, 'not-a-real-refresh-token')).rejects.toThrow(/not accepted.*keeps the refresh token it had/s);
    expect(engine.status(id).state).toBe('valid');
    expect(engine.status(id).tokenPreview).toBe(before);
    // The stored refresh token still works.
    const after = await engine.refreshNow(id);
    expect(after.state).toBe('valid');
    expect(after.tokenPreview).not.toBe(before);
  });

  it('that works repairs a profile in "sign-in required"', async () => {
    const engine = await startEngine();
    const id = await addValid(engine);
    await revokeAndStop(engine, id);
    const status = await engine.signInWithRefreshToken(id, sandbox.mintRefreshToken(code.clientId));
    expect(status.state).toBe('valid');
    expect((await engine.accessToken(id, 'api')).token).toBeTruthy();
  });
});

describe('after a restart', () => {
  it('shows the granted scopes stored with the token at once, not every scope missing', async () => {
    const dataDir = tempDir();
    const engine = await startEngine(dataDir);
    const id = await addValid(engine);
    expect(engine.status(id).scopes.missing).toEqual([]);
    await engine.stop();
    const again = await startEngine(dataDir, { autoStart: false });
    const scopes = again.status(id).scopes;
    expect(scopes.granted).toContain('conversations');
    expect(scopes.missing).toEqual([]);
  });
});

describe('words for profiles that never had a token', () => {
  it('a new profile whose token endpoint is down is not told its token "has expired"', async () => {
    const engine = await startEngine();
    const notices: string[] = [];
    engine.onChange((c) => c.type === 'notice' && notices.push(c.message));
    const port = await closedPort();
    await engine.addProfile(codeProfileInput({ name: 'Down', loginBaseUrl: `http://127.0.0.1:${port}/login` }));
    await expect.poll(() => notices.length, { timeout: 8000 }).toBeGreaterThan(0);
    expect(notices.join('\n')).not.toMatch(/has expired/);
    expect(notices[0]).toMatch(/No token could be obtained yet/);
    expect(engine.status('down').state).toBe('retrying');
  });

  it('a new PKCE profile is asked to sign in, not to "sign in again before it expires"', async () => {
    const engine = await startEngine();
    const added = await engine.addProfile({ name: 'Public', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'pkce', clientId: SANDBOX_CLIENTS.publicClient.clientId });
    expect(added.ok).toBe(true);
    await expect.poll(() => engine.status('public').state).toBe('signin_required');
    const message = engine.status('public').lastError?.message ?? '';
    expect(message).not.toMatch(/sign in again|before it expires/);
    expect(message).toMatch(/has not signed in yet/);
  });
});

describe('metrics', () => {
  it('count a refresh that succeeded after two 429s as one success, not two failures', async () => {
    const engine = await startEngine();
    const id = await addValid(engine);
    const before = engine.metrics(id);
    sandbox.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 0 }, times: 2 });
    expect((await engine.refreshNow(id)).state).toBe('valid');
    const after = engine.metrics(id);
    expect(after.successes - before.successes).toBe(1);
    expect(after.failures - before.failures).toBe(0);
    expect(after.failedAttempts - before.failedAttempts).toBe(2);
    expect(after.validityRate).toBe(1);
  });
});
