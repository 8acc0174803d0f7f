// A real browser sign-in against an independent server: panva's oidc-provider on loopback, its
// login and consent pages filled in by Playwright driving Debian's Chromium.

import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { closedPort } from '../../support/closed-port.js';
import { CHROMIUM } from '../../support/dashboard-harness.js';
import { NATIVE_CONFIDENTIAL, NATIVE_PUBLIC, startOidcProvider, type OidcProviderHarness } from '../../support/oidc-provider-harness.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();
let op: OidcProviderHarness;
let browser: Browser;
beforeAll(async () => {
  op = await startOidcProvider();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await op?.close();
});
const engines: TokenEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
});

/** Plays the user: signs in on the provider's login page and approves the consent page. */
async function approveInBrowser(page: Page): Promise<void> {
  await page.locator('input[name="login"]').fill('demo-user');
  await page.locator('input[name="password"]').fill('any-password');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function engineWithProfile(input: Record<string, string>) {
  const pages: Page[] = [];
  const dir = tempDir();
  const engine = await TokenEngine.start({
    dataDir: dir,
    cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')),
    env: {},
    openBrowser: async (url) => {
      const page = await browser.newPage();
      pages.push(page);
      await page.goto(url);
      await approveInBrowser(page);
    },
  });
  engines.push(engine);
  const added = await engine.addProfile({ name: 'Interop', provider: 'oidc', issuer: op.issuer, requiredScopes: 'openid', redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback`, ...input });
  if (!added.ok) throw new Error(added.problems.map((p) => p.message).join('; '));
  return { engine, pages, id: added.profile.id };
}

describe('browser sign-in against oidc-provider in Chromium', () => {
  it('confidential client: signs in, refreshes with rotation, signs out revoking the grant', async () => {
    const { engine, pages, id } = await engineWithProfile({ grant: 'authorization_code', clientId: NATIVE_CONFIDENTIAL.clientId, clientSecret: NATIVE_CONFIDENTIAL.clientSecret });
    await expect.poll(() => engine.status(id).state).toBe('signin_required'); // no refresh token yet
    const status = await engine.signIn(id);
    expect(status.state).toBe('valid');
    await expect.poll(() => pages[0]!.locator('h1').innerText()).toBe('Signed in to TokenTray');
    expect((await engine.refreshNow(id)).state).toBe('valid');
    const signOut = await engine.signOut(id);
    expect(signOut.revoked).toBe(true);
    expect((await engine.refreshNow(id)).state).toBe('signin_required');
  });

  it('public client: PKCE sign-in with no secret', async () => {
    const { engine, id } = await engineWithProfile({ grant: 'pkce', clientId: NATIVE_PUBLIC.clientId });
    const status = await engine.signIn(id);
    expect(status.state).toBe('valid');
    expect(status.expiresAt! - Date.now()).toBeGreaterThan(60_000);
  });

  it('device authorization: the code is approved in the browser, then the profile is signed in', async () => {
    const { engine, id } = await engineWithProfile({ grant: 'authorization_code', clientId: NATIVE_CONFIDENTIAL.clientId, clientSecret: NATIVE_CONFIDENTIAL.clientSecret });
    const device = await engine.startDeviceSignIn(id);
    expect(device.userCode).toMatch(/\S{4,}/);
    const page = await browser.newPage();
    await page.goto(device.verificationUriComplete ?? device.verificationUri);
    await page.getByRole('button', { name: 'Continue' }).first().click();
    await approveInBrowser(page);
    await expect.poll(() => engine.status(id).state, { timeout: 15_000 }).toBe('valid');
  }, 30_000);
});
