// Composition root of the desktop app: builds the engine and the adapters, wires tray, window,
// IPC, notifications and power events. No logic of its own (that lives in engine/ and app/).

import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, shell, Tray } from 'electron';
import Store from 'electron-store';
import { join } from 'node:path';
import { EVENT_NAMES, channelOf, type EventContract } from '../shared/ipc.js';
import { createApiHandlers } from './app/api-handlers.js';
import { ClipboardGuard } from './app/clipboard-guard.js';
import { externalUrlAllowlist, guardedOpener } from './app/external-urls.js';
import { TrayController } from './app/tray-controller.js';
import { APP_ORIGIN, createAppProtocolHandler } from './adapters/app-protocol.js';
import { DashboardWindow } from './adapters/dashboard-window.js';
import { ownMainFrameOnly, registerIpcHandlers } from './adapters/ipc-main.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { ElectronStoreSettings, readUiPreferences } from './adapters/settings-store.js';
import { ElectronTrayView } from './adapters/tray-view.js';
import { TokenEngine, type EngineChange } from './engine/engine.js';
import { createLogger } from './engine/logging/logger.js';
import { claimForDesktop, serveDesktopAgent, type DesktopUi } from './agent/desktop.js';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const logger = createLogger({ level: process.env.TOKENTRAY_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  const here = __dirname;
  protocol.handle('app', createAppProtocolHandler(join(here, '..', 'dist', 'renderer')));
  if (process.platform === 'darwin') app.dock?.hide(); // menu-bar app

  // Issue 10: one refresher per data folder (lock before the vault opens); the agent starts below.
  const folderUi: DesktopUi = {
    showError: (title, message) => dialog.showErrorBox(title, message),
    notify: (title, body) => Notification.isSupported() && new Notification({ title, body, silent: true }).show(),
    quit: () => app.quit(),
  };
  const folder = await claimForDesktop(app.getPath('userData'), logger, folderUi);
  if (!folder) return;

  const store = new Store({ name: 'settings' });
  const engine = await TokenEngine.start({
    dataDir: app.getPath('userData'),
    cipher: createSafeStorageCipher(safeStorage, process.platform), // only valid after 'ready'
    settings: new ElectronStoreSettings(store),
    logger,
    env: process.env,
    openBrowser: guardedOpener((url) => shell.openExternal(url)),
  });

  const notify = (title: string, body: string) => {
    if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
  };
  const clipboardGuard = new ClipboardGuard(clipboard);
  const handlers = createApiHandlers({
    engine,
    clipboard: clipboardGuard,
    appInfo: { version: app.getVersion(), mode: 'electron' },
    onCopied: ({ masked, clearsAt }) => notify('Token copied', `${masked}${clearsAt ? ` · clipboard clears at ${new Date(clearsAt).toLocaleTimeString()}` : ''}`),
  });
  registerIpcHandlers(ipcMain, handlers, ownMainFrameOnly(APP_ORIGIN), logger);

  const dashboard = new DashboardWindow(
    { createWindow: (options) => new BrowserWindow(options), openExternal: (url) => void shell.openExternal(url) },
    { url: `${APP_ORIGIN}/index.html`, preload: join(here, 'preload.cjs'), isExternalAllowed: externalUrlAllowlist(() => engine.profiles()) },
  );
  app.on('second-instance', () => dashboard.show());

  let quitting = false;
  const tray = new TrayController(
    new ElectronTrayView({ createTray: (image) => new Tray(image), buildMenu: (t) => Menu.buildFromTemplate(t), imageFromPng: (png) => nativeImage.createFromBuffer(png) }),
    {
      statuses: () => engine.listStatuses(),
      paused: () => engine.settings().autoRefreshPaused,
      startAtLogin: () => app.getLoginItemSettings().openAtLogin,
      defaultProfileId: () => readUiPreferences(store).defaultProfileId,
    },
    {
      copy: async (profileId, as) => void (await handlers.copyToken({ profileId, as })),
      refresh: async (profileId) => void (await engine.refreshNow(profileId)),
      signIn: (profileId) => {
        dashboard.show();
        engine.signIn(profileId).catch((error: unknown) => notify('Sign-in failed', error instanceof Error ? error.message : String(error)));
      },
      openDashboard: () => dashboard.show(),
      setPaused: async (paused) => void (await engine.pauseAutoRefresh(paused)),
      setStartAtLogin: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
      quit: () => app.quit(),
      reportError: notify,
    },
  );

  engine.onChange((change: EngineChange) => {
    forwardToDashboard(dashboard, change);
    if (change.type === 'status' || change.type === 'profiles') tray.render();
    if (change.type === 'notice' && change.level === 'warning') notify(change.title, change.message);
  });
  tray.render();
  await serveDesktopAgent(folder, engine, { logger, defaultProfileId: () => readUiPreferences(store).defaultProfileId, ui: folderUi });
  if (process.env.TOKENTRAY_E2E === '1') {
    // Handles for the Playwright _electron suite, which drives the tray through the main process.
    Object.assign(globalThis, { __tokentray: { engine, tray, dashboard } });
  }
  // Labels show the time left; refresh them on a slow beat.
  setInterval(() => tray.render(), 15_000).unref();

  powerMonitor.on('resume', () => engine.checkAll());
  let online = net.isOnline();
  setInterval(() => {
    const now = net.isOnline();
    if (now && !online) engine.checkAll();
    online = now;
  }, 10_000).unref();

  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    dashboard.prepareToQuit();
    // The agent's answers, then the engine's last writes, then the folder is free for another process.
    void Promise.allSettled([clipboardGuard.clearIfUnchanged(), folder.stopAgent().then(() => engine.stop())]).finally(() => void folder.release().finally(() => app.quit()));
  });
}

function forwardToDashboard(dashboard: DashboardWindow, change: EngineChange): void {
  const contents = dashboard.webContents;
  if (!contents) return;
  const payload: { [K in keyof EventContract]?: EventContract[K] } = {};
  if (change.type === 'status') payload.status = change.status;
  if (change.type === 'profiles') payload.profiles = change.profiles;
  if (change.type === 'audit') payload.audit = change.entry;
  if (change.type === 'notice') payload.notice = { level: change.level, title: change.title, message: change.message, ...(change.profileId ? { profileId: change.profileId } : {}) };
  for (const name of EVENT_NAMES) if (payload[name] !== undefined) contents.send(channelOf(name), payload[name]);
}
