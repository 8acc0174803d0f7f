// Sign-in, re-authentication and sign-out against the sandbox, whose authorize endpoint approves
// a demo user at once. The "browser" here follows redirects with fetch, exactly as far as a real
// browser would: to the loopback listener, which must then accept exactly one matching redirect.

import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../electron/engine/contracts.js';
import { TokenEngine, type TokenEngineOptions } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { closedPort } from '../../support/closed-port.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { sandboxDemo, type SandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import { waitFor } from '../../support/wait-for.js';

const tempDir = useTempDirs();
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

type Browser = (url: string) => Promise<void>;
const pages: { url: string; status: number; body: string }[] = [];

/** A minimal browser: follows the authorize redirect to the loopback listener and records the page. */
const followingBrowser: Browser = async (url) => {
  const authorize = await fetch(url, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (!location) throw new Error(`authorize answered ${authorize.status}`);
  const landing = await fetch(location);
  pages.push({ url: location, status: landing.status, body: await landing.text() });
};

async function start(openBrowser: Browser = followingBrowser, extra: Partial<TokenEngineOptions<SandboxDemo>> = {}) {
  const dir = tempDir();
  const engine = await TokenEngine.start({ dataDir: dir, cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')), env: {}, openBrowser, startDemo: sandboxDemo(), ...extra });
  engines.push(engine);
  return engine;
}

/** Gives the code-grant sandbox profile a redirect URI on a free port. */
async function withFreeRedirect(engine: TokenEngine, profileId: string): Promise<string> {
  const port = await closedPort();
  const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
  const profile = engine.profiles().find((p) => p.id === profileId)!;
  Object.assign(profile, { redirectUri }); // sandbox profiles are not saved, so adjust in place
  return redirectUri;
}

describe('browser sign-in against the sandbox', () => {
  it('signs in with the code grant, stores the tokens and lands on a "signed in" page', async () => {
    const engine = await start();
    await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    pages.length = 0;
    const status = await engine.signIn(SANDBOX_PROFILE_IDS.code);
    expect(status.state).toBe('valid');
    expect(pages[0]).toMatchObject({ status: 200, body: expect.stringContaining('Signed in to TokenTray') });
    expect((await engine.readAudit({ types: ['signed_in'] }))[0]?.detail.method).toBe('browser');
  });

  it('signs in a public client with PKCE S256 (no client secret, no refresh token)', async () => {
    const engine = await start();
    const sandbox = engine.sandbox!;
    const port = await closedPort();
    const added = await engine.addProfile({ name: 'Public app', provider: 'genesys', region: 'us-east-1', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'pkce', clientId: SANDBOX_CLIENTS.publicClient.clientId, redirectUri: `http://127.0.0.1:${port}/oauth/callback` });
    expect(added.ok).toBe(true);
    const status = await engine.signIn('public-app');
    expect(status.state).toBe('valid');
    const { token } = await engine.accessToken('public-app', 'api');
    expect(sandbox.isAccessTokenActive(token)).toBe(true);
  });

  it('recovers a revoked refresh token: sign-in required, then "Sign in…", then refreshes resume', async () => {
    const engine = await start();
    await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    const id = SANDBOX_PROFILE_IDS.code;
    await expect.poll(() => engine.status(id).state).toBe('valid');
    engine.sandbox!.revokeAllForClient(SANDBOX_CLIENTS.codeClient.clientId);
    expect((await engine.refreshNow(id)).state).toBe('signin_required');
    const afterSignIn = await engine.signIn(id);
    expect(afterSignIn.state).toBe('valid');
    expect(afterSignIn.nextRefreshAt).toBeGreaterThan(Date.now());
    expect((await engine.refreshNow(id)).state).toBe('valid'); // the new refresh token works
    expect(afterSignIn.profile.requiredScopes).toEqual(['conversations', 'routing', 'users:readonly']); // nothing else lost
  });

  it('ignores a redirect with the wrong state or another path and still completes with the right one', async () => {
    let strayStatus = 0;
    let otherPathStatus = 0;
    const engine = await start(async (url) => {
      const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
      const forged = new URL(location);
      forged.searchParams.set('state', 'forged');
      strayStatus = (await fetch(forged)).status;
      otherPathStatus = (await fetch(new URL('/favicon.ico', location))).status;
      await fetch(location);
    });
    await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    expect((await engine.signIn(SANDBOX_PROFILE_IDS.code)).state).toBe('valid');
    expect(strayStatus).toBe(400);
    expect(otherPathStatus).toBe(404);
  });

  it('accepts one redirect only: a replayed redirect finds the listener closed, a replayed code is refused by the server', async () => {
    let landing = '';
    const engine = await start(async (url) => {
      landing = (await fetch(url, { redirect: 'manual' })).headers.get('location')!;
      await fetch(landing);
    });
    const redirectUri = await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    await engine.signIn(SANDBOX_PROFILE_IDS.code);
    // The listener closes once the one redirect is in; a replay finds nothing listening.
    await waitFor(() => fetch(landing).then(() => false, () => true), 'the redirect listener to close');
    const code = new URL(landing).searchParams.get('code')!;
    const replay = await fetch(`${engine.sandbox!.loginBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${SANDBOX_CLIENTS.codeClient.clientId}:${SANDBOX_CLIENTS.codeClient.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    });
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('reports a port clash before opening the browser', async () => {
    let opened = false;
    const engine = await start(async () => void (opened = true));
    const redirectUri = await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(Number(new URL(redirectUri).port), '127.0.0.1', r));
    try {
      const error = await engine.signIn(SANDBOX_PROFILE_IDS.code).then(() => undefined, (e: unknown) => e as EngineError);
      expect(error?.problem.code).toBe('redirect_port_in_use');
      expect(error?.message).toMatch(/already in use/);
      expect(opened).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('reports access_denied from the redirect in words, and can be retried', async () => {
    const engine = await start();
    await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    engine.sandbox!.faults.set({ kind: 'authorize_error', error: 'access_denied', times: 1 });
    await expect(engine.signIn(SANDBOX_PROFILE_IDS.code)).rejects.toThrow(/declined/);
    expect((await engine.signIn(SANDBOX_PROFILE_IDS.code)).state).toBe('valid');
  });

  it('times out when no redirect arrives, and can be cancelled', async () => {
    const engine = await start(async () => {}, { signInTimeoutMs: 200 });
    await withFreeRedirect(engine, SANDBOX_PROFILE_IDS.code);
    await expect(engine.signIn(SANDBOX_PROFILE_IDS.code)).rejects.toThrow(/No sign-in arrived/);
    const slow = await start(async () => {}, { signInTimeoutMs: 60_000 });
    await withFreeRedirect(slow, SANDBOX_PROFILE_IDS.code);
    const pending = slow.signIn(SANDBOX_PROFILE_IDS.code);
    await waitFor(() => slow.status(SANDBOX_PROFILE_IDS.code).pendingSignIn, 'the sign-in to be pending');
    slow.cancelSignIn(SANDBOX_PROFILE_IDS.code);
    await expect(pending).rejects.toThrow(/cancelled/);
  });

  it('client-credentials profiles need no browser', async () => {
    const engine = await start();
    await expect(engine.signIn(SANDBOX_PROFILE_IDS.service)).rejects.toThrow(/client secret/);
  });
});

describe('pasted refresh token', () => {
  it('repairs a profile with a refresh token the user already holds, and rejects a dead one clearly', async () => {
    const engine = await start();
    const id = SANDBOX_PROFILE_IDS.code;
    engine.sandbox!.revokeAllForClient(SANDBOX_CLIENTS.codeClient.clientId);
    expect((await engine.refreshNow(id)).state).toBe('signin_required');
    const repaired = await engine.signInWithRefreshToken(id, engine.sandbox!.mintRefreshToken(SANDBOX_CLIENTS.codeClient.clientId));
    expect(repaired.state).toBe('valid');
    await expect(engine.signInWithRefreshToken(id, 'not-a-real-token')).rejects.toThrow(/refresh token or code was rejected/);
    await expect(engine.signInWithRefreshToken(id, 'two words')).rejects.toThrow(/without spaces/);
  });
});

describe('sign-out', () => {
  it('revokes the Genesys token server-side, removes it from the vault, and records it', async () => {
    const engine = await start();
    const id = SANDBOX_PROFILE_IDS.code;
    await expect.poll(() => engine.status(id).state).toBe('valid');
    const { token } = await engine.accessToken(id, 'api');
    const result = await engine.signOut(id);
    expect(result).toMatchObject({ revoked: true });
    expect(engine.sandbox!.isAccessTokenActive(token)).toBe(false);
    expect(engine.status(id).state).toBe('no_token');
    expect(engine.status(id).nextRefreshAt).toBeUndefined();
    expect((await engine.readAudit({ types: ['signed_out'] }))[0]?.detail.revoked).toBe(true);
  });

  it('revokes OpenID tokens at the revocation endpoint (the server then rejects the refresh token)', async () => {
    const engine = await start();
    const id = SANDBOX_PROFILE_IDS.oidc;
    await expect.poll(() => engine.status(id).state).toBe('valid');
    const result = await engine.signOut(id);
    expect(result.revoked).toBe(true);
    expect((await engine.refreshNow(id)).state).toBe('signin_required');
  });
});
