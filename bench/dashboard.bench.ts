// Dashboard benchmark, measured in one run in Debian's Chromium:
//   1. initial JavaScript, gzipped                                   (target ≤ 150 KB)
//   2. with 50 profiles, the longest main-thread task while countdowns tick (target < 16 ms)
// Run with `npm run bench:dashboard`.

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SANDBOX_CLIENTS } from '../electron/engine/sandbox/demo-clients.js';
import { buildRenderer, startDashboard } from '../tests/support/dashboard-harness.js';

const rendererDir = await buildRenderer();
const assets = join(rendererDir, 'assets');
const jsBytes = readdirSync(assets).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
const kb = jsBytes / 1024;
console.log(`1. initial JavaScript ${kb.toFixed(1)} KB gzipped                  target ≤ 150 KB: ${kb <= 150 ? 'meets target' : 'MISSES target'}`);

const h = await startDashboard(rendererDir);
try {
  const sandbox = h.engine.sandbox!;
  for (let i = h.engine.profiles().length; i < 50; i += 1) {
    const added = await h.engine.addProfile({
      name: `Bench service ${String(i).padStart(2, '0')}`, provider: 'genesys', region: 'us-east-1',
      loginBaseUrl: sandbox.loginBaseUrl, apiBaseUrl: sandbox.apiBaseUrl, grant: 'client_credentials',
      clientId: SANDBOX_CLIENTS.serviceClient.clientId, clientSecret: SANDBOX_CLIENTS.serviceClient.clientSecret,
    });
    if (!added.ok) throw new Error(added.problems.map((p) => p.message).join('; '));
  }
  await h.page.reload();
  await h.page.locator('[data-testid="state"]', { hasText: 'Valid' }).nth(49).waitFor({ timeout: 30_000 });

  // Trace the renderer's main thread for 5 s of ticking countdowns.
  const cdp = await h.page.context().newCDPSession(h.page);
  const events: { name: string; dur?: number; ph: string }[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as { name: string; dur?: number; ph: string }[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await h.page.waitForTimeout(5_000);
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && typeof e.dur === 'number').map((e) => e.dur! / 1000);
  const longest = Math.max(...tasks);
  const cards = await h.page.locator('article.card').count();
  console.log(`2. ${cards} profiles, ${tasks.length} main-thread tasks in 5 s of ticking; longest ${longest.toFixed(2)} ms   target < 16 ms: ${longest < 16 ? 'meets target' : 'MISSES target'}`);
} finally {
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
}
