// The desktop app's behaviour, apart from Electron: what the tray does, when profiles are
// re-checked (system resume, the network coming back), what a second launch does, how quitting
// flushes, and how notices reach the user (a notification, or the tray tooltip where the desktop
// has no notifications). electron/main.ts only builds the pieces and passes this module a small
// facade over `app`, `powerMonitor`, `net` and `Notification`, so all of it is tested under Node.

import type { GatewayBudgetView } from '../../shared/agent-protocol.js';
import type { ProfileStatus } from '../../shared/domain.js';
import { TrayController, type TrayView } from './tray-controller.js';

/** The few Electron calls this module needs. */
export interface DesktopShell {
  isOnline(): boolean;
  onResume(listener: () => void): void;
  onSecondInstance(listener: () => void): void;
  onBeforeQuit(listener: (event: { preventDefault(): void }) => void): void;
  quit(): void;
  notificationsSupported(): boolean;
  showNotification(title: string, body: string): void;
  getStartAtLogin(): boolean;
  setStartAtLogin(enabled: boolean): void;
}

/** What an engine change looks like to the desktop (a subset of EngineChange). */
export type DesktopChange =
  | { type: 'status' | 'profiles' | 'audit' }
  | { type: 'notice'; level: string; title: string; message: string };

export interface DesktopEngine {
  listStatuses(): ProfileStatus[];
  settings(): { autoRefreshPaused: boolean };
  onChange(listener: (change: DesktopChange) => void): () => void;
  checkAll(): void;
  refreshNow(profileId: string): Promise<unknown>;
  signIn(profileId: string): Promise<unknown>;
  pauseAutoRefresh(paused: boolean): Promise<unknown>;
  stop(): Promise<void>;
}

export interface DesktopDashboard {
  show(): void;
  prepareToQuit(): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const unrefTimers: Timers = {
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface DesktopDeps {
  shell: DesktopShell;
  engine: DesktopEngine;
  dashboard: DesktopDashboard;
  trayView: TrayView;
  /** Clears the clipboard on quit if it still holds a token we put there. */
  clipboard: { clearIfUnchanged(): Promise<unknown> };
  copyToken(profileId: string, as: 'token' | 'authorization_header'): Promise<void>;
  /** What quitting stops, in order (default: the engine); the desktop app adds the agent and the folder lock. */
  shutdown?: () => Promise<void>;
  timers?: Timers;
  now?: () => number;
  /** The local gateway's budget per token in use, for the tray tooltip (read at each tray render). */
  gatewayBudgets?: () => GatewayBudgetView[];
  /** Puts the tokentray command on PATH (the packaged macOS app); absent elsewhere. */
  installCli?: () => Promise<string>;
  /** How often the tray labels (time left) refresh; default 15 s. */
  trayRefreshMs?: number;
  /** How often connectivity is polled; default 10 s. */
  onlinePollMs?: number;
}

export interface DesktopApp {
  tray: TrayController;
  /** A notification, or the tray tooltip where notifications are unsupported. */
  notify(title: string, body: string): void;
  /** The "Token copied" notice after a copy. */
  notifyCopied(masked: string, clearsAt: number | null): void;
}

const NOTICE_IN_TOOLTIP_MS = 60_000;

export function startDesktopApp(deps: DesktopDeps): DesktopApp {
  const { shell, engine, dashboard } = deps;
  const timers = deps.timers ?? unrefTimers;
  const now = deps.now ?? Date.now;

  const notify = (title: string, body: string) => {
    if (shell.notificationsSupported()) shell.showNotification(title, body);
    else tray.showNotice(`${title}: ${body}`, NOTICE_IN_TOOLTIP_MS);
  };

  const tray: TrayController = new TrayController(
    deps.trayView,
    {
      statuses: () => engine.listStatuses(),
      paused: () => engine.settings().autoRefreshPaused,
      startAtLogin: () => shell.getStartAtLogin(),
      // The first profile is the default one (the tray click and the menu's first item copy it).
      defaultProfileId: () => undefined,
      ...(deps.gatewayBudgets ? { gatewayBudgets: deps.gatewayBudgets } : {}),
    },
    {
      copy: (profileId, as) => deps.copyToken(profileId, as),
      refresh: async (profileId) => void (await engine.refreshNow(profileId)),
      signIn: (profileId) => {
        dashboard.show();
        engine.signIn(profileId).catch((error: unknown) => notify('Sign-in failed', error instanceof Error ? error.message : String(error)));
      },
      openDashboard: () => dashboard.show(),
      setPaused: async (paused) => void (await engine.pauseAutoRefresh(paused)),
      setStartAtLogin: (enabled) => shell.setStartAtLogin(enabled),
      ...(deps.installCli ? { installCli: deps.installCli } : {}),
      quit: () => shell.quit(),
      reportError: notify,
    },
    now,
  );

  const intervals: unknown[] = [];
  engine.onChange((change) => {
    if (change.type === 'status' || change.type === 'profiles') tray.render();
    if (change.type === 'notice' && change.level === 'warning') notify(change.title, change.message);
  });
  tray.render();
  // Labels show the time left; refresh them on a slow beat.
  intervals.push(timers.setInterval(() => tray.render(), deps.trayRefreshMs ?? 15_000));

  // After sleep, or when the network comes back, every token may be stale: check them all.
  shell.onResume(() => engine.checkAll());
  let online = shell.isOnline();
  intervals.push(
    timers.setInterval(() => {
      const current = shell.isOnline();
      if (current && !online) engine.checkAll();
      online = current;
    }, deps.onlinePollMs ?? 10_000),
  );

  shell.onSecondInstance(() => dashboard.show());

  let quitting = false;
  shell.onBeforeQuit((event) => {
    if (quitting) return; // the second pass, after the flush: let Electron quit
    event.preventDefault();
    quitting = true;
    for (const handle of intervals) timers.clearInterval(handle);
    dashboard.prepareToQuit();
    // Write the vault and outbox, and clear a copied token, before the process goes.
    void Promise.allSettled([deps.clipboard.clearIfUnchanged(), deps.shutdown ? deps.shutdown() : engine.stop()]).finally(() => shell.quit());
  });

  return {
    tray,
    notify,
    notifyCopied: (masked, clearsAt) => notify('Token copied', `${masked}${clearsAt ? ` · clipboard clears at ${new Date(clearsAt).toLocaleTimeString()}` : ''}`),
  };
}
