// The dashboard window: created on demand, hidden (not destroyed) on close so the app lives on
// in the tray, locked down (context isolation, sandbox, no node integration, no navigation, no
// new windows, no permissions). Only allowlisted URLs open, and only in the system browser.

import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

export interface WindowElectron {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindowType;
  openExternal(url: string): void;
}

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  spellcheck: false,
} as const;

export class DashboardWindow {
  private window: BrowserWindowType | undefined;
  private quitting = false;

  constructor(
    private readonly electron: WindowElectron,
    private readonly options: { url: string; preload: string; isExternalAllowed: (url: string) => boolean },
  ) {}

  show(): BrowserWindowType {
    if (!this.window || this.window.isDestroyed()) this.window = this.create();
    this.window.show();
    this.window.focus();
    return this.window;
  }

  /** On quit, close for real instead of hiding. */
  prepareToQuit(): void {
    this.quitting = true;
  }

  get webContents() {
    return this.window && !this.window.isDestroyed() ? this.window.webContents : undefined;
  }

  private create(): BrowserWindowType {
    const win = this.electron.createWindow({
      width: 1180,
      height: 800,
      show: false,
      title: 'TokenTray',
      autoHideMenuBar: true,
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: this.options.preload },
    });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    const contents = win.webContents;
    contents.on('will-navigate', (event, url) => {
      if (url !== this.options.url) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (this.options.isExternalAllowed(url)) this.electron.openExternal(url);
      return { action: 'deny' };
    });
    // Deny every permission: requests (camera, notifications, …) and checks, which pages use to
    // probe for a permission without asking (e.g. navigator.permissions.query, HID/serial checks).
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    contents.session.setPermissionCheckHandler(() => false);
    void win.loadURL(this.options.url);
    return win;
  }
}
