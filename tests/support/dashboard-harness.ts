// Starts what the browser dashboard needs for a Chromium test: a renderer build, the engine with
// the sandbox, the dashboard server, and Debian's Chromium driven by playwright-core.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApiHandlers } from '../../electron/services/api-handlers.js';
import { ClipboardGuard } from '../../electron/services/clipboard-guard.js';
import { TokenEngine } from '../../electron/engine/engine.js';
import { AesGcmCipher } from '../../electron/engine/vault/aes-gcm-cipher.js';
import { startDashboardServer, type DashboardServer } from '../../electron/headless/dashboard-server.js';
import { Gateway } from '../../electron/gateway/gateway.js';
import { sandboxDemo, type SandboxDemo } from '../../electron/sandbox/sandbox-demo.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface DashboardHarness {
  engine: TokenEngine<SandboxDemo>;
  /** What the "system browser" does with a sign-in URL: follow it (sign in at once) or leave it pending. */
  browserSignIn: { mode: 'follow' | 'hold'; opened: string[] };
  /** The in-memory clipboard, when the harness was started with one. */
  clipboardText?: () => string;
  /** The local gateway beside the engine, when the harness was started with one. */
  gateway?: Gateway;
  server: DashboardServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tokentray-renderer-'));
  await build({ configFile: join(import.meta.dirname, '..', '..', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface DashboardOptions {
  /** Give the handlers a clipboard (an in-memory one), as the desktop app has; default: none, as the Node entry. */
  clipboard?: boolean;
  viewport?: { width: number; height: number };
  /** Open the local gateway beside the engine, as the Node entry and the desktop app do. */
  gateway?: boolean;
  /** Told the one-time link before the page opens it (it is spent once opened). */
  beforeOpen?: (url: string) => void;
}

export async function startDashboard(rendererDir: string, options: DashboardOptions = {}): Promise<DashboardHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tokentray-dash-'));
  const browserSignIn: DashboardHarness['browserSignIn'] = { mode: 'follow', opened: [] };
  let clipboardText = '';
  const clipboard = options.clipboard ? new ClipboardGuard({ writeText: (t) => void (clipboardText = t), readText: () => clipboardText }) : undefined;
  const engine = await TokenEngine.start({
    dataDir,
    cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')),
    env: {},
    startDemo: sandboxDemo(),
    retryPolicy: { baseMs: 50, capMs: 200 },
    // The "system browser" follows the sandbox's authorize redirect to the loopback listener.
    openBrowser: async (url) => {
      browserSignIn.opened.push(url);
      if (browserSignIn.mode === 'hold') return;
      const location = (await fetch(url, { redirect: 'manual' })).headers.get('location');
      if (location) await (await fetch(location)).text();
    },
  });
  const gateway = options.gateway ? await Gateway.open({ dataDir, engine }) : undefined;
  const handlers = createApiHandlers({ engine, appInfo: { version: 'test', mode: 'browser' }, ...(clipboard ? { clipboard } : {}), ...(gateway ? { gateway: () => gateway } : {}) });
  const server = await startDashboardServer({ handlers, rendererDir, subscribe: (l) => engine.onChange(l) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // A context of its own, so a test can open a second tab sharing the dashboard session.
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  options.beforeOpen?.(server.url);
  await page.goto(server.url);
  return {
    engine,
    browserSignIn,
    ...(clipboard ? { clipboardText: () => clipboardText } : {}),
    ...(gateway ? { gateway } : {}),
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.close();
      await gateway?.close();
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One suite's dashboard: a fresh renderer build, the engine with the sandbox, Chromium, and the
 * page open until the three sandbox profiles are valid. Closing it also removes the build.
 */
export async function openDashboard(options: DashboardOptions = {}): Promise<DashboardHarness> {
  const rendererDir = await buildRenderer();
  const harness = await startDashboard(rendererDir, options);
  await harness.page.locator('[data-testid="state"]', { hasText: 'Valid' }).nth(2).waitFor({ timeout: 15_000 });
  return {
    ...harness,
    close: async () => {
      await harness.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
