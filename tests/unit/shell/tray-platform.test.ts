// Platform conventions of the tray, through the Electron tray adapter with a fake Tray: macOS gets a
// template image (@1x + @2x), no attached menu (it would swallow left clicks) and the menu on right
// click; Windows and Linux attach the menu; a stable GUID only for packaged Windows/macOS builds;
// the Windows AppUserModelID matches the packaging appId; dashboard events map to IPC channels.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron';
import { describe, expect, it } from 'vitest';
import { engineChangeToEvent } from '../../../electron/services/dashboard-events.js';
import { trayTemplatePng } from '../../../electron/services/tray-icons.js';
import type { TrayAction, TrayModel } from '../../../electron/services/tray-model.js';
import { APP_USER_MODEL_ID, TRAY_GUID, trayPlatformPolicy } from '../../../electron/services/tray-platform.js';
import { ElectronTrayView, type TrayElectron } from '../../../electron/adapters/tray-view.js';

const root = join(import.meta.dirname, '..', '..', '..');

function fakeElectron() {
  const calls: string[] = [];
  const handlers = new Map<string, () => void>();
  let createdWith: unknown[] = [];
  let lastTemplate: MenuItemConstructorOptions[] = [];
  const electron: TrayElectron = {
    createTray: (...args) => {
      createdWith = args;
      return {
        setImage: (image) => void calls.push(`setImage ${String(image)}`),
        setToolTip: (text) => void calls.push(`setToolTip ${text}`),
        setContextMenu: () => void calls.push('setContextMenu'),
        popUpContextMenu: () => void calls.push('popUpContextMenu'),
        on: ((event: string, handler: () => void) => {
          handlers.set(event, handler);
          return undefined as never;
        }) as never,
      };
    },
    buildMenu: (template) => {
      lastTemplate = template;
      return { template } as unknown as Menu;
    },
    imageFromPng: () => 'colour-image' as unknown as NativeImage,
    templateImage: (png1x, png2x) => `template-image ${png1x.readUInt32BE(16)}/${png2x.readUInt32BE(16)}` as unknown as NativeImage,
  };
  return { electron, calls, handlers, created: () => createdWith, template: () => lastTemplate };
}

const model: TrayModel = {
  icon: 'valid',
  tooltip: 'PROD: 20 min left',
  menu: [{ type: 'item', label: 'Copy PROD token', action: { kind: 'copy', profileId: 'prod', as: 'token' } }],
};

describe('tray platform conventions', () => {
  it('macOS: template image at 16 and 32 px, right click pops the menu, left click stays free for copying', () => {
    const fake = fakeElectron();
    const view = new ElectronTrayView(fake.electron, trayPlatformPolicy('darwin', true));
    expect(fake.created()).toEqual(['template-image 16/32', TRAY_GUID]);
    let clicked = 0;
    view.onClick(() => (clicked += 1));
    view.render(model, () => {});
    expect(fake.calls).not.toContain('setContextMenu');
    fake.handlers.get('right-click')!();
    expect(fake.calls).toContain('popUpContextMenu');
    fake.handlers.get('click')!();
    expect(clicked).toBe(1);
  });

  it('Windows: colour icon, attached menu, stable GUID only when packaged', () => {
    const packaged = fakeElectron();
    new ElectronTrayView(packaged.electron, trayPlatformPolicy('win32', true)).render(model, () => {});
    expect(packaged.created()).toEqual(['colour-image', TRAY_GUID]);
    expect(packaged.calls).toContain('setContextMenu');
    const dev = fakeElectron();
    new ElectronTrayView(dev.electron, trayPlatformPolicy('win32', false));
    expect(dev.created()).toEqual(['colour-image']);
  });

  it('Linux: attached menu whose first item copies (panels may send no click)', () => {
    const fake = fakeElectron();
    const actions: TrayAction[] = [];
    new ElectronTrayView(fake.electron, trayPlatformPolicy('linux', true)).render(model, (a) => actions.push(a));
    expect(fake.created()).toEqual(['colour-image']);
    expect(fake.calls).toContain('setContextMenu');
    const first = fake.template()[0] as { click: () => void };
    first.click();
    expect(actions).toEqual([{ kind: 'copy', profileId: 'prod', as: 'token' }]);
  });

  it('draws template images in black and alpha only, one shape per state', () => {
    const states = ['valid', 'refreshing', 'expiring', 'signin_required', 'error', 'idle'] as const;
    const images = states.map((s) => trayTemplatePng(s, 32));
    expect(new Set(images.map((p) => p.toString('base64'))).size).toBe(states.length);
    for (const png of images) {
      const idatLength = png.readUInt32BE(33);
      const raw = inflateSync(png.subarray(41, 41 + idatLength));
      for (let row = 0; row < 32; row += 1) {
        for (let x = 0; x < 32; x += 1) {
          const at = row * (1 + 32 * 4) + 1 + x * 4;
          expect([raw[at], raw[at + 1], raw[at + 2]]).toEqual([0, 0, 0]);
        }
      }
    }
    expect(trayTemplatePng('valid', 16).readUInt32BE(16)).toBe(16);
  });

  it('uses the packaging appId as the Windows AppUserModelID (notifications are keyed by it)', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(new RegExp(`^appId: ${APP_USER_MODEL_ID.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('forwards engine notices to the dashboard as the contract\'s notice event', () => {
    expect(engineChangeToEvent({ type: 'notice', level: 'warning', title: 'T', message: 'M' })).toEqual({ name: 'notice', payload: { level: 'warning', title: 'T', message: 'M' } });
  });
});
