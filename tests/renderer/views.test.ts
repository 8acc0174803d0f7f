// Every view and state of the dashboard, in Chromium: an axe-core scan (0 serious or critical
// violations) and a screenshot at 1280 and 400 px, light and dark, under test-results/screenshots/
// for review. States include four failing profiles, the detail pane, the fix dialog, a row's
// disclosure, the detail's menu, the inspector with an expired JWT and the grouped audit log.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { closedPort } from '../support/closed-port.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { expiredJwt } from '../support/expired-jwt.js';
import { addFailingProfiles, FAILING_NAMES } from '../support/failure-scenarios.js';
import { cardOf, detailOf, openSettings, openTab, SHOTS } from './page-helpers.js';

let h: DashboardHarness;
let page: Page;
let failing: Awaited<ReturnType<typeof addFailingProfiles>>;
let expired: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await openDashboard();
  page = h.page;
  // Some history for the audit log and the chart, and one pending sign-in to show its panel.
  await h.engine.refreshNow(SANDBOX_PROFILE_IDS.oidc);
  await h.engine.refreshNow(SANDBOX_PROFILE_IDS.oidc);
  failing = await addFailingProfiles(h.engine);
  expired = await expiredJwt();
  const code = h.engine.profiles().find((p) => p.id === SANDBOX_PROFILE_IDS.code)!;
  Object.assign(code, { redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback` });
  h.browserSignIn.mode = 'hold';
  h.engine.signIn(code.id).catch(() => {});
}, 60_000);
afterAll(async () => {
  h?.engine.cancelSignIn(SANDBOX_PROFILE_IDS.code);
  await h?.close();
});

const closeEverything = async (p: Page) => {
  // Escape closes whatever is open (menu, dialog, then the detail), as a user would.
  for (let i = 0; i < 3; i += 1) await p.keyboard.press('Escape');
};

const VIEWS: [string, (p: Page) => Promise<void>][] = [
  ['overview-failing', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, failing.region).getByRole('button', { name: 'Edit region' }).waitFor();
  }],
  ['overview-details-open', async (p) => {
    await openTab(p, 'Profiles');
    const details = cardOf(p, failing.down).getByRole('button', { name: 'Details' });
    if (await details.getAttribute('aria-expanded') !== 'true') await details.click();
    await cardOf(p, failing.down).getByTestId('status-details').waitFor();
  }],
  ['detail-pane-failing', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, failing.signIn).locator('h3 button').click();
    await detailOf(p).getByTestId('detail-status').waitFor();
  }],
  ['detail-jwt', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.oidc).locator('h3 button').click();
    await detailOf(p).getByRole('button', { name: 'Validate now' }).click();
    await p.getByTestId('verification').waitFor();
  }],
  ['detail-genesys-menu', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.service).locator('h3 button').click();
    await p.getByTestId('introspection').waitFor();
    await detailOf(p).getByRole('button', { name: /More actions/ }).click();
    await p.getByRole('menu').waitFor();
  }],
  ['fix-dialog', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, failing.secret).getByRole('button', { name: 'Enter client secret' }).click();
    await p.getByRole('dialog').locator(`#pe-${failing.secret}-clientSecret`).waitFor();
  }],
  ['signin-pending', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.code).getByTestId('row-pending').waitFor();
  }],
  ['inspector-expired', async (p) => {
    await openTab(p, 'Inspect a token');
    await p.locator('#pasted').fill(`  "Bearer ${expired}"\n`);
    await p.getByRole('button', { name: 'Inspect', exact: true }).click();
    await p.getByTestId('verdicts').waitFor();
  }],
  ['inspector-invalid', async (p) => {
    await openTab(p, 'Inspect a token');
    await p.locator('#pasted').fill('eyJhbGciOiJSUzI1NiJ9.eyJzdWIi%fQ.sig');
    await p.getByRole('button', { name: 'Inspect', exact: true }).click();
    await p.getByTestId('paste-problem').waitFor();
  }],
  ['audit', async (p) => {
    await openTab(p, 'Audit log');
    await p.getByRole('row').nth(2).waitFor();
    const details = p.getByRole('row').nth(1).getByRole('button', { name: /Details/ });
    if (await details.getAttribute('aria-expanded') !== 'true') await details.click();
  }],
  ['settings-profiles', async (p) => {
    await openSettings(p, 'Profiles');
    await p.getByRole('button', { name: 'Add profile' }).click();
    await p.locator('#pf-name-error').waitFor();
  }],
  ['settings-refresh', (p) => openSettings(p, 'Refresh')],
  ['settings-clipboard', (p) => openSettings(p, 'Clipboard')],
  ['settings-webhook', (p) => openSettings(p, 'Webhook')],
  ['settings-storage', (p) => openSettings(p, 'Storage')],
];

describe('every view and state', () => {
  it('the failing profiles are all named by the banner', { timeout: 40_000 }, async () => {
    await openTab(page, 'Profiles');
    // (The unresolvable host can take a while to fail, depending on this machine's resolver.)
    try {
      await expect.poll(() => page.getByTestId('warning-banner').innerText(), { timeout: 30_000 }).toMatch(/^[45] profiles need attention/);
    } catch (error) {
      const states = Object.values(failing).map((id) => { const s = h.engine.status(id); return { id, state: s.state, error: s.lastError, retry: s.retry }; });
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nThe engine's view: ${JSON.stringify(states)}`);
    }
    for (const name of Object.values(FAILING_NAMES)) expect(await page.getByTestId('warning-banner').getByRole('button', { name }).count()).toBe(1);
  });

  for (const [name, show] of VIEWS) {
    it(`${name}: no serious or critical axe violations; screenshots at 1280 and 400 px, light and dark`, async () => {
      for (const width of [1280, 400]) {
        await page.setViewportSize({ width, height: 900 });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
          await closeEverything(page);
          await show(page);
          await page.waitForTimeout(100);
          await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
          const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
          expect(results.passes.length).toBeGreaterThan(10); // the scan really ran
          const bad = results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
          expect(bad, `${name} at ${width} px, ${scheme}`).toEqual([]);
          await closeEverything(page);
        }
      }
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    }, 90_000);
  }
});
