// Renders a TrayModel with Electron's Tray and Menu. No decisions here: see app/tray-model.ts.

import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';
import { trayIconPng } from '../app/tray-icons.js';
import type { TrayView } from '../app/tray-controller.js';
import type { TrayAction, TrayMenuItem, TrayModel } from '../app/tray-model.js';

export interface TrayElectron {
  createTray(image: NativeImage): Pick<TrayType, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on'>;
  buildMenu(template: MenuItemConstructorOptions[]): MenuType;
  imageFromPng(png: Buffer): NativeImage;
}

export class ElectronTrayView implements TrayView {
  private readonly tray: ReturnType<TrayElectron['createTray']>;
  private readonly images = new Map<string, NativeImage>();

  constructor(private readonly electron: TrayElectron) {
    this.tray = electron.createTray(this.image('idle'));
  }

  render(model: TrayModel, onAction: (action: TrayAction) => void): void {
    this.tray.setImage(this.image(model.icon));
    this.tray.setToolTip(model.tooltip);
    this.tray.setContextMenu(this.electron.buildMenu(toTemplate(model.menu, onAction)));
  }

  onClick(handler: () => void): void {
    this.tray.on('click', handler);
  }

  private image(state: TrayModel['icon']): NativeImage {
    let image = this.images.get(state);
    if (!image) {
      image = this.electron.imageFromPng(trayIconPng(state, 32));
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
