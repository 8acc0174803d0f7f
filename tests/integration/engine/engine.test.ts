import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../electron/engine/config/data-dir.js';
import { systemClock } from '../../../electron/engine/contracts.js';
import { TokenEngine, type EngineChange, type TokenEngineOptions } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { Refresher } from '../../../electron/engine/refresher/refresher.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { startSandboxIdp } from '../../../electron/sandbox/sandbox-idp.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { Vault } from '../../../electron/engine/vault/vault.js';
import { openNodeVaultCipher } from '../../../electron/engine/vault/node-vault-cipher.js';
import { SettingsStore } from '../../../electron/engine/config/settings-store.js';
import { generateWebhookSecret } from '../../../electron/engine/webhook/signing.js';
import { genesysCodeProfile, genesysResolver } from '../../support/sandbox-profile.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { startRecordingReceiver, type RecordingReceiver } from '../../support/webhook-receiver.js';
import { sandboxDemo, type SandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import { waitFor } from '../../support/wait-for.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

/** A data folder whose profile "Org" signed in against a fresh sandbox, its engine stopped: ready to be damaged. */
async function withStoppedOrg(run: (dataDir: string) => Promise<void>): Promise<void> {
  const sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
  try {
    const dataDir = tempDir();
    const { engine } = await startEngine(dataDir, { startDemo: undefined });
    await engine.addProfile({ name: 'Org', provider: 'genesys', region: 'us-east-1', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId: SANDBOX_CLIENTS.codeClient.clientId, clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) });
    await waitFor(() => engine.status('org').state === 'valid', 'valid');
    await engine.stop();
    await run(dataDir);
  } finally {
    await sandbox.close();
  }
}

// A webhook receiver that records what it gets.
let receiver: RecordingReceiver;
let hookUrl: string;
let hooks: RecordingReceiver['received'];
beforeAll(async () => {
  receiver = await startRecordingReceiver('/idm');
  hookUrl = receiver.url;
  hooks = receiver.received;
});
afterAll(() => receiver.close());

async function startEngine(dataDir = tempDir(), extra: Partial<TokenEngineOptions<SandboxDemo>> = {}) {
  const cipher = await AesGcmCipher.fromKeyFile(join(dataDir, 'test.key'), { strong: true, backend: 'test-aes-gcm' });
  const engine = await TokenEngine.start({
    dataDir,
    cipher,
    env: {},
    startDemo: sandboxDemo({ accessTokenTtlSec: 600 }),
    retryPolicy: { baseMs: 20, capMs: 100 },
    ...extra,
  });
  engines.push(engine);
  return { engine, dataDir };
}

const allValid = (engine: TokenEngine) => engine.listStatuses().every((s) => s.state === 'valid');

describe('TokenEngine with nothing configured', () => {
  it('starts the sandbox with clearly labelled profiles and gets every one a valid token', async () => {
    const { engine } = await startEngine();
    expect(engine.source).toBe('sandbox');
    expect(engine.profiles().map((p) => p.id).sort()).toEqual(Object.values(SANDBOX_PROFILE_IDS).sort());
    await waitFor(() => allValid(engine), 'all profiles valid');
    for (const status of engine.listStatuses()) {
      expect(status.profile.sandbox).toBe(true);
      expect(status.expiresAt! - Date.now()).toBeGreaterThan(590_000);
      expect(status.nextRefreshAt).toBeGreaterThan(Date.now());
      expect(status.tokenPreview).toMatch(/…/);
    }
  });

  it('shows granted and missing scopes from tokens/me, and roles for client credentials', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const code = await waitFor(() => {
      const s = engine.status(SANDBOX_PROFILE_IDS.code);
      return s.scopes.source === 'tokens_me' && s;
    }, 'tokens/me scopes');
    expect(code.scopes.missing).toEqual(['routing']);
    expect(code.scopes.granted).toContain('conversations');
    expect(code.idleAt).toBeGreaterThan(Date.now());
    const service = engine.status(SANDBOX_PROFILE_IDS.service);
    expect(service.scopes.governedByRoles).toBe(true);
    expect(service.scopes.missing).toEqual([]);
  });

  it('verifies the OpenID profile\'s JWT against the issuer JWKS, also after key rotation', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const first = await engine.validate(SANDBOX_PROFILE_IDS.oidc);
    expect(first.valid).toBe(true);
    expect(first.inspection.kind === 'jwt' && first.inspection.jwt.claims.iss).toBe(engine.sandbox!.issuer);
    const newKid = await engine.sandbox!.rotateSigningKey();
    await engine.refreshNow(SANDBOX_PROFILE_IDS.oidc);
    const second = await engine.validate(SANDBOX_PROFILE_IDS.oidc);
    expect(second.valid).toBe(true);
    expect(second.inspection.kind === 'jwt' && second.inspection.jwt.verification.keyId).toBe(newKid);
    expect(engine.metrics(SANDBOX_PROFILE_IDS.oidc).validityRate).toBe(1);
  });

  it('a forced refresh adds a latency sample, an audit line and a signed webhook event, none carrying a token', async () => {
    const { engine, dataDir } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const secret = generateWebhookSecret();
    await engine.configureWebhook({ url: hookUrl, secret });
    hooks.length = 0;
    const id = SANDBOX_PROFILE_IDS.code;
    const before = engine.metrics(id).samples.length;
    await engine.refreshNow(id);
    expect(engine.metrics(id).samples.length).toBe(before + 1);
    expect(engine.metrics(id).p50Ms).toBeGreaterThan(0);
    const audit = await engine.readAudit({ profileId: id, types: ['refresh_succeeded'] });
    expect(audit[0]?.detail.reason).toBe('forced');
    await waitFor(() => hooks.some((h) => h.body.includes('refresh.succeeded')), 'webhook delivery');
    await expect.poll(async () => (await engine.readAudit({ types: ['webhook_delivered'] })).length).toBeGreaterThan(0);
    const hook = hooks.find((h) => h.body.includes('refresh.succeeded'))!;
    const payload = new Webhook(secret).verify(hook.body, {
      'webhook-id': String(hook.headers['webhook-id']), 'webhook-timestamp': String(hook.headers['webhook-timestamp']), 'webhook-signature': String(hook.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({ type: 'refresh.succeeded', profile: { id, clientId: SANDBOX_CLIENTS.codeClient.clientId } });

    // No token bytes anywhere outside the vault: audit, metrics, outbox, settings, profiles, webhooks.
    await engine.stop();
    const vault = await Vault.open({ file: dataFiles(dataDir).vault, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'test.key'), { strong: true, backend: 'test-aes-gcm' }), persist: 'always' });
    const secrets = vault.get(id)!;
    const needles = [secrets.accessToken!, secrets.refreshToken!, SANDBOX_CLIENTS.codeClient.clientSecret, secret];
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const needle of needles) expect(text.includes(needle), `${file} contains a secret`).toBe(false);
    }
    for (const h of hooks) for (const needle of needles) expect(h.body).not.toContain(needle);
  });

  it('shows a retrying state under 429s and recovers with the current token kept', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const id = SANDBOX_PROFILE_IDS.code;
    const tokenBefore = engine.status(id).tokenPreview;
    const states: string[] = [];
    engine.onChange((c: EngineChange) => c.type === 'status' && c.status.profile.id === id && states.push(c.status.state));
    engine.sandbox!.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 1 }, times: 2 });
    const status = await engine.refreshNow(id);
    expect(states).toContain('retrying');
    expect(status.state).toBe('valid');
    expect(status.tokenPreview).not.toBe(tokenBefore);
    // One audit row per refresh cycle, carrying its attempt count, not one per attempt.
    expect(await engine.readAudit({ profileId: id, types: ['refresh_failed'] })).toEqual([]);
    const cycles = await engine.readAudit({ profileId: id, types: ['refresh_succeeded'] });
    expect(cycles.find((c) => c.detail.reason === 'forced')?.detail).toMatchObject({ attempts: 3 });
  });

  it('stops with "sign-in required" when the refresh token is revoked, without retrying', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const secret = generateWebhookSecret();
    await engine.configureWebhook({ url: hookUrl, secret });
    hooks.length = 0;
    const id = SANDBOX_PROFILE_IDS.code;
    engine.sandbox!.revokeAllForClient(SANDBOX_CLIENTS.codeClient.clientId);
    engine.sandbox!.resetStats();
    const status = await engine.refreshNow(id);
    expect(status.state).toBe('signin_required');
    expect(status.lastError).toMatchObject({ serverError: 'invalid_grant' });
    expect(status.nextRefreshAt).toBeUndefined();
    expect(engine.sandbox!.stats().tokenRequests).toBe(1);
    await waitFor(() => hooks.some((h) => h.body.includes('signin.required')), 'sign-in webhook');
    // Other profiles are unaffected.
    expect(engine.status(SANDBOX_PROFILE_IDS.oidc).state).toBe('valid');
  });

  it('a 401 from tokens/me triggers exactly one refresh, then reports the result', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    const id = SANDBOX_PROFILE_IDS.code;
    // Kill the current access token server-side, as an org idle timeout or bulk revocation would.
    const sandbox = engine.sandbox!;
    sandbox.resetStats();
    const { token } = await engine.accessToken(id, 'api');
    await fetch(`${sandbox.apiBaseUrl}/api/v2/tokens/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    const report = await engine.validate(id);
    expect(report.valid).toBe(true);
    expect(sandbox.stats().tokenRequests).toBe(1);
  });
});

describe('TokenEngine and its demo peer', () => {
  it('starts no demo on its own: without startDemo, nothing configured means no profiles and no sandbox', async () => {
    const dataDir = tempDir();
    const { engine } = await startEngine(dataDir, { startDemo: undefined });
    expect(engine.profiles()).toEqual([]);
    expect(engine.sandbox).toBeUndefined();
    expect(engine.source).toBe('saved');
  });

  it('asks for the demo only when nothing is configured, labels its profiles as sandbox and never saves them', async () => {
    const dataDir = tempDir();
    let started = 0;
    // A demo peer that forgets the label: the engine labels demo profiles itself.
    const unlabelled = async (): Promise<SandboxDemo> => {
      started += 1;
      const demo = await sandboxDemo({ accessTokenTtlSec: 600 })();
      const offered = demo.demoProfiles.bind(demo);
      return Object.assign(demo, { demoProfiles: () => offered().map(({ profile, secrets }) => ({ profile: { ...profile, sandbox: undefined }, secrets })) });
    };
    const { engine } = await startEngine(dataDir, { startDemo: unlabelled });
    expect(started).toBe(1);
    expect(engine.profiles().map((p) => p.sandbox)).toEqual([true, true, true]);
    const sandbox = engine.sandbox!;
    const added = await engine.addProfile({ name: 'Own org', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId: SANDBOX_CLIENTS.codeClient.clientId, clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) });
    expect(added.ok).toBe(true);
    const saved = JSON.parse(readFileSync(dataFiles(dataDir).profiles, 'utf8')) as { profiles: { id: string }[] };
    expect(saved.profiles.map((p) => p.id)).toEqual(['own-org']);
    await engine.stop();

    const { engine: again } = await startEngine(dataDir, { startDemo: unlabelled });
    expect(started).toBe(1); // a saved profile: the demo is not started
    expect(again.sandbox).toBeUndefined();
    expect(again.profiles().map((p) => p.id)).toEqual(['own-org']);
  });

  it('stops the demo peer when the engine stops', async () => {
    const { engine } = await startEngine();
    const { baseUrl } = engine.sandbox!;
    expect((await fetch(`${baseUrl}/oidc/.well-known/openid-configuration`)).status).toBe(200);
    await engine.stop();
    await expect(fetch(`${baseUrl}/oidc/.well-known/openid-configuration`)).rejects.toThrow();
  });
});

describe('TokenEngine restarts', () => {
  it('starts a fresh sandbox session on every run, even with a persistent vault', async () => {
    const dataDir = tempDir();
    const { engine } = await startEngine(dataDir);
    await waitFor(() => allValid(engine), 'valid');
    await engine.stop();
    const { engine: again } = await startEngine(dataDir);
    await waitFor(() => allValid(again), 'valid after restart');
    const report = await again.validate(SANDBOX_PROFILE_IDS.code);
    expect(report.valid).toBe(true);
  });

  it('warns when a damaged profiles file was set aside', async () => {
    const dataDir = tempDir();
    writeFileSync(dataFiles(dataDir).profiles, '{not json');
    const notices: string[] = [];
    const cipher = await AesGcmCipher.fromKeyFile(join(dataDir, 'test.key'), { strong: true });
    const engine = await TokenEngine.start({ dataDir, cipher, env: {}, autoStart: false, startDemo: sandboxDemo() });
    engines.push(engine);
    engine.onChange((c) => c.type === 'notice' && notices.push(c.title));
    expect(notices).toContain('Profiles could not be read'); // raised during start, replayed on subscribe
    expect(readdirSync(dataDir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
    expect(engine.source).toBe('sandbox');
  });
});

describe('TokenEngine refresh policy', () => {
  it('plans refreshes with the configured policy and rejects invalid settings in words', async () => {
    const { engine } = await startEngine();
    await waitFor(() => allValid(engine), 'valid');
    await engine.updateSettings({ refreshMaxLeadSec: 30 });
    const status = await engine.refreshNow(SANDBOX_PROFILE_IDS.service);
    const lead = status.expiresAt! - status.nextRefreshAt!;
    expect(lead).toBeGreaterThanOrEqual(30_000);
    expect(lead).toBeLessThanOrEqual(120_000); // spread over three leads (600 s tokens: never before half)
    await expect(engine.updateSettings({ clipboardClearSec: -1 })).rejects.toThrow(/"Clear the clipboard after" cannot be -1/);
    expect(engine.settings().clipboardClearSec).toBe(30);
  });
});

describe('TokenEngine persistence', () => {
  it('keeps rotated refresh tokens across a restart and refreshes from them', async () => {
    const sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
    try {
      const dataDir = tempDir();
      const { engine } = await startEngine(dataDir, { startDemo: undefined });
      const added = await engine.addProfile({ name: 'Gateway org', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'authorization_code', clientId: SANDBOX_CLIENTS.codeClient.clientId, clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId) });
      expect(added.ok).toBe(true);
      await waitFor(() => engine.status('gateway-org').state === 'valid', 'valid');
      await engine.refreshNow('gateway-org');
      await engine.stop();

      const { engine: again } = await startEngine(dataDir);
      expect(again.source).toBe('saved');
      expect(again.status('gateway-org').state).toBe('valid'); // stored token reused, no refresh needed
      const status = await again.refreshNow('gateway-org');
      expect(status.state).toBe('valid');
    } finally {
      await sandbox.close();
    }
  });

  it('after a kill once the rotated refresh token is durable (the token may be out already), the restart still refreshes', async () => {
    const sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
    try {
      const dir = tempDir();
      const vaultFile = join(dir, 'vault.json');
      const keyFile = join(dir, 'key');
      const profile = genesysCodeProfile(sandbox);
      const seeded = sandbox.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId);
      const cipher = await AesGcmCipher.fromKeyFile(keyFile);
      const vault = await Vault.open({ file: vaultFile, cipher, persist: 'always' });
      await vault.update(profile.id, { clientSecret: SANDBOX_CLIENTS.codeClient.clientSecret, refreshToken: seeded });

      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'refresh-then-hang.ts'), vaultFile, keyFile, JSON.stringify(profile)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('stored')) resolve();
        });
        child.once('exit', () => reject(new Error(`child exited early: ${out}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const reopened = await Vault.open({ file: vaultFile, cipher, persist: 'always' });
      expect(reopened.get(profile.id)?.refreshToken).not.toBe(seeded);
      const refresher = new Refresher({ store: reopened, clock: systemClock, resolveEndpoint: genesysResolver });
      const tokens = await refresher.refresh(profile, 'startup');
      expect(tokens.accessToken).toBeTruthy();
      // The seeded token was consumed by the killed process: without the durable write we would be stuck.
      const replay = await fetch(`${sandbox.loginBaseUrl}/oauth/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${SANDBOX_CLIENTS.codeClient.clientId}:${SANDBOX_CLIENTS.codeClient.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: seeded }) });
      expect(replay.status).toBe(400);
    } finally {
      await sandbox.close();
    }
  }, 60_000); // a child process under tsx: slow to start on a loaded machine

  it('sets a corrupt vault aside, warns, and asks for sign-in instead of crashing', async () => {
    await withStoppedOrg(async (dataDir) => {
      writeFileSync(dataFiles(dataDir).vault, 'garbage');
      const { engine: again } = await startEngine(dataDir);
      await waitFor(() => again.status('org').state === 'signin_required', 'sign-in required');
      expect(again.status('org').lastError?.message).toMatch(/sign in/i);
      expect(readdirSync(dataDir).some((f) => f.startsWith('vault.json.corrupt-'))).toBe(true);
      expect((await again.readAudit({ types: ['vault_recovered'] })).length).toBe(1);
    });
  });

  it('keeps every readable record of a partly damaged vault: profiles stay signed in, and the user is told', async () => {
    await withStoppedOrg(async (dataDir) => {
      const file = dataFiles(dataDir).vault;
      const [header, ...records] = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, [header, 'bm90IGEgcmVjb3Jk', ...records].join('\n')); // a damaged record before the rest
      const { engine: again } = await startEngine(dataDir);
      const notices: string[] = [];
      again.onChange((c) => c.type === 'notice' && notices.push(`${c.title}: ${c.message}`));
      await waitFor(() => again.status('org').state === 'valid', 'valid without a new sign-in');
      expect(notices.join('\n')).toMatch(/Part of the token store could not be read: 1 damaged record was skipped and the rest was kept; a copy of the file as found was kept as .*vault\.json\.corrupt-\d+/);
      expect(await again.readAudit({ types: ['vault_recovered'] })).toHaveLength(1);
    });
  });

  it('without an OS keyring, says secrets stay in memory only, or that they are stored weakly when the user chose that', async () => {
    const keyNotice = async (persistWeakly: boolean) => {
      const dataDir = tempDir();
      await (await SettingsStore.open(dataDir)).update({ persistSecretsWithWeakProtection: persistWeakly });
      const cipher = await openNodeVaultCipher({ dataDir, env: { DBUS_SESSION_BUS_ADDRESS: '' } });
      const { engine } = await startEngine(dataDir, { cipher, startDemo: undefined });
      const notices: string[] = [];
      engine.onChange((c) => c.type === 'notice' && c.title === 'No OS keyring' && notices.push(c.message));
      return notices.join('\n');
    };
    expect(await keyNotice(false)).toMatch(/keeps secrets in memory only .* unless you turn on "Store secrets with weak protection"/);
    const chosen = await keyNotice(true);
    expect(chosen).toMatch(/Secrets are stored with weak protection, as you chose/);
    expect(chosen).not.toMatch(/memory only/);
  });

  it('creates a profile from GENESYS_* variables on first start', async () => {
    const sandbox = await startSandboxIdp({ accessTokenTtlSec: 600 });
    try {
      const { engine } = await startEngine(tempDir(), {
        env: { GENESYS_ENV: 'eu-west-1', GENESYS_CLIENT_ID: 'cid', GENESYS_CLIENT_SECRET: 'sec', GENESYS_REFRESH_TOKEN: 'rt', IDM_WEBHOOK_URL: hookUrl },
        autoStart: false,
      });
      expect(engine.source).toBe('environment');
      expect(engine.profiles()[0]).toMatchObject({ grant: 'authorization_code', provider: { kind: 'genesys', domain: 'mypurecloud.ie' } });
      expect(engine.settings().webhookUrl).toBe(hookUrl);
      expect(engine.sandbox).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });

  it('applies GENESYS_* variables on every start: they win over the saved profile and the change is reported', async () => {
    const dataDir = tempDir();
    const env = { GENESYS_ENV: 'eu-west-1', GENESYS_CLIENT_ID: 'cid', GENESYS_CLIENT_SECRET: 'sec', GENESYS_REFRESH_TOKEN: 'rt' };
    const { engine } = await startEngine(dataDir, { env, autoStart: false });
    await engine.stop();
    const { engine: again } = await startEngine(dataDir, { env: { ...env, GENESYS_ENV: 'us-east-1', GENESYS_CLIENT_ID: 'cid-2' }, autoStart: false });
    const notices: string[] = [];
    again.onChange((c) => c.type === 'notice' && notices.push(`${c.title}: ${c.message}`));
    expect(again.profiles()).toHaveLength(1);
    expect(again.profiles()[0]).toMatchObject({ clientId: 'cid-2', provider: { domain: 'mypurecloud.com' } });
    expect(notices.join('\n')).toMatch(/environment variables applied.*cid → cid-2/s);
  });

  it('rejects an invalid profile with field-level problems and keeps the others', async () => {
    const { engine } = await startEngine(tempDir(), { autoStart: false });
    const result = await engine.addProfile({ name: 'Bad', provider: 'genesys', region: 'mypurecloud.co.uk', grant: 'authorization_code', clientId: 'x', clientSecret: 'secret-value-0123456789abc' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ field: 'region', profile: 'Bad' });
    expect(engine.profiles()).toHaveLength(3);
  });
});
