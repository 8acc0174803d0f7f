// How the tray behaves on each desktop, as data (the adapter follows it; tests read it):
// - macOS: a monochrome template image (@1x and @2x) that the menu bar tints for light and dark;
//   left click copies and right click opens the menu. With a context menu attached, macOS opens the
//   menu on left click and never fires `click`, so the menu is popped up on right-click instead.
// - Windows: the coloured state icons; click copies, the attached menu opens on right click; a
//   stable GUID (packaged builds only: Windows ties it to the executable's path, so a dev build
//   running from node_modules must not claim it) keeps the icon's place across updates.
// - Linux: AppIndicator/StatusNotifier panels often deliver no click at all, so the menu is
//   attached and its first item copies (see tray-model.ts); the ring icon reads on light and dark.

export const APP_USER_MODEL_ID = 'com.tokentray.app'; // = appId in electron-builder.yml
export const TRAY_GUID = '6f3c1b0e-4a4e-4f7d-9a55-2d1a7c9e8b41';

export interface TrayPlatformPolicy {
  icon: 'template' | 'colour';
  menu: 'attached' | 'right-click';
  guid?: string;
}

export function trayPlatformPolicy(platform: NodeJS.Platform, packaged: boolean): TrayPlatformPolicy {
  if (platform === 'darwin') return { icon: 'template', menu: 'right-click', ...(packaged ? { guid: TRAY_GUID } : {}) };
  if (platform === 'win32') return { icon: 'colour', menu: 'attached', ...(packaged ? { guid: TRAY_GUID } : {}) };
  return { icon: 'colour', menu: 'attached' };
}
