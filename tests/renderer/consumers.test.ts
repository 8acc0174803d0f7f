// The Consumers view in Chromium against the real gateway and the sandbox: grant a key in the UI,
// call /api/v2/users/me through the gateway with it, see the consumer's count and the token's budget
// gauge move, revoke it behind the confirm dialog and see the next call refused with 401. Then
// axe-core (0 serious or critical) and screenshots at 1280 and 400 px.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { buildRenderer, startDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { openTab, SHOTS } from './page-helpers.js';

let rendererDir: string;
let h: DashboardHarness;
let page: Page;

/** The dashboard with the gateway beside the engine, once the sandbox profiles are valid. */
async function open(options: { clipboard: boolean }): Promise<DashboardHarness> {
  const harness = await startDashboard(rendererDir, { gateway: true, ...options });
  await harness.page.locator('[data-testid="state"]', { hasText: 'Valid' }).nth(2).waitFor({ timeout: 15_000 });
  return harness;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  rendererDir = await buildRenderer();
  // As the desktop app: a clipboard, so the granted key gets a Copy button.
  h = await open({ clipboard: true });
  page = h.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
}, 60_000);
afterAll(async () => {
  await h?.close();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

async function grantInUi(consumer: string, on: Page = page): Promise<{ key: string; url: string }> {
  const page = on;
  await openTab(page, 'Consumers');
  await page.getByLabel('Profile', { exact: true }).selectOption(SANDBOX_PROFILE_IDS.service);
  await page.getByLabel('Consumer name', { exact: true }).fill(consumer);
  await page.getByRole('button', { name: 'Grant key' }).click();
  const key = await page.getByTestId('granted-key-value').inputValue();
  const url = (await page.getByTestId('gateway-url').innerText()).trim();
  return { key, url };
}

const usersMe = (url: string, key: string) => fetch(`${url}/api/v2/users/me`, { headers: { authorization: `Bearer ${key}` } });

async function expectNoSeriousViolations(label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.passes.length).toBeGreaterThan(10); // the scan really ran
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, label).toEqual([]);
}

describe('Consumers view', () => {
  it('refuses a bad consumer name in the form, saying what a name may hold', async () => {
    await openTab(page, 'Consumers');
    await page.getByLabel('Consumer name', { exact: true }).fill('billing report');
    await page.getByRole('button', { name: 'Grant key' }).click();
    await expect.poll(() => page.locator('#grant-consumer-error').innerText()).toMatch(/letters, digits, dots, dashes or underscores/);
    expect(h.gateway?.list()).toEqual([]);
  });

  it('grants a key shown once, counts its calls and the shared budget live, and revokes it behind a confirm', { timeout: 60_000 }, async () => {
    const { key, url } = await grantInUi('report-tool');
    expect(key).toMatch(/^ttgw_/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect.poll(() => page.getByTestId('granted-key').innerText()).toMatch(/shown only once/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    const card = page.getByTestId('consumer-report-tool');
    await expect.poll(() => card.innerText()).toMatch(/Never/);
    for (let i = 0; i < 3; i += 1) {
      const answer = await usersMe(url, key);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ selfUri: expect.stringMatching(/^\/api\/v2\/users\//) });
    }
    // The list polls every 2 s: the count and the gauge follow without a reload.
    await expect.poll(() => card.getByTestId('requests-per-minute').innerText(), { timeout: 10_000 }).toBe('3 requests (3 in all)');
    await expect.poll(() => page.getByTestId(`budget-${SANDBOX_PROFILE_IDS.service}`).getByTestId('budget-text').innerText(), { timeout: 10_000 }).toMatch(/^3 of 300 this minute, resets in \d+ s$/);
    // The key is never listed again: only the form that granted it showed it.
    await page.getByRole('button', { name: 'I have stored it; hide the key' }).click();
    expect(await page.locator('body').innerText()).not.toContain(key);

    await card.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toMatch(/Revoke report-tool's key\?[\s\S]*next call through the gateway gets 401/);
    await dialog.getByRole('button', { name: 'Keep the key' }).click();
    expect((await usersMe(url, key)).status).toBe(200);
    await card.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => card.count()).toBe(0);
    const refused = await usersMe(url, key);
    expect(refused.status).toBe(401);
  });

  it('no serious or critical axe violations with a key just granted, at 1280 and 400 px; screenshots', { timeout: 90_000 }, async () => {
    const { key, url } = await grantInUi('dashboard-shot');
    expect((await usersMe(url, key)).status).toBe(200);
    await expect.poll(() => page.getByTestId('consumer-dashboard-shot').getByTestId('requests-per-minute').innerText(), { timeout: 10_000 }).toBe('1 request (1 in all)');
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.waitForTimeout(100);
        await page.screenshot({ path: join(SHOTS, `consumers-${width}-${scheme}.png`), fullPage: true });
        await expectNoSeriousViolations(`consumers at ${width} px, ${scheme}`);
        await page.getByTestId('consumer-dashboard-shot').getByRole('button', { name: 'Revoke' }).click();
        await page.getByRole('dialog').waitFor();
        await page.screenshot({ path: join(SHOTS, `consumers-revoke-${width}-${scheme}.png`) });
        await expectNoSeriousViolations(`revoke dialog at ${width} px, ${scheme}`);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      }
    }
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('without a clipboard (a browser dashboard) shows the key once with no Copy button, and says so', { timeout: 60_000 }, async () => {
    const browserOnly = await open({ clipboard: false });
    try {
      const { key, url } = await grantInUi('no-clipboard', browserOnly.page);
      expect(await browserOnly.page.getByTestId('granted-key').innerText()).toMatch(/shown only once: select it and store it/);
      expect(await browserOnly.page.getByRole('button', { name: 'Copy', exact: true }).count()).toBe(0);
      expect((await usersMe(url, key)).status).toBe(200);
    } finally {
      await browserOnly.close();
    }
  });
});
