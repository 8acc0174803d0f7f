// The desktop app's behaviour under Node with fakes of the Electron facade: tray click copies,
// resume and the network coming back re-check every profile, a second launch opens the dashboard,
// quitting flushes the engine (vault, outbox) and clears the clipboard before Electron quits, and
// notices fall back to the tray tooltip where notifications are unsupported.

import { describe, expect, it } from 'vitest';
import type { GatewayBudgetView } from '../../../shared/agent-protocol.js';
import type { ProfileState, ProfileStatus } from '../../../shared/domain.js';
import { startDesktopApp, type DesktopChange, type DesktopShell, type Timers } from '../../../electron/services/desktop-app.js';
import type { TrayView } from '../../../electron/services/tray-controller.js';
import type { TrayAction, TrayModel } from '../../../electron/services/tray-model.js';

const NOW = 1_000_000;
function status(id: string, state: ProfileState): ProfileStatus {
  return {
    profile: { id, name: id.toUpperCase(), provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant: 'authorization_code', clientId: 'c', requiredScopes: [] },
    state,
    expiresAt: NOW + 25 * 60_000,
    scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false },
  };
}

function setup(options: { notifications?: boolean; online?: boolean; gatewayBudgets?: () => GatewayBudgetView[] } = {}) {
  const log: string[] = [];
  const listeners: Record<string, ((event: { preventDefault(): void }) => void)[]> = {};
  let online = options.online ?? true;
  const shell: DesktopShell = {
    isOnline: () => online,
    onResume: (l) => void (listeners.resume ??= []).push(l),
    onSecondInstance: (l) => void (listeners['second-instance'] ??= []).push(l),
    onBeforeQuit: (l) => void (listeners['before-quit'] ??= []).push(l),
    quit: () => void log.push('app.quit'),
    notificationsSupported: () => options.notifications ?? true,
    showNotification: (title, body) => void log.push(`notification: ${title}: ${body}`),
    getStartAtLogin: () => false,
    setStartAtLogin: (enabled) => void log.push(`startAtLogin ${enabled}`),
  };
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    setInterval: (fn, ms) => {
      const handle = { fn, ms, cleared: false };
      intervals.push(handle);
      return handle;
    },
    clearInterval: (handle) => void ((handle as { cleared: boolean }).cleared = true),
  };
  const changeListeners: ((c: DesktopChange) => void)[] = [];
  let stopResolve: () => void = () => {};
  const engine = {
    listStatuses: () => [status('prod', 'valid'), status('test', 'valid')],
    settings: () => ({ autoRefreshPaused: false }),
    onChange: (l: (c: DesktopChange) => void) => (changeListeners.push(l), () => {}),
    checkAll: () => void log.push('checkAll'),
    refreshNow: async (id: string) => void log.push(`refresh ${id}`),
    signIn: async (id: string) => void log.push(`signIn ${id}`),
    pauseAutoRefresh: async (paused: boolean) => void log.push(`pause ${paused}`),
    stop: () => new Promise<void>((resolve) => {
      log.push('engine.stop started');
      stopResolve = () => {
        log.push('engine.stop done');
        resolve();
      };
    }),
  };
  let click: () => void = () => {};
  const renders: TrayModel[] = [];
  let onAction: (a: TrayAction) => void = () => {};
  const trayView: TrayView = {
    render: (model, handler) => {
      renders.push(model);
      onAction = handler;
    },
    onClick: (handler) => void (click = handler),
  };
  const app = startDesktopApp({
    shell,
    engine,
    dashboard: { show: () => void log.push('dashboard.show'), prepareToQuit: () => void log.push('dashboard.prepareToQuit') },
    trayView,
    clipboard: { clearIfUnchanged: async () => void log.push('clipboard cleared') },
    copyToken: async (profileId, as) => void log.push(`copy ${profileId} ${as}`),
    timers,
    now: () => NOW,
    ...(options.gatewayBudgets ? { gatewayBudgets: options.gatewayBudgets } : {}),
  });
  const emit = (name: string, event = { preventDefault: () => void log.push(`${name} prevented`) }) => listeners[name]?.forEach((l) => l(event));
  return {
    app, log, emit, intervals, renders,
    click: () => click(),
    menu: (a: TrayAction) => onAction(a),
    change: (c: DesktopChange) => changeListeners.forEach((l) => l(c)),
    setOnline: (value: boolean) => void (online = value),
    finishStop: () => stopResolve(),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('desktop app behaviour', () => {
  it('copies the default (first) profile\'s token on a tray click, and any profile from the menu', async () => {
    const t = setup();
    t.click();
    t.menu({ kind: 'copy', profileId: 'test', as: 'authorization_header' });
    await tick();
    expect(t.log).toEqual(['copy prod token', 'copy test authorization_header']);
  });

  it('shows the gateway budget read at each tray render, on the slow beat too', () => {
    let used = 0;
    const t = setup({ gatewayBudgets: () => [{ profile: 'prod', allowed: 300, used, waiting: 0 }] });
    expect(t.renders.at(-1)?.tooltip).not.toMatch(/Gateway/);
    used = 212;
    t.intervals.find((i) => i.ms === 15_000)?.fn();
    expect(t.renders.at(-1)?.tooltip).toMatch(/\nGateway · PROD: 212 of 300 this minute$/);
  });

  it('re-checks every profile on system resume', () => {
    const t = setup();
    t.emit('resume');
    expect(t.log).toEqual(['checkAll']);
  });

  it('re-checks every profile when the network comes back, not while it stays up or down', () => {
    const t = setup({ online: true });
    const poll = t.intervals.find((i) => i.ms === 10_000)!;
    poll.fn();
    t.setOnline(false);
    poll.fn();
    poll.fn();
    expect(t.log).toEqual([]);
    t.setOnline(true);
    poll.fn();
    expect(t.log).toEqual(['checkAll']);
  });

  it('opens the dashboard when the app is launched a second time', () => {
    const t = setup();
    t.emit('second-instance');
    expect(t.log).toEqual(['dashboard.show']);
  });

  it('on quit, holds Electron until the engine has flushed and the clipboard is cleared, then quits', async () => {
    const t = setup();
    t.emit('before-quit');
    await tick();
    expect(t.log).toEqual(['before-quit prevented', 'dashboard.prepareToQuit', 'clipboard cleared', 'engine.stop started']);
    expect(t.intervals.every((i) => i.cleared)).toBe(true);
    t.finishStop();
    await tick();
    expect(t.log.slice(-2)).toEqual(['engine.stop done', 'app.quit']);
    // The second before-quit (from app.quit above) goes through.
    t.emit('before-quit');
    expect(t.log.filter((l) => l === 'before-quit prevented')).toHaveLength(1);
  });

  it('shows warnings from the engine as notifications', () => {
    const t = setup();
    t.change({ type: 'notice', level: 'warning', title: 'Refresh keeps failing', message: 'PROD expires in 2 min' });
    t.change({ type: 'notice', level: 'info', title: 'FYI', message: 'nothing' });
    expect(t.log).toEqual(['notification: Refresh keeps failing: PROD expires in 2 min']);
  });

  it('puts notices in the tray tooltip where notifications are unsupported', () => {
    const t = setup({ notifications: false });
    t.app.notifyCopied('eyJh…k3Zq (812 chars)', null);
    expect(t.log).toEqual([]);
    expect(t.renders.at(-1)?.tooltip).toMatch(/^Token copied: eyJh…k3Zq \(812 chars\)\n/);
  });
});
