// The real desktop app under Playwright's _electron driver: tray actions through the main process,
// copy then clear, and a forced refresh reaching the dashboard. Like `npm start`, the suite first
// asks Electron's installer for the binary; where it cannot be had (the development machines reach
// only the npm registry) the suite skips with one line saying why.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIfChanged } from '../../scripts/build.mjs';
import { ensureElectronBinary } from '../../scripts/electron-binary.mjs';

const binary = await ensureElectronBinary();
const root = join(import.meta.dirname, '..', '..');
if (!('path' in binary)) console.log(`Electron end-to-end suite skipped: ${binary.missing}.`);

describe.skipIf(!('path' in binary))('desktop app (Electron)', () => {
  it('copies from the tray, clears the clipboard, and shows a forced refresh in the dashboard', async () => {
    const { _electron } = await import('playwright');
    await buildIfChanged(['renderer', 'electron']);
    const dataDir = mkdtempSync(join(tmpdir(), 'tokentray-e2e-'));
    const app = await _electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [root],
      env: { ...process.env, TOKENTRAY_DATA_DIR: dataDir, TOKENTRAY_E2E: '1' },
    });
    try {
      type Handles = { __tokentray: { engine: { listStatuses(): { state: string }[]; updateSettings(p: object): Promise<unknown> }; tray: { copyDefault(): Promise<void> }; dashboard: { show(): void } } };
      await expect.poll(() => app.evaluate(() => (globalThis as unknown as Handles).__tokentray.engine.listStatuses().every((s) => s.state === 'valid')), { timeout: 15_000 }).toBe(true);
      await app.evaluate(() => (globalThis as unknown as Handles).__tokentray.engine.updateSettings({ clipboardClearSec: 2 }));
      await app.evaluate(() => (globalThis as unknown as Handles).__tokentray.tray.copyDefault());
      const copied = await app.evaluate(({ clipboard }) => clipboard.readText());
      expect(copied.length).toBeGreaterThan(20);
      await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText()), { timeout: 5_000 }).toBe('');

      await app.evaluate(() => (globalThis as unknown as Handles).__tokentray.dashboard.show());
      const page = await app.firstWindow();
      await page.getByRole('button', { name: /refresh now/i }).first().click();
      await expect.poll(async () => page.getByText(/refresh_succeeded|Refreshed/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
