// The browser dashboard's transport checks every call's answer against the contract's response
// schemas (the ones the types are derived from). Against the real dashboard server, engine and
// sandbox, every answer passes unchanged; against a hostile server on the same port, nothing that
// breaks the contract reaches the dashboard, only an error that says what is wrong and what to do.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { startDashboardServer, type DashboardServer } from '../../../electron/headless/dashboard-server.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { sandboxDemo, type SandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { createBrowserTransport } from '../../../renderer/src/api/browser-transport.js';
import type { IpcResult, RendererApi } from '../../../shared/ipc.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/hostile-server.js';

/** The page's `window` as the transport uses it: a one-time key in the address, or none. */
function stubWindow(hash: string, stored: string | null = null): Map<string, string> {
  const storage = new Map<string, string>(stored ? [['tokentray.session', stored]] : []);
  vi.stubGlobal('window', {
    location: { hash, pathname: '/' },
    history: { replaceState: () => {} },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
  });
  return storage;
}
afterAll(() => vi.unstubAllGlobals());

const failure = (result: IpcResult<unknown>) => (result.ok ? undefined : result.error);

describe('browser transport answers from the real dashboard server', () => {
  let engine: TokenEngine<SandboxDemo>;
  let server: DashboardServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tokentray-answers-'));
    engine = await TokenEngine.start({ dataDir, cipher: await AesGcmCipher.fromKeyFile(join(dataDir, 'k')), env: {}, startDemo: sandboxDemo() });
    const handlers = createApiHandlers({ engine, appInfo: { version: 'test', mode: 'browser' } });
    server = await startDashboardServer({ handlers, rendererDir: dataDir, subscribe: (listener) => engine.onChange(listener) });
  });
  afterAll(async () => {
    await server?.close();
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes every answer of the real main process unchanged', async () => {
    const storage = stubWindow(new URL(server.url).hash);
    const api = createBrowserTransport(`http://127.0.0.1:${server.port}`);
    const profileId = SANDBOX_PROFILE_IDS.oidc;
    const calls: [string, () => Promise<IpcResult<unknown>>][] = [
      ['getAppInfo', () => api.getAppInfo()],
      ['listProfiles', () => api.listProfiles()],
      ['refreshNow', () => api.refreshNow({ profileId })],
      ['getStatus', () => api.getStatus({ profileId })],
      ['validate', () => api.validate({ profileId })],
      ['inspect', () => api.inspect({ profileId: SANDBOX_PROFILE_IDS.service })],
      ['getMetrics', () => api.getMetrics({ profileId })],
      ['readAudit', () => api.readAudit({ limit: 50 })],
      ['getSignInOptions', () => api.getSignInOptions({ profileId: SANDBOX_PROFILE_IDS.code })],
      ['inspectPastedToken', () => api.inspectPastedToken({ token: 'not.a.jwt' })],
      ['getSettings', () => api.getSettings()],
      ['testProfile', () => api.testProfile({ input: { name: 'x', provider: 'oidc', issuer: 'not a url', grant: 'client_credentials', clientId: 'c' } })],
      ['addProfile', () => api.addProfile({ name: 'x' })],
    ];
    for (const [name, call] of calls) {
      const result = await call();
      expect(failure(result), name).toBeUndefined();
    }
    expect(storage.get('tokentray.session')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    // A refusal by the server is a contract answer too: it arrives as the server said it.
    expect(await api.getStatus({ profileId: 'nobody' })).toEqual({ ok: false, error: { code: 'unknown_profile', message: expect.stringContaining('nobody') } });
  }, 30_000);
});

describe('browser transport answers from a hostile server', () => {
  let hostile: LoopbackServer;
  let answer: { status: number; body: string };
  beforeAll(async () => {
    hostile = await startLoopbackServer((req, res) => {
      if (req.url === '/api/session') return void res.writeHead(200, { 'content-type': 'application/json' }).end(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  afterAll(() => hostile.close());

  const status = {
    profile: { id: 'p1', name: 'P', provider: { kind: 'oidc', issuer: 'https://idp.example' }, grant: 'pkce', clientId: 'c', requiredScopes: [] },
    state: 'valid',
    scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false },
  };
  const cases: [string, { status: number; body: string }, (api: RendererApi) => Promise<IpcResult<unknown>>, RegExp][] = [
    ['a status carrying the access token', { status: 200, body: JSON.stringify({ ok: true, value: { ...status, accessToken: 'eyJ.secret' } }) }, (api) => api.getStatus({ profileId: 'p1' }), /getStatus .*at "accessToken"/],
    ['a list where a profile lacks its scopes', { status: 200, body: JSON.stringify({ ok: true, value: [{ ...status, scopes: undefined }] }) }, (api) => api.listProfiles(), /listProfiles .*at "0\.scopes"/],
    ['settings with a webhook secret', { status: 200, body: JSON.stringify({ ok: true, value: { settings: {}, storage: {}, webhook: { configured: true, pending: 0, dropped: 0, secret: 's' }, regions: [] } }) }, (api) => api.getSettings(), /getSettings .*value is wrong/],
    ['an error code outside the closed list', { status: 500, body: JSON.stringify({ ok: false, error: { code: 'format_disk', message: 'x' } }) }, (api) => api.getAppInfo(), /getAppInfo .*envelope is wrong/],
    ['an envelope with both answers', { status: 200, body: JSON.stringify({ ok: true, value: null, error: { code: 'internal_error', message: 'x' } }) }, (api) => api.cancelSignIn({ profileId: 'p1' }), /cancelSignIn .*envelope is wrong/],
  ];
  for (const [what, reply, call, message] of cases) {
    it(`turns ${what} into invalid_answer, saying what is wrong and what to do`, async () => {
      stubWindow('', 'stored-session-credential');
      answer = reply;
      const error = failure(await call(createBrowserTransport(hostile.url)));
      expect(error?.code).toBe('invalid_answer');
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/restart TokenTray/);
      expect(error?.message).not.toContain('eyJ.secret');
    });
  }

  it('says a page that is not TokenTray\'s is not, with the start of what came back', async () => {
    stubWindow('', 'stored-session-credential');
    answer = { status: 502, body: '<html>Bad gateway</html>' };
    expect(failure(await createBrowserTransport(hostile.url).getAppInfo())).toEqual({ code: 'http_error', message: expect.stringMatching(/answered 502 with something that is not TokenTray's: <html>Bad gateway/) });
  });

  it('refuses a session credential that could not be a header value, and stores nothing', async () => {
    const storage = stubWindow('#key=one-time-key');
    answer = { status: 200, body: JSON.stringify({ ok: true, value: { session: 'abc\r\nx-forwarded-for: 1.2.3.4' } }) };
    const error = failure(await createBrowserTransport(hostile.url).getAppInfo());
    expect(error).toEqual({ code: 'invalid_answer', message: expect.stringMatching(/without a usable session .*Open the link it printed again/) });
    expect(storage.size).toBe(0);
  });
});
