import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ProfileState, ProfileStatus } from '../../../shared/domain.js';
import { TrayController, type TrayActions, type TrayView } from '../../../electron/services/tray-controller.js';
import { trayIconPng } from '../../../electron/services/tray-icons.js';
import { buildTrayModel, iconFor, type TrayAction, type TrayMenuItem, type TrayModel } from '../../../electron/services/tray-model.js';
import { toTemplate } from '../../../electron/adapters/tray-view.js';

const NOW = 1_000_000;
function status(id: string, state: ProfileState, extra: Partial<ProfileStatus> = {}): ProfileStatus {
  return {
    profile: { id, name: id.toUpperCase(), provider: { kind: 'genesys', domain: 'mypurecloud.ie' }, grant: 'authorization_code', clientId: 'c', requiredScopes: [] },
    state,
    expiresAt: NOW + 25 * 60_000,
    scopes: { required: [], granted: [], missing: [], extra: [], source: 'none', governedByRoles: false },
    ...extra,
  };
}
const labels = (items: TrayMenuItem[]): string[] => items.flatMap((i) => (i.type === 'separator' ? ['---'] : i.type === 'submenu' ? [i.label, ...labels(i.items).map((l) => `  ${l}`)] : [i.label]));

describe('tray model', () => {
  it('shows the worst state in the icon', () => {
    expect(iconFor([])).toBe('idle');
    expect(iconFor([status('a', 'valid')])).toBe('valid');
    expect(iconFor([status('a', 'valid'), status('b', 'retrying')])).toBe('expiring');
    expect(iconFor([status('a', 'refreshing'), status('b', 'signin_required')])).toBe('signin_required');
    expect(iconFor([status('a', 'error'), status('b', 'signin_required')])).toBe('error');
  });

  it('lists per-profile actions, "Sign in…" only when required, then the app items', () => {
    const model = buildTrayModel({ statuses: [status('prod', 'valid'), status('test', 'signin_required')], paused: true, startAtLogin: false, now: NOW });
    expect(labels(model.menu)).toEqual([
      'Copy PROD token', '---',
      'PROD — valid · 25 min left', '  Copy access token', '  Copy as Authorization header', '  Refresh now',
      'TEST — sign-in required · 25 min left', '  Copy access token', '  Copy as Authorization header', '  Refresh now', '  Sign in…',
      '---', 'Open dashboard', 'Pause auto-refresh', 'Start at login', '---', 'Quit TokenTray',
    ]);
    const test = model.menu.find((i) => i.type === 'submenu' && i.label.startsWith('TEST'));
    expect(test?.type === 'submenu' && test.items[0]).toMatchObject({ enabled: false });
    expect(model.menu.find((i) => i.type === 'checkbox' && i.label === 'Pause auto-refresh')).toMatchObject({ checked: true });
    expect(model.tooltip).toBe('TokenTray · PROD: valid, 25 min left');
  });

  it('adds the gateway budget of each token spent this minute to the tooltip, without a countdown that would go stale', () => {
    const model = buildTrayModel({
      statuses: [status('prod', 'valid'), status('test', 'valid')],
      paused: false,
      startAtLogin: false,
      now: NOW,
      gatewayBudgets: [
        { profile: 'prod', allowed: 300, used: 212, left: 88, resetsAt: NOW + 18_000, waiting: 0 },
        { profile: 'test', allowed: 300, used: 0, left: 300, waiting: 0 },
        { profile: 'gone', used: 3, waiting: 2 },
      ],
    });
    expect(model.tooltip.split('\n')).toEqual([
      'TokenTray · PROD: valid, 25 min left',
      'Gateway · PROD: 212 of 300 this minute',
      "Gateway · gone: 3 this minute; the limit shows after Genesys Cloud's first answer · 2 waiting",
    ]);
  });

  it('uses the chosen default profile for the tooltip and the first item', () => {
    const model = buildTrayModel({ statuses: [status('a', 'valid'), status('b', 'expiring')], defaultProfileId: 'b', paused: false, startAtLogin: false, now: NOW });
    expect(model.tooltip).toMatch(/^TokenTray · B: expiring soon/);
    expect(model.menu[0]).toMatchObject({ action: { kind: 'copy', profileId: 'b' } });
  });
});

describe('tray icons', () => {
  it('are valid 32×32 RGBA PNGs, different per state', () => {
    const pngs = (['valid', 'expiring', 'signin_required', 'error', 'refreshing', 'idle'] as const).map((s) => trayIconPng(s));
    for (const png of pngs) {
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(32);
      const idatLength = png.readUInt32BE(33);
      expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(32 * (1 + 32 * 4));
    }
    expect(new Set(pngs.map((p) => p.toString('base64'))).size).toBe(pngs.length);
  });
});

describe('TrayController', () => {
  function setup(statuses: ProfileStatus[]) {
    const renders: TrayModel[] = [];
    let click: () => void = () => {};
    let menuAction: (a: TrayAction) => void = () => {};
    const view: TrayView = {
      render: (model, onAction) => {
        renders.push(model);
        menuAction = onAction;
      },
      onClick: (h) => (click = h),
    };
    const calls: string[] = [];
    let paused = false;
    const actions: TrayActions = {
      copy: async (id, as) => void calls.push(`copy ${id} ${as}`),
      refresh: async (id) => void calls.push(`refresh ${id}`),
      signIn: (id) => void calls.push(`signin ${id}`),
      openDashboard: () => void calls.push('dashboard'),
      setPaused: async (p) => void (paused = p),
      setStartAtLogin: () => {},
      quit: () => void calls.push('quit'),
      reportError: (t, m) => void calls.push(`error ${m}`),
    };
    const controller = new TrayController(view, { statuses: () => statuses, paused: () => paused, startAtLogin: () => false, defaultProfileId: () => undefined }, actions, () => NOW);
    return { controller, renders, calls, click: () => click(), menu: (a: TrayAction) => menuAction(a) };
  }

  it('copies the default profile\'s token on click', async () => {
    const t = setup([status('prod', 'valid')]);
    t.click();
    await new Promise((r) => setImmediate(r));
    expect(t.calls).toEqual(['copy prod token']);
  });

  it('renders only when something visible changed, and re-renders after toggling pause', async () => {
    const t = setup([status('prod', 'valid')]);
    t.controller.render();
    t.controller.render();
    expect(t.renders).toHaveLength(1);
    t.menu({ kind: 'toggle_pause' });
    await new Promise((r) => setImmediate(r));
    expect(t.renders).toHaveLength(2);
    expect(t.renders[1]!.menu.find((i) => i.type === 'checkbox' && i.label === 'Pause auto-refresh')).toMatchObject({ checked: true });
  });

  it('reports a failing action instead of throwing', async () => {
    const errors: string[] = [];
    const controller = new TrayController(
      { render: () => {}, onClick: () => {} },
      { statuses: () => [], paused: () => false, startAtLogin: () => false, defaultProfileId: () => undefined },
      {
        copy: async () => { throw new Error('Sign in first.'); },
        refresh: async () => {}, signIn: () => {}, openDashboard: () => {}, setPaused: async () => {}, setStartAtLogin: () => {}, quit: () => {},
        reportError: (_title, message) => void errors.push(message),
      },
    );
    await controller.handle({ kind: 'copy', profileId: 'x', as: 'token' });
    expect(errors).toEqual(['Sign in first.']);
  });

  it('turns the model into an Electron menu template whose clicks dispatch actions', () => {
    const seen: TrayAction[] = [];
    const template = toTemplate(buildTrayModel({ statuses: [status('p', 'valid')], paused: false, startAtLogin: true, now: NOW }).menu, (a) => seen.push(a));
    const first = template[0]!;
    (first.click as () => void)();
    expect(seen).toEqual([{ kind: 'copy', profileId: 'p', as: 'token' }]);
    expect(template.find((i) => i.label === 'Start at login')).toMatchObject({ type: 'checkbox', checked: true });
  });
});
