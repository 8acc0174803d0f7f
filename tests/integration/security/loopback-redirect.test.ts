// The sign-in redirect listener against a hostile "browser": an error_description carrying markup
// is escaped under a CSP that runs nothing; [::1] redirect URIs are bound on [::1]; "localhost" is
// refused (RFC 8252 §8.3); and every code grant, confidential Genesys clients included, uses PKCE.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { parseProfileInput } from '../../../electron/engine/profiles/index.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { listenForRedirect } from '../../../electron/engine/signin/loopback-redirect.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { closedPort } from '../../support/closed-port.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { sandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';

const tempDir = useTempDirs();
const cancels: (() => void)[] = [];
afterEach(() => {
  for (const cancel of cancels.splice(0)) cancel();
});

describe('the loopback redirect page', () => {
  it('escapes the provider\'s error_description and forbids scripts', async () => {
    const port = await closedPort();
    const listener = await listenForRedirect({ redirectUri: `http://127.0.0.1:${port}/cb`, state: 's1' });
    const attack = '<script>fetch("http://127.0.0.1:1/steal")</script><img src=x onerror=alert(1)>';
    const answer = await fetch(`http://127.0.0.1:${port}/cb?state=s1&error=access_denied&error_description=${encodeURIComponent(attack)}`);
    const body = await answer.text();
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;script&gt;');
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(answer.headers.get('content-security-policy')).not.toMatch(/script-src/);
    await expect(listener.result).rejects.toThrow(/declined/);
  });

  it('binds an [::1] redirect URI on [::1], where the browser will go', async () => {
    const port = await closedPort();
    const listener = await listenForRedirect({ redirectUri: `http://[::1]:${port}/cb`, state: 's2' });
    cancels.push(listener.cancel);
    const answer = await fetch(`http://[::1]:${port}/cb?state=s2&code=abc`);
    expect(answer.status).toBe(200);
    await expect(listener.result).resolves.toEqual({ code: 'abc' });
  });

  it('refuses "localhost", in the listener and in the profile form, naming the IP literal to use', async () => {
    await expect(listenForRedirect({ redirectUri: 'http://localhost:8765/cb', state: 's' })).rejects.toThrow(/localhost.*RFC 8252/);
    const parsed = parseProfileInput({ name: 'P', provider: 'genesys', region: 'eu-west-1', grant: 'pkce', clientId: 'c', redirectUri: 'http://localhost:8765/oauth/callback' });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]?.message).toMatch(/http:\/\/127\.0\.0\.1:8765\/oauth\/callback/);
  });
});

describe('PKCE on every code grant', () => {
  it('a confidential Genesys client sends an S256 challenge and proves it with the verifier', async () => {
    const dir = tempDir();
    const seen: URL[] = [];
    const engine = await TokenEngine.start({
      dataDir: dir,
      cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')),
      env: {},
      startDemo: sandboxDemo(),
      openBrowser: async (url) => {
        seen.push(new URL(url));
        const location = (await fetch(url, { redirect: 'manual' })).headers.get('location');
        if (location) await (await fetch(location)).text();
      },
    });
    try {
      const profile = engine.profiles().find((p) => p.id === SANDBOX_PROFILE_IDS.code)!;
      expect(profile.grant).toBe('authorization_code');
      Object.assign(profile, { redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback` });
      const status = await engine.signIn(profile.id);
      expect(status.state).toBe('valid');
      expect(seen[0]?.searchParams.get('code_challenge_method')).toBe('S256');
      expect(seen[0]?.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await engine.stop();
    }
  });
});
