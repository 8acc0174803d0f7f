// What a new user trips on in forms, lists and narrow windows, in Chromium against the real engine
// and sandbox: hidden-field errors, limits and long values, number settings, field messages without
// the technical prefix, Test connection, remove with confirmation and undo, the audit log's dates
// and names, a 2 MB paste, every view from 360 px, dark-mode tab contrast, warnings before trouble.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { SESSION_HEADER } from '../../shared/ipc.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { cardOf, contrastOf, detailOf, openSettings, openTab, sideScroll } from './page-helpers.js';

let h: DashboardHarness;
let page: Page;

beforeAll(async () => {
  h = await openDashboard();
  page = h.page;
}, 60_000);
afterAll(() => h?.close());

const fillGateway = async () => {
  const sandbox = h.engine.sandbox!;
  await page.locator('#pf-loginBaseUrl').fill(sandbox.loginBaseUrl);
  await page.locator('#pf-apiBaseUrl').fill(sandbox.apiBaseUrl);
};

describe('the profile form', () => {
  it('clears a field the chosen grant hides, so Add never silently does nothing', async () => {
    await openSettings(page, 'Profiles');
    await page.locator('#pf-name').fill('Public app');
    await page.locator('#pf-clientId').fill('public-client');
    await page.locator('#pf-clientSecret').fill('typed-before-switching');
    await page.locator('#pf-grant').selectOption('pkce');
    expect(await page.locator('#pf-clientSecret').count()).toBe(0);
    // Only the fields this provider and grant use are on screen.
    expect(await page.locator('#pf-issuer').count()).toBe(0);
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => page.getByText('Added Public app.').count()).toBe(1);
    expect(h.engine.profiles().find((p) => p.name === 'Public app')?.grant).toBe('pkce');
  });

  it('shows limits, keeps a 20,000-character name from widening the page, and never echoes it back whole', async () => {
    await openSettings(page, 'Profiles');
    expect(await page.locator('#pf-name').getAttribute('maxlength')).toBe('64');
    expect(await page.locator('#pf-name-hint').innerText()).toMatch(/Up to 64 characters/);
    const huge = 'N'.repeat(20_000);
    // The engine refuses it (a hostile caller ignores maxlength); the form shows a short message.
    const refused = await h.engine.addProfile({ name: huge, provider: 'genesys', region: 'us-east-1', grant: 'pkce', clientId: 'x' });
    expect(refused.ok).toBe(false);
    await page.locator('#pf-name').evaluate((el, value) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, huge);
    await page.locator('#pf-clientId').fill('has a space');
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => page.locator('#pf-name-error').count()).toBe(1);
    expect((await page.locator('#pf-name-error').innerText()).length).toBeLessThan(500);
    // Field messages drop the technical "Profile "…", clientId:" prefix.
    expect(await page.locator('#pf-clientId-error').innerText()).toMatch(/^A client id never contains spaces/);
    expect(await sideScroll(page)).toBe(0);
    await page.locator('#pf-name').fill('');
    await page.locator('#pf-clientId').fill('');
  });

  it('Test connection obtains a token and shows the org before saving, and says in words when it fails', async () => {
    await openSettings(page, 'Profiles');
    await page.locator('#pf-name').fill('Service test');
    await page.locator('#pf-grant').selectOption('client_credentials');
    await fillGateway();
    await page.locator('#pf-clientId').fill('sandbox-service-client');
    await page.locator('#pf-clientSecret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('form-errors').innerText()).toMatch(/^Test failed: .*(client|secret|401|invalid_client)/is);
    await page.locator('#pf-clientSecret').fill('sandbox-service-secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').innerText()).toMatch(/Connected: .* issued a token that lives \d+ min for the org TokenTray Sandbox Org/);
    expect(h.engine.profiles().some((p) => p.name === 'Service test')).toBe(false);
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => page.getByText('Added Service test.').count()).toBe(1);
  });

  it('removes only after confirmation, and Undo brings the profile back with its secret', async () => {
    await openSettings(page, 'Profiles');
    const row = page.getByRole('listitem').filter({ hasText: 'Service test' });
    await row.getByRole('button', { name: 'Remove' }).click();
    expect(h.engine.profiles().some((p) => p.name === 'Service test')).toBe(true);
    await page.getByRole('alertdialog').getByRole('button', { name: /^Remove Service test/ }).click();
    await expect.poll(() => h.engine.profiles().some((p) => p.name === 'Service test')).toBe(false);
    await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => h.engine.profiles().some((p) => p.name === 'Service test')).toBe(true);
    await expect.poll(() => h.engine.status('service-test').state).toBe('valid');
    // Removed for good this time; the audit log still names it and can filter by it.
    await page.getByRole('listitem').filter({ hasText: 'Service test' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: /^Remove Service test/ }).click();
    await expect.poll(() => h.engine.profiles().some((p) => p.name === 'Service test')).toBe(false);
    await openTab(page, 'Audit log');
    await page.locator('#audit-profile').selectOption({ label: 'Service test (removed)' });
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Service test (removed)' }).count()).toBeGreaterThan(1);
    const when = await page.getByRole('row').nth(1).locator('td').first().innerText();
    expect(when).toMatch(new RegExp(String(new Date().getFullYear())));
    expect(await page.getByRole('row').filter({ hasText: 'service-test' }).count()).toBe(0);
  });
});

describe('number settings', () => {
  it('name the setting, keep the saved value visibly in force, and refuse "1e" as not a number', async () => {
    await openSettings(page, 'Clipboard');
    const box = page.getByLabel('Clear the clipboard after (seconds)');
    await box.fill('-5');
    await box.press('Enter');
    await expect.poll(() => page.locator('#clip-delay-error').innerText()).toMatch(/^"Clear the clipboard after" cannot be -5: use a whole number of seconds from 0 \(never\) to 3600\. The saved value is still 30\./);
    expect(await page.locator('#clip-delay-error').innerText()).not.toMatch(/clipboardClearSec/);
    await box.fill('1e');
    await box.press('Enter');
    await expect.poll(() => page.locator('#clip-delay-error').innerText()).toMatch(/"1e" is not a number/);
    expect(h.engine.settings().clipboardClearSec).toBe(30);
    await box.fill('45');
    await box.press('Enter');
    await expect.poll(() => h.engine.settings().clipboardClearSec).toBe(45);
    // The engine has the value before the page has its answer: the message goes once that lands.
    await expect.poll(() => page.locator('#clip-delay-error').count(), { timeout: 10_000 }).toBe(0);
  });
});

describe('the inspector', () => {
  it('says a 2 MB paste is too large instead of "Lost contact", and the handler refuses it in words too', async () => {
    await openTab(page, 'Inspect a token');
    await page.locator('#pasted').evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, 'A'.repeat(2_000_000));
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/too large to be a token: 2,000,000 characters/);
    expect(await page.getByText('Lost contact').count()).toBe(0);
    const answer = await page.evaluate(async (sessionHeader) => {
      // As the page itself calls: with this tab's session credential in its header.
      const session = sessionStorage.getItem('tokentray.session') ?? '';
      const response = await fetch('/api/call/inspectPastedToken', { method: 'POST', headers: { 'content-type': 'application/json', [sessionHeader]: session }, body: JSON.stringify({ request: { token: 'A'.repeat(100_000) } }) });
      return (await response.json()) as { ok: boolean; error: { message: string } };
    }, SESSION_HEADER);
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toMatch(/the token is too large/);
    await page.locator('#pasted').fill('');
  });
});

describe('a dashboard without a clipboard', () => {
  it('offers no Copy that can only fail, and gives the tokentray command instead', async () => {
    await openTab(page, 'Profiles');
    const card = cardOf(page, SANDBOX_PROFILE_IDS.service);
    await card.getByRole('button', { name: 'Refresh now' }).waitFor();
    expect(await card.getByRole('button', { name: 'Copy token' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Copy command' }).click();
    await expect.poll(() => card.locator('.message').innerText()).toMatch(new RegExp(`run TOKENTRAY_DATA_DIR=\\S+ tokentray token ${SANDBOX_PROFILE_IDS.service} in a terminal`));
    await card.locator('h3 button').click();
    await expect.poll(() => detailOf(page).getByText(new RegExp(`^TOKENTRAY_DATA_DIR=\\S+ tokentray token ${SANDBOX_PROFILE_IDS.service}$`)).count()).toBe(1);
    expect(await detailOf(page).getByRole('button', { name: /Copy token/ }).count()).toBe(0);
    await page.getByRole('button', { name: '← All profiles' }).click();
  });
});

describe('narrow windows and dark mode', () => {
  it('every view works from 360 px without sideways scrolling, and the dark active tab meets AA', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    try {
      for (const view of ['Profiles', 'Inspect a token', 'Audit log', 'Settings']) {
        await openTab(page, view);
        await page.waitForTimeout(150);
        expect(await sideScroll(page), view).toBe(0);
      }
      for (const section of ['Refresh', 'Clipboard', 'Webhook', 'Storage']) {
        await openSettings(page, section);
        expect(await sideScroll(page), section).toBe(0);
      }
      await openTab(page, 'Profiles');
      await cardOf(page, SANDBOX_PROFILE_IDS.code).locator('h3 button').click();
      expect(await sideScroll(page), 'detail').toBe(0);
      await page.getByRole('button', { name: '← All profiles' }).click();
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await contrastOf(page, '.tabs [role="tab"][data-state="active"]')).toBeGreaterThanOrEqual(4.5);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

describe('warnings before trouble', () => {
  it('the banner counts and names the profile, its row says when the token runs out, and no notice repeats it', async () => {
    await h.engine.updateSettings({ warnBeforeMin: 120 });
    const id = SANDBOX_PROFILE_IDS.service;
    h.engine.sandbox!.faults.set({ kind: 'server_error', status: 503 });
    try {
      await openTab(page, 'Profiles');
      await cardOf(page, id).getByRole('button', { name: 'Refresh now' }).click();
      const banner = page.getByTestId('warning-banner');
      await expect.poll(() => cardOf(page, id).getByTestId('status-line').innerText(), { timeout: 10_000 }).toMatch(/^Server error \(503\); the token runs out in \d+ minutes?/);
      // (Public app, added above and never signed in, needs the user too.)
      expect(await banner.innerText()).toMatch(/^\d profiles? needs? attention: .*Sandbox · Genesys client credentials/);
      expect(await cardOf(page, id).getByRole('button', { name: 'Retry now' }).count()).toBe(1);
      await cardOf(page, id).getByRole('button', { name: 'Details' }).click();
      expect(await cardOf(page, id).getByTestId('status-details').innerText()).toMatch(/Refreshing keeps failing and the token expires in about \d+ min/);
      // The engine's notice about it is not shown a second time under the banner.
      expect(await page.locator('.notice').filter({ hasText: 'refresh keeps failing' }).count()).toBe(0);
    } finally {
      h.engine.sandbox!.faults.clear();
      await h.engine.updateSettings({ warnBeforeMin: 10 });
    }
    await h.engine.refreshNow(id);
    await expect.poll(() => page.getByTestId('warning-banner').filter({ hasText: 'Sandbox · Genesys client credentials' }).count()).toBe(0);
    // The banner may clear on the 'refreshing' status already; the row settles on the next one.
    await expect.poll(() => cardOf(page, id).getByTestId('state').innerText()).toBe('Valid');
  });
});
