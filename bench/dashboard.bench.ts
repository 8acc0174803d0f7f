// Dashboard benchmark, in Debian's Chromium against the real engine and sandbox with 50 profiles:
//   1. initial JavaScript, gzipped                                           (target ≤ 100 KB)
//   2. longest renderer-main-thread task while 50 countdowns tick for 10 s   (target < 16 ms)
//   3. longest renderer-main-thread task over a reload until 50 rows show    (target < 50 ms)
//   4. longest renderer-main-thread task navigating: a row's detail, back, audit, settings
// Only the page's renderer main thread (CrRendererMain of the page's process) counts: the trace
// also holds the browser, GPU, compositor and worker threads, whose tasks never block the page.
// Run with `npm run bench:dashboard`.

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import { SANDBOX_CLIENTS } from '../electron/sandbox/demo-clients.js';
import { buildRenderer, startDashboard } from '../tests/support/dashboard-harness.js';

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { frames?: { processId?: number; url?: string }[] } } }

async function traced(page: Page, action: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,__metadata', transferMode: 'ReportEvents' });
  await action();
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  return events;
}

interface Task { wallMs: number; cpuMs: number }

/** The tasks on the page's renderer main thread only: wall time, and the thread's own CPU time. */
function mainThreadTasks(events: TraceEvent[], port: number): Task[] {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const pagePids = new Set(events.filter((e) => e.name === 'TracingStartedInBrowser')
    .flatMap((e) => e.args?.data?.frames ?? []).filter((f) => f.url?.includes(`:${port}`)).map((f) => f.processId));
  const candidates = mains.filter((m) => pagePids.size === 0 || pagePids.has(m.pid));
  const tasksOf = (m: TraceEvent) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask' && e.ph === 'X' && typeof e.dur === 'number');
  // Should several renderer main threads qualify (e.g. a spare renderer), take the busy one.
  const main = candidates.sort((a, b) => tasksOf(b).length - tasksOf(a).length)[0];
  if (!main) throw new Error('The trace has no renderer main thread (CrRendererMain); cannot measure.');
  const tasks = tasksOf(main);
  if (process.env.BENCH_DEBUG) {
    // What the longest tasks spent their time on (the biggest events nested in each).
    for (const task of [...tasks].sort((a, b) => (b.tdur ?? b.dur!) - (a.tdur ?? a.dur!)).slice(0, 3)) {
      const inside = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e !== task && e.ph === 'X' && e.ts >= task.ts && e.ts < task.ts + task.dur!)
        .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 6).map((e) => `${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}`);
      console.log(`   task ${((task.tdur ?? task.dur!) / 1000).toFixed(1)} ms CPU, ${(task.dur! / 1000).toFixed(1)} ms wall: ${inside.join(', ')}`);
    }
  }
  return tasks.map((e) => ({ wallMs: e.dur! / 1000, cpuMs: (e.tdur ?? e.dur!) / 1000 }));
}

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
/**
 * Prints the longest task by wall time and by the main thread's own CPU time. On a loaded shared
 * machine a task's wall time includes time the OS gave to other processes; its CPU time is what
 * the dashboard itself cost. Judged on CPU time; both are printed.
 */
const report = (label: string, tasks: Task[], target?: number) => {
  const wall = Math.max(0, ...tasks.map((t) => t.wallMs));
  const cpu = Math.max(0, ...tasks.map((t) => t.cpuMs));
  const over = tasks.filter((t) => t.cpuMs >= 16).length;
  console.log(`${label}: ${tasks.length} main-thread tasks; longest ${cpu.toFixed(2)} ms CPU (${wall.toFixed(2)} ms wall); ${over} ≥ 16 ms CPU${target ? `   target < ${target} ms: ${verdict(cpu < target)}` : ''}`);
  return cpu;
};

const rendererDir = await buildRenderer();
const assets = join(rendererDir, 'assets');
const index = readFileSync(join(rendererDir, 'index.html'), 'utf8');
// Initial JavaScript: every script index.html loads (the entry and its modulepreloads).
const initial = readdirSync(assets).filter((f) => f.endsWith('.js') && index.includes(f));
const kb = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0) / 1024;
console.log(`1. initial JavaScript ${kb.toFixed(1)} KB gzipped (${initial.length} file${initial.length === 1 ? '' : 's'})   target ≤ 100 KB: ${verdict(kb <= 100)}`);

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
  const page = h.page;
  const allValid = () => page.locator('[data-testid="state"]', { hasText: 'Valid' }).nth(49).waitFor({ timeout: 30_000 });
  await page.reload();
  await allValid();
  await page.waitForTimeout(1_500);
  const port = h.server.port;

  const ticking = await traced(page, () => page.waitForTimeout(10_000));
  const rows = await page.locator('li[data-profile]').count();
  const tick = report(`2. ticking 10 s with ${rows} profile rows`, mainThreadTasks(ticking, port), 16);

  const reloading = await traced(page, async () => {
    await page.reload();
    await allValid();
    await page.waitForTimeout(1_000);
  });
  const reload = report('3. reload until 50 rows are valid', mainThreadTasks(reloading, port), 50);

  const navigating = await traced(page, async () => {
    await page.locator('li[data-profile] h3 button').nth(25).click();
    await page.getByRole('button', { name: 'Validate now' }).waitFor();
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: '← All profiles' }).click();
    await allValid();
    for (const tab of ['Audit log', 'Settings', 'Profiles']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.waitForTimeout(500);
    }
    await allValid();
  });
  report('4. navigation: detail page, back, audit log, settings, profiles', mainThreadTasks(navigating, port), 50);
  if (kb > 100 || tick >= 16 || reload >= 50) process.exitCode = 1;
} finally {
  await h.close();
  rmSync(rendererDir, { recursive: true, force: true });
}
