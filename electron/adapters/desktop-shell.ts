// The DesktopShell facade (app/desktop-app.ts) over Electron's app, powerMonitor, net and
// Notification: one line per call, no decisions.

import type { App, Net, Notification as NotificationType, PowerMonitor } from 'electron';
import type { DesktopShell } from '../services/desktop-app.js';

export interface ShellElectron {
  app: Pick<App, 'on' | 'quit' | 'getLoginItemSettings' | 'setLoginItemSettings'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  net: Pick<Net, 'isOnline'>;
  Notification: { isSupported(): boolean; new (options: { title: string; body: string; silent: boolean }): Pick<NotificationType, 'show'> };
}

export function createDesktopShell({ app, powerMonitor, net, Notification }: ShellElectron): DesktopShell {
  return {
    isOnline: () => net.isOnline(),
    onResume: (listener) => void powerMonitor.on('resume', listener),
    onSecondInstance: (listener) => void app.on('second-instance', listener),
    onBeforeQuit: (listener) => void app.on('before-quit', listener),
    quit: () => app.quit(),
    notificationsSupported: () => Notification.isSupported(),
    showNotification: (title, body) => new Notification({ title, body, silent: true }).show(),
    getStartAtLogin: () => app.getLoginItemSettings().openAtLogin,
    setStartAtLogin: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}
