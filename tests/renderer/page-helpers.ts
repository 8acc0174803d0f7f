// Small page helpers shared by the Chromium suites of the dashboard.

import type { Page } from 'playwright-core';

export const SHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;

/** A profile's row in the overview list. */
export const cardOf = (page: Page, id: string) => page.locator(`li[data-profile="${id}"]`);

export const openTab = (page: Page, name: string) => page.getByRole('tablist', { name: 'Sections' }).getByRole('tab', { name, exact: true }).click();

export const openSettings = async (page: Page, section: string) => {
  await openTab(page, 'Settings');
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: section, exact: true }).click();
};

export const openDetail = (page: Page, id: string) => cardOf(page, id).locator('h3 button').click();

/** How far the page scrolls sideways (0 when everything fits the window). */
export const sideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** WCAG contrast ratio of an element's text colour against its own background colour. */
export const contrastOf = (page: Page, selector: string) => page.evaluate((sel) => {
  const el = document.querySelector(sel)!;
  const style = getComputedStyle(el);
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c: number[]) => {
    const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}, selector);

/** The open profile's detail (a pane beside the list on wide windows, a page on narrow ones). */
export const detailOf = (page: Page) => page.locator('section.detail');
