// What a new user trips on, in Chromium against the real engine and sandbox: signing in (the link
// and copy button, cancel from another tab, the port released at once and named), the chart's
// first samples, the detail page's own Refresh/Copy and shortcuts, a stale Token section, cards
// offering only what can work, and the device sign-in shown only when advertised.

import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { SANDBOX_CLIENTS } from '../../electron/sandbox/demo-clients.js';
import { closedPort } from '../support/closed-port.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { cardOf, detailOf, openDetail } from './page-helpers.js';

let h: DashboardHarness;
let page: Page;

beforeAll(async () => {
  h = await openDashboard({ clipboard: true });
  page = h.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${h.server.port}` });
}, 60_000);
afterAll(() => h?.close());

const canBind = (port: number) => new Promise<boolean>((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
});

describe('signing in from the dashboard', () => {
  it('shows the sign-in link with a copy button, names TokenTray as the port holder, and cancels from another tab at once', async () => {
    const port = await closedPort();
    for (const id of [SANDBOX_PROFILE_IDS.code, SANDBOX_PROFILE_IDS.oidc]) {
      Object.assign(h.engine.profiles().find((p) => p.id === id)!, { redirectUri: `http://127.0.0.1:${port}/oauth/callback` });
    }
    h.browserSignIn.mode = 'hold';
    try {
      await openDetail(page, SANDBOX_PROFILE_IDS.code);
      await page.getByRole('button', { name: 'Sign in with browser' }).click();
      const pending = page.getByTestId('pending-signin');
      await expect.poll(() => pending.getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href')).toBe(h.browserSignIn.opened.at(-1));
      expect(h.browserSignIn.opened.at(-1)).toMatch(/\/oauth\/authorize\?.*state=/);
      await pending.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(h.browserSignIn.opened.at(-1));
      expect(await canBind(port)).toBe(false);

      // Another profile on the same port: the message names TokenTray's own pending sign-in.
      const other = await page.context().newPage();
      await other.goto(h.server.url); // a second tab opens with the fresh one-time link
      const otherCode = cardOf(other, SANDBOX_PROFILE_IDS.code);
      await otherCode.getByTestId('row-pending').waitFor();
      await openDetail(other, SANDBOX_PROFILE_IDS.oidc);
      await other.getByRole('button', { name: 'Sign in with browser' }).click();
      await expect.poll(() => other.getByTestId('session-message').innerText()).toMatch(new RegExp(`TokenTray itself holds port ${port}: the sign-in for "Sandbox · Genesys code grant"`));
      expect(await other.getByTestId('session-message').innerText()).not.toMatch(/another program|Close the program/);

      // Cancel from the other tab: the port is free at once, and the first tab says so.
      await other.getByRole('button', { name: '← All profiles' }).click();
      await otherCode.getByRole('button', { name: 'Cancel sign-in' }).click();
      await expect.poll(() => canBind(port), { timeout: 2_000 }).toBe(true);
      await expect.poll(() => page.getByTestId('session-message').innerText()).toMatch(/Sign-in was cancelled/);
      expect(await page.getByTestId('pending-signin').count()).toBe(0);
      await other.close();
    } finally {
      h.browserSignIn.mode = 'follow';
      await page.getByRole('button', { name: '← All profiles' }).click();
    }
  });

  it('offers "Sign in on another device" only where discovery advertises device authorization', async () => {
    // The absence is judged once the options call has answered, not after a guessed delay.
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/call/getSignInOptions'));
    await openDetail(page, SANDBOX_PROFILE_IDS.oidc);
    await answered;
    await page.getByRole('button', { name: 'Sign in with browser' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in on another device' }).count()).toBe(0);
    await page.getByRole('button', { name: '← All profiles' }).click();
  });

  it('after sign-out the Token section drops the previous token\'s tokens/me values', async () => {
    const id = SANDBOX_PROFILE_IDS.code;
    await openDetail(page, id);
    await expect.poll(() => page.getByTestId('introspection').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByTestId('introspection').count()).toBe(0);
    await expect.poll(() => page.getByText('No access token yet.').count()).toBe(1);
    // No token: Copy is disabled on the detail page, and the card offers neither Copy nor Refresh.
    expect(await detailOf(page).getByRole('button', { name: /Copy token/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '← All profiles' }).click();
    const card = cardOf(page, id);
    await expect.poll(() => card.getByTestId('state').innerText()).toBe('Signed out');
    expect(await card.getByTestId('status-line').innerText()).toBe('Not signed in yet');
    expect(await card.getByRole('button', { name: 'Copy token' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Refresh now' }).count()).toBe(0);
    expect(await card.getByTestId('countdown').innerText()).toBe('—');
    await card.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => card.getByTestId('state').innerText()).toBe('Valid');
    await openDetail(page, id);
    await expect.poll(() => page.getByTestId('introspection').count()).toBe(1);
    await page.getByRole('button', { name: '← All profiles' }).click();
  });
});

describe('warnings before trouble', () => {
  it('explains a Genesys sign-in without a refresh token (org idle timeout) instead of only "sign-in required"', async () => {
    const id = SANDBOX_PROFILE_IDS.code;
    Object.assign(h.engine.profiles().find((p) => p.id === id)!, { redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback` });
    h.engine.sandbox!.behaviour.genesysIdleOrgWithoutRefreshTokens = true;
    try {
      await h.engine.signOut(id);
      await cardOf(page, id).getByRole('button', { name: 'Sign in', exact: true }).click();
      const banner = page.getByTestId('warning-banner');
      // The banner counts and names; the row says it in one line, the rest behind Details.
      await expect.poll(() => banner.innerText(), { timeout: 10_000 }).toMatch(/^1 profile needs attention: Sandbox · Genesys code grant$/);
      const row = cardOf(page, id);
      expect(await row.getByTestId('status-line').innerText()).toBe('Genesys issued no refresh token: this org has an idle token timeout, and then Genesys Cloud gives code-grant sign-ins no refresh token');
      await row.getByRole('button', { name: 'Details' }).click();
      expect(await row.getByTestId('status-details').innerText()).toMatch(/cannot renew this token on its own; sign in again before it expires/);
      await row.getByRole('button', { name: 'Details' }).click();
    } finally {
      h.engine.sandbox!.behaviour.genesysIdleOrgWithoutRefreshTokens = false;
    }
    // Signing in again where refresh tokens are issued clears the warning.
    await h.engine.signOut(id);
    await cardOf(page, id).getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => cardOf(page, id).getByTestId('state').innerText()).toBe('Valid');
    await expect.poll(() => page.getByTestId('warning-banner').count()).toBe(0);
  });
});

describe('the detail page', () => {
  it('has its own Refresh and Copy, with R and C as shortcuts', async () => {
    const id = SANDBOX_PROFILE_IDS.service;
    const before = h.engine.metrics(id).successes;
    await openDetail(page, id);
    await page.locator('h2#detail-title').click();
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('detail-message').innerText()).toBe('Refreshed.');
    expect(h.engine.metrics(id).successes).toBe(before + 1);
    await page.keyboard.press('c');
    await expect.poll(() => page.getByTestId('detail-message').innerText()).toMatch(/^Copied eyJ|^Copied .*…/);
    expect(h.clipboardText!()).toBe((await h.engine.accessToken(id, 'api')).token);
    // A visible focus ring on the focused control.
    await detailOf(page).getByRole('button', { name: /Refresh now/ }).focus();
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Escape');
    await cardOf(page, id).waitFor();
  });

  it('the latency chart fits its data (not an hour with the points squashed right), and its legend shows values', async () => {
    const sandbox = h.engine.sandbox!;
    const added = await h.engine.addProfile({
      name: 'Chart check', provider: 'genesys', region: 'us-east-1', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl,
      grant: 'client_credentials', clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: 'wrong-secret-for-now',
    });
    if (!added.ok) throw new Error(added.problems[0]!.message);
    const id = added.profile.id;
    await expect.poll(() => h.engine.metrics(id).samples.length).toBeGreaterThan(0);
    // One sample (a failure): a window from just before it to now, not an hour and not years.
    await openDetail(page, id);
    const chart = page.locator('.chart');
    await expect.poll(() => chart.getAttribute('data-to')).not.toBeNull();
    const span = async () => Number(await chart.getAttribute('data-to')) - Number(await chart.getAttribute('data-from'));
    const sample = h.engine.metrics(id).samples[0]!.at / 1000;
    expect(await span()).toBeGreaterThanOrEqual(30);
    expect(await span()).toBeLessThan(300);
    expect(Number(await chart.getAttribute('data-from'))).toBeLessThan(sample);
    expect(Number(await chart.getAttribute('data-from'))).toBeGreaterThan(sample - 60);
    expect(Number(await chart.getAttribute('data-to'))).toBeGreaterThan(sample);
    const legend = page.getByTestId('chart-legend');
    expect(await legend.innerText()).not.toMatch(/--/);
    expect(await legend.innerText()).toMatch(/Last \d+ ms \(failed\)/);
    expect(await legend.innerText()).toMatch(/1 failed of 1/);
    await page.getByRole('button', { name: '← All profiles' }).click();
    await h.engine.removeProfile(id);

    // No sample at all (its first token request is still in flight): the last 5 minutes, and words.
    sandbox.faults.set({ kind: 'slow', delayMs: 8_000, times: 1 });
    const empty = await h.engine.addProfile({
      name: 'Chart empty', provider: 'genesys', region: 'us-east-1', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl,
      grant: 'client_credentials', clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: SANDBOX_CLIENTS.serviceClient.clientSecret,
    });
    if (!empty.ok) throw new Error(empty.problems[0]!.message);
    expect(h.engine.metrics(empty.profile.id).samples).toHaveLength(0);
    await openDetail(page, empty.profile.id);
    await expect.poll(() => chart.getAttribute('data-to')).not.toBeNull();
    expect(await span()).toBe(300);
    expect(await legend.innerText()).toMatch(/Last none yet.*p50 n\/a.*p95 n\/a.*0 failed of 0/s);
    await page.getByRole('button', { name: '← All profiles' }).click();
    sandbox.faults.clear();
    await h.engine.removeProfile(empty.profile.id);
  });
});
