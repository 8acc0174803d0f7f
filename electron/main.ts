// Composition root of the desktop app: wiring only. It resolves the data folder, builds the engine
// and the Electron adapters, and hands them to app/desktop-app.ts, which holds the behaviour
// (tray, re-checks, second instance, quit flush) and is tested under Node with fakes.

import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, protocol, safeStorage, shell, Tray } from 'electron';
import { join } from 'node:path';
import { createApiHandlers } from './services/api-handlers.js';
import { ClipboardGuard } from './services/clipboard-guard.js';
import { engineChangeToEvent } from './services/dashboard-events.js';
import { startDesktopApp } from './services/desktop-app.js';
import { externalUrlAllowlist, guardedOpener } from './services/external-urls.js';
import { APP_USER_MODEL_ID, trayPlatformPolicy } from './services/tray-platform.js';
import { APP_ORIGIN, createAppProtocolHandler } from './adapters/app-protocol.js';
import { DashboardWindow } from './adapters/dashboard-window.js';
import { createDesktopShell } from './adapters/desktop-shell.js';
import { macosCliInstaller } from './adapters/macos-cli-install.js';
import { ownMainFrameOnly, registerIpcHandlers } from './adapters/ipc-main.js';
import { openElectronSettings } from './adapters/electron-settings-store.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { ElectronTrayView } from './adapters/tray-view.js';
import { defaultDataDir, TokenEngine, createLogger } from './engine/index.js';
import { applyResidentHeapPolicy } from './services/heap-policy.js';
import { claimForDesktop, serveDesktopAgent, type DesktopUi } from './agent/desktop.js';
import { sandboxDemo } from './sandbox/sandbox-demo.js';
import { channelOf } from '../shared/ipc.js';

// One data folder for both modes (TOKENTRAY_DATA_DIR honoured). Set before the single-instance
// lock, which Electron keeps in userData; Chromium's own files go to a subfolder.
const dataDir = defaultDataDir(process.env);
app.setPath('userData', dataDir);
app.setPath('sessionData', join(dataDir, 'electron-session'));
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID); // notifications need it
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const logger = createLogger({ level: process.env.TOKENTRAY_LOG_LEVEL === 'debug' ? 'debug' : 'info' });
  protocol.handle('app', createAppProtocolHandler(join(__dirname, '..', 'dist', 'renderer')));
  if (process.platform === 'darwin') app.dock?.hide(); // menu-bar app
  app.on('window-all-closed', () => {}); // stay in the tray

  // One refresher per data folder: take the folder's lock before the vault opens (a Node entry or
  // a standalone tokentray command may hold it); the agent for the CLI starts once the tray runs.
  const folderUi: DesktopUi = {
    showError: (title, message) => dialog.showErrorBox(title, message),
    notify: (title, body) => Notification.isSupported() && new Notification({ title, body, silent: true }).show(),
    quit: () => app.quit(),
  };
  const folder = await claimForDesktop(dataDir, logger, folderUi);
  if (!folder) return;
  applyResidentHeapPolicy(); // a tray app stays up for weeks: keep garbage from piling up between collections

  const engine = await TokenEngine.start({
    dataDir,
    cipher: createSafeStorageCipher(safeStorage, process.platform), // only valid after 'ready'
    openSettings: openElectronSettings,
    logger,
    env: process.env,
    // With nothing configured, the sandbox identity provider starts as a demo peer.
    startDemo: sandboxDemo(),
    openBrowser: guardedOpener((url) => shell.openExternal(url)),
    // System proxy (PAC included) and the OS certificate store.
    fetch: (url, init) => net.fetch(url, init),
  });

  const clipboardGuard = new ClipboardGuard(clipboard);
  const dashboard = new DashboardWindow(
    { createWindow: (options) => new BrowserWindow(options), openExternal: (url) => void shell.openExternal(url) },
    { url: `${APP_ORIGIN}/index.html`, preload: join(__dirname, 'preload.cjs'), isExternalAllowed: externalUrlAllowlist(() => engine.profiles()) },
  );
  const trayView = new ElectronTrayView(
    {
      createTray: (image, guid) => new Tray(image, guid),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      imageFromPng: (png) => nativeImage.createFromBuffer(png),
      templateImage: (png1x, png2x) => {
        const image = nativeImage.createEmpty();
        image.addRepresentation({ scaleFactor: 1, buffer: png1x });
        image.addRepresentation({ scaleFactor: 2, buffer: png2x });
        image.setTemplateImage(true);
        return image;
      },
    },
    trayPlatformPolicy(process.platform, app.isPackaged),
  );

  const desktop = startDesktopApp({
    shell: createDesktopShell({ app, powerMonitor, net, Notification }),
    engine,
    dashboard,
    trayView,
    clipboard: clipboardGuard,
    gatewayBudgets: () => folder.gateway?.budgetsInUse() ?? [],
    // deb and the Windows installer put tokentray on PATH; on macOS the tray offers it, as VS Code does.
    ...(process.platform === 'darwin' && app.isPackaged ? { installCli: macosCliInstaller(process.resourcesPath) } : {}),
    copyToken: async (profileId, as) => void (await handlers.copyToken({ profileId, as })),
    // The agent's last answers, then the engine's last writes; then the folder is free for another process.
    shutdown: () => folder.stopAgent().then(() => engine.stop()).finally(() => folder.release()),
  });
  const handlers = createApiHandlers({
    engine,
    clipboard: clipboardGuard,
    gateway: () => folder.gateway,
    appInfo: { version: app.getVersion(), mode: 'electron' },
    onCopied: ({ masked, clearsAt }) => desktop.notifyCopied(masked, clearsAt),
  });
  registerIpcHandlers(ipcMain, handlers, ownMainFrameOnly(APP_ORIGIN), logger);
  engine.onChange((change) => {
    const event = engineChangeToEvent(change);
    dashboard.webContents?.send(channelOf(event.name), event.payload);
  });
  await serveDesktopAgent(folder, engine, { logger, defaultProfileId: () => engine.profiles()[0]?.id, ui: folderUi });

  if (process.env.TOKENTRAY_E2E === '1') {
    // Handles for the Playwright _electron suite, which drives the tray through the main process.
    Object.assign(globalThis, { __tokentray: { engine, tray: desktop.tray, dashboard } });
  }
}
