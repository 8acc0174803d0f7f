import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { ClipboardGuard, type ClipboardPort, type Timers } from '../../../electron/services/clipboard-guard.js';
import { externalUrlAllowlist } from '../../../electron/services/external-urls.js';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler } from '../../../electron/adapters/app-protocol.js';
import { DashboardWindow, SECURE_WEB_PREFERENCES } from '../../../electron/adapters/dashboard-window.js';
import { ownMainFrameOnly, registerIpcHandlers } from '../../../electron/adapters/ipc-main.js';
import { createSafeStorageCipher } from '../../../electron/adapters/safe-storage-cipher.js';
import { INVOKE_NAMES, REQUEST_SCHEMAS, type ApiHandlers, type InvokeName } from '../../../shared/ipc.js';
import { useTempDirs } from '../../support/temp-dir.js';

const tempDir = useTempDirs();

/** One payload each call's schema accepts; the Record type makes a new call fail to compile here. */
const VALID_PAYLOADS: Record<InvokeName, unknown> = {
  getAppInfo: undefined,
  listProfiles: undefined,
  getStatus: { profileId: 'p' },
  refreshNow: { profileId: 'p' },
  copyToken: { profileId: 'p', as: 'token' },
  validate: { profileId: 'p' },
  inspect: { profileId: 'p' },
  getMetrics: { profileId: 'p' },
  inspectPastedToken: { token: 'abc' },
  readAudit: {},
  addProfile: { name: 'N', provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c' },
  updateProfile: { profileId: 'p', input: { name: 'N', provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c' } },
  removeProfile: { profileId: 'p' },
  signIn: { profileId: 'p' },
  cancelSignIn: { profileId: 'p' },
  signInWithRefreshToken: { profileId: 'p', refreshToken: 'rt' },
  startDeviceSignIn: { profileId: 'p' },
  signOut: { profileId: 'p' },
  getSettings: undefined,
  updateSettings: { clipboardClearSec: 10 },
  configureWebhook: null,
  sendTestWebhook: undefined,
  restoreProfile: { profileId: 'p' },
  testProfile: { input: { name: 'N', provider: 'genesys', region: 'eu-west-1', grant: 'client_credentials', clientId: 'c' } },
  getSignInOptions: { profileId: 'p' },
  listConsumers: undefined,
  grantConsumerKey: { profileId: 'p', consumer: 'billing-report' },
  revokeConsumer: { consumer: 'billing-report' },
};

describe('ClipboardGuard', () => {
  function fakes() {
    let content = '';
    const clipboard: ClipboardPort = { writeText: (t) => void (content = t), readText: async () => content };
    const pending: (() => void)[] = [];
    const timers: Timers = { setTimeout: (fn) => pending.push(fn), clearTimeout: () => {} };
    return { clipboard, timers, read: () => content, set: (t: string) => (content = t), fire: async () => { for (const f of pending.splice(0)) f(); await new Promise((r) => setImmediate(r)); } };
  }

  it('clears the token after the delay when the clipboard still holds it', async () => {
    const f = fakes();
    const guard = new ClipboardGuard(f.clipboard, () => 1000, f.timers);
    expect(guard.copy('secret-token', 30_000)).toBe(31_000);
    expect(f.read()).toBe('secret-token');
    await f.fire();
    expect(f.read()).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const f = fakes();
    const guard = new ClipboardGuard(f.clipboard, () => 0, f.timers);
    guard.copy('secret-token', 30_000);
    f.set('my shopping list');
    await f.fire();
    expect(f.read()).toBe('my shopping list');
  });

  it('never clears with a delay of 0', () => {
    const f = fakes();
    expect(new ClipboardGuard(f.clipboard, () => 0, f.timers).copy('t', 0)).toBeNull();
  });
});

describe('IPC registration', () => {
  const appOrigin = 'app://tokentray';
  function setup() {
    const registered = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>) => void registered.set(channel, fn),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    const calls: unknown[] = [];
    const called: string[] = [];
    const handlers = new Proxy({}, { get: (_target, name) => async (req: unknown) => { calls.push(req); called.push(String(name)); return `answer of ${String(name)}`; } }) as ApiHandlers;
    const unregister = registerIpcHandlers(ipcMain as never, handlers, ownMainFrameOnly(appOrigin));
    return { registered, calls, called, unregister };
  }
  const mainFrame = { url: 'app://tokentray/index.html' };
  const ownEvent = { senderFrame: mainFrame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;

  it('registers exactly the contract\'s calls, each routed to its own handler, and answers in an envelope', async () => {
    const t = setup();
    // Exactly the contract: nothing missing, nothing extra (the contract's keys are the schemas').
    expect([...t.registered.keys()].sort()).toEqual(Object.keys(REQUEST_SCHEMAS).map((name) => `tokentray:${name}`).sort());
    expect(INVOKE_NAMES.length).toBeGreaterThanOrEqual(20);
    // Each channel reaches the handler of the same name (a payload the schema rejects never does).
    for (const name of INVOKE_NAMES) {
      t.called.length = 0;
      const answer = await t.registered.get(`tokentray:${name}`)!(ownEvent, VALID_PAYLOADS[name]);
      expect({ name, answer }).toEqual({ name, answer: { ok: true, value: `answer of ${name}` } });
      expect(t.called).toEqual([name]);
    }
    t.unregister();
    expect(t.registered.size).toBe(0);
  });

  it('refuses a foreign sender: another origin, or a subframe', async () => {
    const t = setup();
    const evil = { url: 'https://evil.example/' };
    const foreign = { senderFrame: evil, sender: { mainFrame: evil } } as unknown as IpcMainInvokeEvent;
    const sub = { senderFrame: { url: 'app://tokentray/x' }, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
    for (const event of [foreign, sub]) {
      expect(await t.registered.get('tokentray:refreshNow')!(event, { profileId: 'p' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(t.calls).toEqual([]);
  });

  it('refuses a bad payload with a message naming the field', async () => {
    const t = setup();
    const result = await t.registered.get('tokentray:copyToken')!(ownEvent, { profileId: 'p', as: 'everything' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/copyToken \(as\)/) } });
    expect(t.calls).toEqual([]);
  });
});

describe('safeStorage cipher', () => {
  const fake = (backend: string, available = true) => ({
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(`enc:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
    getSelectedStorageBackend: () => backend as never,
  });
  it('treats Linux basic_text as weak and keyrings as strong', () => {
    expect(createSafeStorageCipher(fake('basic_text'), 'linux')).toMatchObject({ backend: 'basic_text', strong: false });
    expect(createSafeStorageCipher(fake('gnome_libsecret'), 'linux')).toMatchObject({ backend: 'gnome_libsecret', strong: true });
    expect(createSafeStorageCipher(fake('unknown'), 'darwin')).toMatchObject({ backend: 'keychain', strong: true });
    expect(createSafeStorageCipher(fake('unknown'), 'win32')).toMatchObject({ backend: 'dpapi', strong: true });
  });
  it('round-trips through safeStorage and reports availability', () => {
    const cipher = createSafeStorageCipher(fake('kwallet5'), 'linux');
    expect(cipher.decrypt(cipher.encrypt(Buffer.from('{"a":1}'))).toString()).toBe('{"a":1}');
    expect(createSafeStorageCipher(fake('kwallet5', false), 'linux').isAvailable()).toBe(false);
  });
});

describe('app protocol', () => {
  it('serves renderer files with the CSP and refuses paths outside the folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'secret.txt'), 'nope');
    const handle = createAppProtocolHandler(join(dir, 'renderer'));
    const ok = await handle(new Request('app://tokentray/index.html'));
    expect(ok.status).toBe(200);
    // The served policy, parsed and held to what a locked-down dashboard needs (not to its own constant).
    const served = ok.headers.get('content-security-policy') ?? '';
    const directives = new Map(served.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
    expect(Object.fromEntries(directives)).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
      'connect-src': ["'self'"],
    });
    expect(served).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*|https?:|blob:/);
    expect(served).toBe(CONTENT_SECURITY_POLICY);
    for (const path of ['app://tokentray/../secret.txt', 'app://tokentray/%2e%2e/secret.txt', 'app://other/index.html']) {
      expect((await handle(new Request(path))).status).toBe(404);
    }
  });
});

describe('dashboard window', () => {
  it('is created on demand with the secure preferences, hides on close, denies navigation and new windows', () => {
    const events = new Map<string, (...args: unknown[]) => void>();
    const opened: string[] = [];
    let options: Record<string, unknown> = {};
    let openHandler: (d: { url: string }) => { action: string } = () => ({ action: 'allow' });
    let permissionHandler: (wc: unknown, p: string, cb: (ok: boolean) => void) => void = () => {};
    let permissionCheck: ((wc: unknown, p: string, origin: string, details: object) => boolean) | undefined;
    let hidden = false;
    let created = 0;
    const fakeWindow = {
      on: (name: string, fn: (...args: unknown[]) => void) => events.set(`win:${name}`, fn),
      show: () => {}, focus: () => {}, hide: () => void (hidden = true), isDestroyed: () => false, loadURL: async () => {},
      webContents: {
        on: (name: string, fn: (...args: unknown[]) => void) => events.set(`wc:${name}`, fn),
        setWindowOpenHandler: (fn: typeof openHandler) => void (openHandler = fn),
        session: {
          setPermissionRequestHandler: (fn: typeof permissionHandler) => void (permissionHandler = fn),
          setPermissionCheckHandler: (fn: typeof permissionCheck) => void (permissionCheck = fn),
        },
      },
    };
    const window = new DashboardWindow(
      { createWindow: (o) => { created += 1; options = o as Record<string, unknown>; return fakeWindow as never; }, openExternal: (u) => void opened.push(u) },
      { url: 'app://tokentray/index.html', preload: '/p.cjs', isExternalAllowed: (u) => u.startsWith('https://login.mypurecloud.ie') },
    );
    expect(created).toBe(0);
    window.show();
    window.show();
    expect(created).toBe(1);
    // Spelled out, not compared with the module's own constant: weakening any flag must fail here.
    expect(options.webPreferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false, spellcheck: false, preload: '/p.cjs' });
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('webSecurity', false);

    let prevented = false;
    events.get('win:close')!({ preventDefault: () => (prevented = true) });
    expect(prevented && hidden).toBe(true);
    let navPrevented = false;
    events.get('wc:will-navigate')!({ preventDefault: () => (navPrevented = true) }, 'https://evil.example');
    expect(navPrevented).toBe(true);
    expect(openHandler({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://login.mypurecloud.ie/logout' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://login.mypurecloud.ie/logout']);
    let granted = true;
    permissionHandler(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    // Checks are denied too, for every permission a page might probe.
    expect(permissionCheck).toBeTypeOf('function');
    for (const permission of ['media', 'notifications', 'clipboard-read', 'hid', 'serial', 'geolocation']) expect(permissionCheck!(null, permission, 'app://tokentray', {})).toBe(false);
  });
});

describe('external URL allowlist', () => {
  it('allows Genesys login hosts and configured issuers only', () => {
    const allowed = externalUrlAllowlist(() => [{ id: 'o', name: 'O', provider: { kind: 'oidc', issuer: 'https://idp.example.com/realms/x' }, grant: 'pkce', clientId: 'c', requiredScopes: [] }]);
    expect(allowed('https://login.mypurecloud.de/oauth/authorize')).toBe(true);
    expect(allowed('https://idp.example.com/realms/x/protocol')).toBe(true);
    expect(allowed('https://login.mypurecloud.de.evil.com/')).toBe(false);
    expect(allowed('http://login.mypurecloud.de/')).toBe(false);
    expect(allowed('javascript:alert(1)')).toBe(false);
  });
});
