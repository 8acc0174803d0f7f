// A newcomer's path through the dashboard, in Chromium against the real engine and sandbox: start,
// copy a token, inspect it, refresh, break a profile, and fix it from the action its row offers;
// then the same by keyboard alone (every action reachable, Escape closes what opened).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENTS } from '../../electron/sandbox/demo-clients.js';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { cardOf, detailOf, openTab } from './page-helpers.js';

let h: DashboardHarness;
let page: Page;

beforeAll(async () => {
  h = await openDashboard({ clipboard: true });
  page = h.page;
}, 60_000);
afterAll(() => h?.close());

const focusedName = () => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
});

describe('a newcomer\'s path', () => {
  it('start, copy a token, inspect it, refresh, break a profile and fix it from the action it offers', async () => {
    const id = SANDBOX_PROFILE_IDS.oidc;
    const row = cardOf(page, id);
    // Start: the demos say what they are; all is calm (no banner), each row offers Copy token.
    expect(await page.getByTestId('demo-note').innerText()).toMatch(/sandbox built into TokenTray/);
    expect(await page.getByTestId('warning-banner').count()).toBe(0);
    expect(await row.getByTestId('status-line').innerText()).toMatch(/^Fresh · renews in \d+ (seconds?|minutes?)$/);

    // Copy a token.
    await row.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => row.locator('.message').innerText()).toMatch(/^Copied eyJ/);
    const copied = h.clipboardText!();
    expect(copied).toBe((await h.engine.accessToken(id, 'api')).token);

    // Inspect it, pasted the way it often arrives: as a header value, quoted, with a line break.
    await openTab(page, 'Inspect a token');
    await page.locator('#pasted').fill(`"Bearer ${copied.slice(0, 40)}\n${copied.slice(40)}"`);
    await page.locator('#verify-with').selectOption(id);
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await expect.poll(() => page.getByTestId('verdicts').innerText()).toMatch(/Valid for another \d+ min[\s\S]*Signature verified/);
    expect(await page.getByTestId('paste-cleaned').innerText()).toBe('Removed the quotes, the Bearer prefix and the line breaks or spaces inside it before decoding.');

    // Refresh.
    await openTab(page, 'Profiles');
    const before = h.engine.metrics(id).successes;
    await row.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => row.locator('.message').innerText()).toBe('Refreshed.');
    expect(h.engine.metrics(id).successes).toBe(before + 1);

    // Break it: the identity provider revokes the client's refresh tokens.
    h.engine.sandbox!.revokeAllForClient(SANDBOX_CLIENTS.oidcClient.clientId);
    await row.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1);
    expect(await row.getByTestId('status-line').innerText()).toBe('Sign-in expired or revoked');
    expect(await row.getByRole('button', { name: 'Refresh now' }).count()).toBe(0); // nothing that cannot work
    expect(await page.getByTestId('warning-banner').innerText()).toMatch(/^1 profile needs attention: Sandbox · OpenID Connect \(JWT\)$/);

    // Fix it from the action it offers.
    await row.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => row.getByTestId('state').innerText()).toBe('Valid');
    expect(await row.getByRole('button', { name: 'Copy token' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('warning-banner').count()).toBe(0);
  });

  it('a refused client secret is fixed in the dialog its row opens, on the secret field', async () => {
    const sandbox = h.engine.sandbox!;
    const added = await h.engine.addProfile({ name: 'Reports service', provider: 'genesys', region: 'mypurecloud.com', loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'client_credentials', clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: 'typo-in-the-secret' });
    if (!added.ok) throw new Error(added.problems[0]!.message);
    const row = cardOf(page, added.profile.id);
    const fix = row.getByRole('button', { name: 'Enter client secret' });
    await expect.poll(() => fix.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getByTestId('status-line').innerText()).toBe('Client id or secret rejected');
    await fix.click();
    const dialog = page.getByRole('dialog', { name: 'Fix Reports service' });
    const secret = dialog.locator(`#pe-${added.profile.id}-clientSecret`);
    await expect.poll(() => secret.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(focusedName).toBe('Enter client secret');
    await page.keyboard.press('Enter');
    await expect.poll(() => secret.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(SANDBOX_CLIENTS.serviceClient.clientSecret!);
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => row.getByTestId('state').innerText(), { timeout: 10_000 }).toBe('Valid');
    await h.engine.removeProfile(added.profile.id);
  });
});

describe('by keyboard alone', () => {
  it('reaches a row\'s actions, its details, the detail and its menu; Escape closes each in turn', async () => {
    const id = SANDBOX_PROFILE_IDS.service;
    const row = cardOf(page, id);
    await row.locator('h3 button').focus();
    await page.keyboard.press('Tab');
    expect(['Copy token', 'Copy command']).toContain(await focusedName());
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('Refresh now');
    // A visible focus ring.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');

    // Open the detail from the name; its menu opens from the keyboard and Escape closes it.
    await row.locator('h3 button').focus();
    await page.keyboard.press('Enter');
    const detail = detailOf(page);
    await detail.waitFor();
    const more = detail.getByRole('button', { name: /More actions/ });
    await more.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    // Focus goes back to the trigger once the menu has gone, a moment after it closes.
    await expect.poll(() => more.evaluate((el) => el === document.activeElement)).toBe(true);
    // The trigger's tooltip shows on keyboard focus; Escape closes it, the next one the detail,
    // and the row's name has the focus again.
    await page.getByRole('tooltip').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
    expect(await detail.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count()).toBe(0);
    await expect.poll(() => row.locator('h3 button').evaluate((el) => el === document.activeElement)).toBe(true);

    // Tabs move with the arrow keys and open with Enter (Radix Tabs, manual activation).
    await page.getByRole('tab', { name: 'Profiles' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedName).toBe('Inspect a token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Inspect a token' }).getAttribute('aria-selected')).toBe('true');
    await openTab(page, 'Profiles');
  });
});
