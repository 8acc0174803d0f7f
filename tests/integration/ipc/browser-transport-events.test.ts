// The browser dashboard's transport, run under Node (fetch and streams are the same APIs; a small
// stand-in for `window` gives it a stored session): against the real dashboard server and engine
// every event arrives and passes, and against a hostile server only contract-shaped events reach
// the listeners, with one console message per bad event name.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { startDashboardServer, type DashboardServer } from '../../../electron/headless/dashboard-server.js';
import { createBrowserTransport } from '../../../renderer/src/api/browser-transport.js';
import { EVENT_NAMES, type EventName } from '../../../shared/ipc-events.js';
import { SESSION_HEADER, subscriptionName, type RendererApi } from '../../../shared/ipc.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';
import { SANDBOX_CLIENTS } from '../../../electron/sandbox/demo-clients.js';
import { sandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import type { SandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import { waitFor } from '../../support/wait-for.js';

/** The page's `window` as the transport uses it: no key in the address, a session kept from before. */
function stubWindow(session: string): void {
  vi.stubGlobal('window', {
    location: { hash: '', pathname: '/' },
    history: { replaceState: () => {} },
    sessionStorage: { getItem: () => session, setItem: () => {} },
  });
}

function subscribeAll(api: RendererApi): { name: EventName; payload: unknown }[] {
  const received: { name: EventName; payload: unknown }[] = [];
  for (const name of EVENT_NAMES) {
    const subscribe = api[subscriptionName(name)] as (listener: (payload: unknown) => void) => () => void;
    subscribe((payload) => received.push({ name, payload }));
  }
  return received;
}

let consoleErrors: string[];
beforeAll(() => {
  consoleErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void consoleErrors.push(args.map(String).join(' ')));
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
afterEach(() => void consoleErrors.splice(0));

describe('browser transport events from the real dashboard server', () => {
  let engine: TokenEngine<SandboxDemo>;
  let server: DashboardServer;
  let dataDir: string;
  afterAll(async () => {
    await server?.close();
    await engine?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every kind of engine event, each passing the contract, with nothing dropped', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tokentray-events-'));
    engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, retryPolicy: { baseMs: 20, capMs: 100 }, startDemo: sandboxDemo() });
    const handlers = createApiHandlers({ engine, appInfo: { version: 'test', mode: 'browser' } });
    let streamsOpen = 0;
    server = await startDashboardServer({ handlers, rendererDir: dataDir, subscribe: (listener) => (streamsOpen += 1, engine.onChange(listener)) });
    const base = `http://127.0.0.1:${server.port}`;
    const key = new URL(server.url).hash.slice('#key='.length);
    const exchanged = (await (await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) })).json()) as { value: { session: string } };
    stubWindow(exchanged.value.session);

    const api = createBrowserTransport(base);
    const received = subscribeAll(api);
    // The server has the stream before anything changes.
    await waitFor(() => streamsOpen > 0, 'the event stream to open');

    // status + audit: a refresh that works; notice: a grant the server revoked means "sign-in
    // required"; profiles: add and remove a profile.
    await api.refreshNow({ profileId: SANDBOX_PROFILE_IDS.service });
    engine.sandbox?.revokeAllForClient(SANDBOX_CLIENTS.codeClient.clientId);
    await api.refreshNow({ profileId: SANDBOX_PROFILE_IDS.code });
    const added = await api.addProfile({ name: 'Events test', provider: 'oidc', issuer: 'https://idp.example', grant: 'client_credentials', clientId: 'c', clientSecret: 's' });
    if (added.ok && added.value.ok) await api.removeProfile({ profileId: added.value.profile.id });

    await waitFor(() => EVENT_NAMES.every((name) => received.some((event) => event.name === name)), `one event of each kind (got ${[...new Set(received.map((e) => e.name))].join(', ')})`);
    expect(consoleErrors).toEqual([]);
    expect(received.find((e) => e.name === 'status')?.payload).toMatchObject({ profile: { id: expect.any(String) }, state: expect.any(String) });
  });
});

describe('browser transport events from a hostile server', () => {
  let hostile: LoopbackServer;
  let stream: ServerResponse | undefined;
  afterAll(async () => {
    // Tell the transport's reconnect loop the session is gone, so it stops.
    hostile.respond((_req, res) => res.writeHead(401).end());
    stream?.end();
    await new Promise((r) => setTimeout(r, 50));
    await hostile.close();
  });

  it('passes only contract-shaped events to listeners and reports each bad event name once', async () => {
    const goodNotice = { level: 'info', title: 'Hello', message: 'A real notice.' };
    const lastNotice = { level: 'info', title: 'Last', message: 'Sent after a frame that is not JSON.' };
    const profile = { id: 'p1', name: 'P', provider: { kind: 'oidc', issuer: 'https://idp.example' }, grant: 'pkce', clientId: 'c', requiredScopes: [] };
    const status = { profile, state: 'valid', scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false } };
    const frames = [
      ['notice', { ...goodNotice, onclick: 'steal()' }], // extra key
      ['notice', { level: 'info', title: 42, message: 'M' }], // wrong type
      ['status', { ...status, accessToken: 'eyJ.not.for.the.renderer' }], // extra key at the top
      ['status', { ...status, profile: { ...profile, clientSecret: 's' } }], // extra key inside
      ['profiles', { not: 'a list' }],
      ['audit', { at: 'now', type: 'made_up', detail: {} }],
      ['unexpected', { anything: true }],
      ['status', status],
      ['notice', goodNotice],
    ] as const;
    hostile = await startLoopbackServer((req, res) => {
      if (req.url !== '/api/events' || req.headers[SESSION_HEADER] !== 'hostile-session') return void res.writeHead(401).end();
      stream = res;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [name, payload] of frames) res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      res.write('event: notice\ndata: {not json\n\n');
      // Frames are handled in order, so once this one arrives the broken one before it was handled.
      res.write(`event: notice\ndata: ${JSON.stringify(lastNotice)}\n\n`);
    });
    stubWindow('hostile-session');

    const received = subscribeAll(createBrowserTransport(hostile.url));
    await waitFor(() => received.some((e) => e.name === 'notice' && (e.payload as { title?: string }).title === lastNotice.title), 'the notice after the broken frame');

    expect(received).toEqual([{ name: 'status', payload: status }, { name: 'notice', payload: goodNotice }, { name: 'notice', payload: lastNotice }]);
    expect(consoleErrors).toHaveLength(5); // notice, status, profiles, audit, unknown: once each
    expect(consoleErrors.join('\n')).toMatch(/"notice" event .*onclick/);
    expect(consoleErrors.join('\n')).toMatch(/"status" event .*accessToken/);
    expect(consoleErrors.join('\n')).toMatch(/"unexpected" event .*not an event of the contract/);
    expect(consoleErrors.join('\n')).not.toContain('eyJ.not.for.the.renderer');
  });
});
