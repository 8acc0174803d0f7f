// The browser dashboard's credentials, in Chromium: the printed key is single-use, leaves the
// address bar, and no credential reaches any other server on loopback (cookies are not separated
// by port, so a cookie would). Also the server's answers to hostile or broken requests.

import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_IDS } from '../../electron/sandbox/demo-profiles.js';
import { startDashboardServer } from '../../electron/headless/dashboard-server.js';
import { createApiHandlers } from '../../electron/services/api-handlers.js';
import { SESSION_HEADER } from '../../shared/ipc.js';
import { buildRenderer, startDashboard, type DashboardHarness } from '../support/dashboard-harness.js';

let rendererDir: string;
let h: DashboardHarness;
let spy: { server: Server; port: number; seen: { url: string; headers: IncomingHttpHeaders }[] };
let printedLink: string;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  h = await startDashboard(rendererDir, { beforeOpen: (url) => (printedLink = url) });
  await h.page.locator(`li[data-profile="${SANDBOX_PROFILE_IDS.code}"]`).waitFor({ timeout: 15_000 });
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>another local server</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  spy = { server, port: (server.address() as AddressInfo).port, seen };
}, 60_000);
afterAll(async () => {
  // Chromium may keep a connection to the spy alive; close() alone would wait for it.
  spy?.server.closeAllConnections();
  await new Promise((resolve) => spy?.server.close(resolve));
  await h?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${h.server.port}`;

describe('browser dashboard session', () => {
  it('strips the key from the address bar and keeps working after a reload', async () => {
    expect(printedLink).toMatch(/#key=/);
    expect(h.page.url()).not.toContain('key=');
    await h.page.reload();
    await h.page.locator(`li[data-profile="${SANDBOX_PROFILE_IDS.code}"]`).waitFor({ timeout: 10_000 });
    expect(await h.page.getByRole('alert').count()).toBe(0);
  });

  it('sends no credential to another server on loopback, by link or typed address', async () => {
    const secretBits = [new URL(printedLink).hash.slice('#key='.length), ...(await h.page.evaluate(() => Object.values(sessionStorage)))];
    expect(secretBits.every((bit) => bit.length > 20)).toBe(true);
    await h.page.evaluate((url) => {
      const a = document.createElement('a');
      a.href = url;
      document.body.append(a);
      a.click();
    }, `http://127.0.0.1:${spy.port}/from-dashboard-link`);
    await h.page.waitForURL(/from-dashboard-link/);
    await h.page.goto(`http://127.0.0.1:${spy.port}/typed-address`);
    await expect.poll(() => spy.seen.length).toBeGreaterThanOrEqual(2);
    expect(await h.page.context().cookies()).toEqual([]);
    for (const { url, headers } of spy.seen) {
      const everything = `${url} ${JSON.stringify(headers)}`;
      expect(headers.cookie).toBeUndefined();
      expect(headers.referer ?? '').not.toContain(`:${h.server.port}`);
      for (const bit of secretBits) expect(everything).not.toContain(bit);
    }
    await h.page.goto(`${base()}/`);
    await h.page.locator(`li[data-profile="${SANDBOX_PROFILE_IDS.code}"]`).waitFor({ timeout: 10_000 });
  });

  it('refuses a replayed key and says that it was used and where the new link is', async () => {
    const replay = await h.browser.newPage();
    await replay.goto(printedLink);
    await expect.poll(() => replay.getByRole('alert').innerText()).toMatch(/already used.*new link/s);
    await replay.close();
    const direct = await fetch(`${base()}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: new URL(printedLink).hash.slice(5) }) });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe('link_used');
  });

  it('opens a second tab with the fresh link the server announced', async () => {
    const second = await h.browser.newPage();
    await second.goto(h.server.url);
    await second.locator(`li[data-profile="${SANDBOX_PROFILE_IDS.code}"]`).waitFor({ timeout: 10_000 });
    await second.close();
  });
});

describe('dashboard server boundaries', () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${base()}${path}`, init);

  it('answers /api only with a session header: no key, a wrong session or a cookie get 401', async () => {
    expect((await call('/api/call/listProfiles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await call('/api/call/listProfiles', { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: 'x'.repeat(32) }, body: '{}' })).status).toBe(401);
    expect((await call('/api/events', { headers: { cookie: `tokentray_session=${new URL(h.server.url).hash.slice(5)}` } })).status).toBe(401);
    expect((await call('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"guess"}' })).status).toBe(403);
  });

  it('refuses a foreign Host or a cross-origin caller', async () => {
    expect((await call('/api/session', { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: h.server.port, path: '/', headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
  });

  it('answers malformed escapes with 400 and oversized bodies with 413, always with a message', async () => {
    const bad = await call('/api/call/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/malformed/);
    const session = await newSession();
    const big = await call('/api/call/inspectPastedToken', { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: session }, body: JSON.stringify({ request: { token: 'a'.repeat(2_000_000) } }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/larger than 256 KB/);
  });

  it('answers 500 with a message when an answer cannot be encoded, instead of hanging', async () => {
    const handlers = createApiHandlers({ engine: h.engine, appInfo: { version: 'test', mode: 'browser' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const server = await startDashboardServer({ handlers: { ...handlers, listProfiles: async () => cyclic as never }, rendererDir, subscribe: () => () => {} });
    try {
      const key = new URL(server.url).hash.slice(5);
      const exchange = (await (await fetch(`http://127.0.0.1:${server.port}/api/session`, { method: 'POST', body: JSON.stringify({ key }) })).json()) as { value: { session: string } };
      const answer = await fetch(`http://127.0.0.1:${server.port}/api/call/listProfiles`, { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: exchange.value.session }, body: '{}', signal: AbortSignal.timeout(5000) });
      expect(answer.status).toBe(500);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/could not encode/);
    } finally {
      await server.close();
    }
  });
});

async function newSession(): Promise<string> {
  const key = new URL(h.server.url).hash.slice(5);
  const response = await fetch(`${base()}/api/session`, { method: 'POST', body: JSON.stringify({ key }) });
  return ((await response.json()) as { value: { session: string } }).value.session;
}
