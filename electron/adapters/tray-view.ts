// Renders a TrayModel with Electron's Tray and Menu, following the platform policy (app/
// tray-platform.ts): template image and right-click menu on macOS, attached menu elsewhere. No
// decisions about content here: see app/tray-model.ts.

import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';
import { trayIconPng, trayTemplatePng } from '../services/tray-icons.js';
import type { TrayView } from '../services/tray-controller.js';
import type { TrayAction, TrayMenuItem, TrayModel } from '../services/tray-model.js';
import type { TrayPlatformPolicy } from '../services/tray-platform.js';

export type TrayLike = Pick<TrayType, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'popUpContextMenu'>;

export interface TrayElectron {
  createTray(image: NativeImage, guid?: string): TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): MenuType;
  imageFromPng(png: Buffer): NativeImage;
  /** A template image with @1x and @2x representations (macOS tints it). */
  templateImage(png1x: Buffer, png2x: Buffer): NativeImage;
}

export class ElectronTrayView implements TrayView {
  private readonly tray: TrayLike;
  private readonly images = new Map<string, NativeImage>();
  private menu: MenuType | undefined;

  constructor(private readonly electron: TrayElectron, private readonly policy: TrayPlatformPolicy) {
    this.tray = electron.createTray(this.image('idle'), ...(policy.guid ? [policy.guid] : []));
    if (policy.menu === 'right-click') {
      this.tray.on('right-click', () => {
        if (this.menu) this.tray.popUpContextMenu(this.menu);
      });
    }
  }

  render(model: TrayModel, onAction: (action: TrayAction) => void): void {
    this.tray.setImage(this.image(model.icon));
    this.tray.setToolTip(model.tooltip);
    this.menu = this.electron.buildMenu(toTemplate(model.menu, onAction));
    if (this.policy.menu === 'attached') this.tray.setContextMenu(this.menu);
  }

  onClick(handler: () => void): void {
    this.tray.on('click', handler);
  }

  private image(state: TrayModel['icon']): NativeImage {
    let image = this.images.get(state);
    if (!image) {
      image = this.policy.icon === 'template' ? this.electron.templateImage(trayTemplatePng(state, 16), trayTemplatePng(state, 32)) : this.electron.imageFromPng(trayIconPng(state, 32));
      this.images.set(state, image);
    }
    return image;
  }
}

export function toTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: item.label, submenu: toTemplate(item.items, onAction) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, click: () => onAction(item.action) };
      default:
        return { label: item.label, enabled: item.enabled ?? true, click: () => onAction(item.action) };
    }
  });
}
