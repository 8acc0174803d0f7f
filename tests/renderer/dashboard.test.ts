// The dashboard in Debian's Chromium, against the browser transport, the real engine and the
// sandbox identity provider. Screenshots of the main views land in test-results/screenshots.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { closedPort } from '../support/closed-port.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
let h: DashboardHarness;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await openDashboard();
  page = h.page;
}, 60_000);
afterAll(() => h?.close());

const card = (id: string) => page.locator(`li[data-profile="${id}"]`);
const toSeconds = (text: string) => text.split(':').map(Number).reduce((acc, n) => acc * 60 + n, 0);
const openTab = (name: string) => page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();

describe('browser dashboard in Chromium', () => {
  it('shows every sandbox profile with a countdown that decreases', async () => {
    const countdown = card(SANDBOX_PROFILE_IDS.code).getByTestId('countdown');
    const first = toSeconds(await countdown.innerText());
    expect(first).toBeGreaterThan(0);
    await expect.poll(async () => toSeconds(await countdown.innerText()), { timeout: 5_000 }).toBeLessThan(first);
    expect(await page.getByTestId('demo-note').innerText()).toMatch(/demo profiles talk to a sandbox built into TokenTray/);
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
    // Follows the OS theme.
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.screenshot({ path: join(SHOTS, 'overview-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    const lightBackground = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(darkBackground).not.toBe(lightBackground);
  });

  it('shows a required scope that is not granted as missing', async () => {
    await expect.poll(() => card(SANDBOX_PROFILE_IDS.code).getByText('Missing scope: routing').count()).toBe(1);
    await card(SANDBOX_PROFILE_IDS.code).getByRole('button', { name: 'Sandbox · Genesys code grant' }).click();
    await expect.poll(() => page.locator('.chip.missing', { hasText: 'routing' }).count()).toBe(1);
    expect(await page.getByText('Granted scopes according to Genesys tokens/me.').count()).toBe(1);
    await expect.poll(() => page.getByTestId('introspection').getByText('TokenTray Sandbox Org').count()).toBe(1);
    await page.getByRole('button', { name: '← All profiles' }).click();
  });

  it('a forced refresh adds a latency point and an audit line', async () => {
    const id = SANDBOX_PROFILE_IDS.service;
    const before = h.engine.metrics(id).successes;
    await card(id).getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => card(id).getByText('Refreshed.').count()).toBe(1);
    await card(id).getByRole('button', { name: 'Sandbox · Genesys client credentials' }).click();
    await expect.poll(async () => Number(await page.getByTestId('successes').innerText())).toBe(before + 1);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'profile-detail.png'), fullPage: true });
    await openTab('Audit log');
    await page.locator('#audit-profile').selectOption(id);
    await expect.poll(() => page.getByRole('row').filter({ hasText: /Refreshed in \d+ ms \(asked for\)/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
    await openTab('Profiles');
  });

  it('the JWT inspector shows claims and verification, also after key rotation', async () => {
    const id = SANDBOX_PROFILE_IDS.oidc;
    await card(id).getByRole('button', { name: 'Sandbox · OpenID Connect (JWT)' }).click();
    await page.getByRole('button', { name: 'Validate now' }).click();
    await expect.poll(() => page.getByTestId('verification').innerText()).toMatch(/^Verified · key sandbox-/);
    expect(await page.getByRole('table', { name: 'Claims' }).getByText(h.engine.sandbox!.issuer).count()).toBe(1);
    const newKid = await h.engine.sandbox!.rotateSigningKey();
    await h.engine.refreshNow(id);
    await page.getByRole('button', { name: 'Validate now' }).click();
    await expect.poll(() => page.getByTestId('verification').innerText()).toBe(`Verified · key ${newKid}`);
    await page.screenshot({ path: join(SHOTS, 'jwt-inspector.png'), fullPage: true });
    await page.getByRole('button', { name: '← All profiles' }).click();
  });

  it('the pasted-token inspector rejects garbage precisely', async () => {
    await openTab('Inspect a token');
    const paste = async (text: string) => {
      await page.getByLabel('Token', { exact: true }).fill(text);
      await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    };
    await paste('abc.def');
    await expect.poll(() => page.getByTestId('paste-problem').innerText()).toMatch(/has 2 segments; a JWT has 3/);
    await paste('eyJhbGciOiJSUzI1NiJ9.eyJzdWIi%fQ.sig');
    await expect.poll(() => page.getByTestId('paste-problem').innerText()).toMatch(/\(payload\).*character '%' at position 9/);
    await page.screenshot({ path: join(SHOTS, 'paste-inspector.png'), fullPage: true });
    await openTab('Profiles');
  });

  it('settings reject invalid fields next to the field', async () => {
    await openTab('Settings');
    await page.getByLabel('Client id').fill('has a space');
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => page.locator('#pf-name-error').count()).toBe(1);
    expect(await page.locator('#pf-clientId-error').innerText()).toMatch(/never contains spaces/);
    expect(await page.locator('#pf-clientSecret-error').innerText()).toMatch(/needs the client secret/);
    // A valid profile (client credentials against the sandbox through gateway overrides), then an edit.
    const sandbox = h.engine.sandbox!;
    await page.locator('#pf-name').fill('Team org');
    await page.locator('#pf-loginBaseUrl').fill(sandbox.loginBaseUrl);
    await page.locator('#pf-apiBaseUrl').fill(sandbox.apiBaseUrl);
    await page.locator('#pf-grant').selectOption('client_credentials');
    await page.locator('#pf-clientId').fill('sandbox-service-client');
    await page.locator('#pf-clientSecret').fill('sandbox-service-secret');
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => page.getByText('Added Team org.').count()).toBe(1);
    await expect.poll(() => h.engine.status('team-org').state).toBe('valid');
    await page.getByRole('listitem').filter({ hasText: 'Team org' }).getByRole('button', { name: 'Edit' }).click();
    await page.locator('#pe-team-org-name').fill('Team org (renamed)');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => h.engine.profiles().find((p) => p.id === 'team-org')?.name).toBe('Team org (renamed)');
    expect(h.engine.status('team-org').state).toBe('valid'); // the stored secret was kept
    // The card follows the edit at once.
    await openTab('Profiles');
    await expect.poll(() => card('team-org').locator('h3').innerText()).toBe('Team org (renamed)');
    await openTab('Settings');

    const section = (name: string) => page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name }).click();
    await section('Storage');
    expect(await page.getByTestId('storage').innerText()).toMatch(/encrypted at rest|memory only|weak/);
    await section('Webhook');
    await page.getByLabel('URL', { exact: true }).fill('http://idm.example.com/hook');
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await expect.poll(() => page.getByTestId('settings-message').innerText()).toMatch(/use https/);
    await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
    await openTab('Profiles');
  });

  it('the sandbox 429 fault shows a retrying state and then recovers', async () => {
    const id = SANDBOX_PROFILE_IDS.code;
    h.engine.sandbox!.faults.set({ kind: 'rate_limit', retryAfter: { seconds: 2 }, times: 2 });
    await card(id).getByRole('button', { name: 'Refresh now' }).click();
    // One line in plain words, and the fix it offers is Retry now (not a second Refresh).
    await expect.poll(() => card(id).getByTestId('status-line').innerText(), { timeout: 5_000 }).toMatch(/^Rate limited by the server; (the current token still works|the token runs out in \d+ minutes?)/);
    expect(await card(id).getByTestId('state').innerText()).toBe('Retrying');
    expect(await card(id).getByRole('button', { name: 'Retry now' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'retrying.png'), fullPage: true });
    await expect.poll(() => card(id).getByTestId('state').innerText(), { timeout: 10_000 }).toBe('Valid');
    await expect.poll(() => card(id).getByText('Refreshed.').count()).toBe(1);
  });
});

describe('accessibility', () => {
  it('works from the keyboard alone, and every control has an accessible name', async () => {
    const id = SANDBOX_PROFILE_IDS.oidc;
    const refresh = card(id).getByRole('button', { name: 'Refresh now' });
    await refresh.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(id).getByText('Refreshed.').count()).toBe(1);
    for (const tab of ['Settings', 'Inspect a token', 'Audit log', 'Profiles']) {
      await openTab(tab);
      if (tab === 'Settings') await page.locator('#pf-name').waitFor();
      if (tab === 'Inspect a token') await page.locator('#pasted').waitFor();
      const unnamed = await page.evaluate(() => [
        ...[...document.querySelectorAll('input, select, textarea')].filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')),
        ...[...document.querySelectorAll('button')].filter((b) => !(b.textContent ?? '').trim() && !b.getAttribute('aria-label')),
      ].map((el) => el.outerHTML.slice(0, 80)));
      expect(unnamed, tab).toEqual([]);
    }
  });
});

describe('sign-in from the dashboard', () => {
  it('signs out, then signs in again with the browser and with a pasted refresh token', async () => {
    const id = SANDBOX_PROFILE_IDS.code;
    const profile = h.engine.profiles().find((p) => p.id === id)!;
    Object.assign(profile, { redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback` });
    await card(id).getByRole('button', { name: 'Sandbox · Genesys code grant' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByTestId('session-message').innerText()).toMatch(/Genesys Cloud revoked the token/);
    await page.getByRole('button', { name: '← All profiles' }).click();
    await expect.poll(() => card(id).getByTestId('state').innerText()).toBe('Signed out');
    await card(id).getByRole('button', { name: 'Sign in', exact: true }).click();
    // A whole browser sign-in (authorize, callback, code exchange, durable write): more than poll's default second on a loaded machine.
    await expect.poll(() => card(id).getByText('Signed in.').count(), { timeout: 10_000 }).toBe(1);
    expect(await card(id).getByTestId('state').innerText()).toBe('Valid');

    await card(id).getByRole('button', { name: 'Sandbox · Genesys code grant' }).click();
    await page.getByLabel('Already hold a refresh token?').fill(h.engine.sandbox!.mintRefreshToken(profile.clientId));
    await page.getByRole('button', { name: 'Use refresh token' }).click();
    await expect.poll(() => page.getByTestId('session-message').innerText()).toMatch(/refresh token works/);
    await page.screenshot({ path: join(SHOTS, 'session.png'), fullPage: true });
    await page.getByRole('button', { name: '← All profiles' }).click();
  });
});
