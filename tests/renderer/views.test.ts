// Every view of the dashboard, in Chromium: an axe-core scan (0 serious or critical violations) and
// a screenshot at 1366 and 400 px, light and dark, under test-results/screenshots/ for review.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { closedPort } from '../support/closed-port.js';
import { openDashboard, type DashboardHarness } from '../support/dashboard-harness.js';
import { cardOf, openSettings, openTab, SHOTS } from './page-helpers.js';

let h: DashboardHarness;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await openDashboard();
  page = h.page;
  // Some history for the audit log and the chart, and one pending sign-in to show its panel.
  await h.engine.refreshNow(SANDBOX_PROFILE_IDS.oidc);
  await h.engine.refreshNow(SANDBOX_PROFILE_IDS.oidc);
  // A sign-in left waiting (the "browser" never answers), on a port of its own.
  const code = h.engine.profiles().find((p) => p.id === SANDBOX_PROFILE_IDS.code)!;
  Object.assign(code, { redirectUri: `http://127.0.0.1:${await closedPort()}/oauth/callback` });
  h.browserSignIn.mode = 'hold';
  h.engine.signIn(code.id).catch(() => {});
}, 60_000);
afterAll(async () => {
  h?.engine.cancelSignIn(SANDBOX_PROFILE_IDS.code);
  await h?.close();
});

const VIEWS: [string, (p: Page) => Promise<void>][] = [
  ['profiles', async (p) => { await openTab(p, 'Profiles'); await cardOf(p, SANDBOX_PROFILE_IDS.code).waitFor(); }],
  ['detail', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.oidc).locator('h3 button').click();
    await p.getByRole('button', { name: 'Validate now' }).click();
    await p.getByTestId('verification').waitFor();
  }],
  ['detail-genesys', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.code).locator('h3 button').click();
    await p.getByTestId('introspection').waitFor();
  }],
  ['signin-pending', async (p) => {
    await openTab(p, 'Profiles');
    await cardOf(p, SANDBOX_PROFILE_IDS.code).getByTestId('pending-signin').waitFor();
  }],
  ['inspector', async (p) => {
    await openTab(p, 'Inspect a token');
    await p.locator('#pasted').fill('eyJhbGciOiJSUzI1NiJ9.eyJzdWIi%fQ.sig');
    await p.getByRole('button', { name: 'Inspect', exact: true }).click();
    await p.getByTestId('paste-problem').waitFor();
  }],
  ['audit', async (p) => { await openTab(p, 'Audit log'); await p.getByRole('row').nth(2).waitFor(); }],
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

describe('every view', () => {
  for (const [name, show] of VIEWS) {
    it(`${name}: no serious or critical axe violations; screenshots at 1366 and 400 px, light and dark`, async () => {
      for (const width of [1366, 400]) {
        await page.setViewportSize({ width, height: 900 });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await show(page);
          await page.waitForTimeout(100);
          await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
          const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
          expect(results.passes.length).toBeGreaterThan(10); // the scan really ran
          const bad = results.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
          expect(bad, `${name} at ${width} px, ${scheme}`).toEqual([]);
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
    }, 60_000);
  }
});
