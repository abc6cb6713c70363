/**
 * The tray icon and its menu (Electron glue; what the menu says is tray-menu.ts). The menu is the
 * icon's context menu on every system: on Linux it is the only way in, since StatusNotifier trays
 * deliver no reliable click events; on macOS a click opens it; on Windows a left click opens the
 * quick lookup, a right click the menu.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { trayIconPng } from './tray-icon';
import type { TrayAction, TrayItem } from './tray-menu';

export interface AppTray {
  update(items: TrayItem[], tooltip: string): void;
  destroy(): void;
}

function trayImage(platform: string): NativeImage {
  const look = platform === 'darwin' ? 'template' : 'color';
  // Menu bars and tray areas are 16 points tall on macOS and Windows (22–24 pixels on Linux panels,
  // which scale the image): a 1× and a 2× picture.
  const image = nativeImage.createEmpty();
  image.addRepresentation({ scaleFactor: 1, buffer: trayIconPng(16, look) });
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(32, look) });
  if (look === 'template') image.setTemplateImage(true);
  return image;
}

function template(items: TrayItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'info') return { label: item.label, enabled: false };
    return {
      label: item.label,
      enabled: item.enabled,
      click: () => onAction(item.action),
      // Shown beside the item only: the global shortcut itself is registered elsewhere.
      ...(item.accelerator ? { accelerator: item.accelerator, registerAccelerator: false } : {}),
    };
  });
}

export function createAppTray(options: { platform: string; onAction(action: TrayAction): void }): AppTray {
  const tray = new Tray(trayImage(options.platform));
  if (options.platform === 'win32') tray.on('click', () => options.onAction('quick-lookup'));
  return {
    update(items, tooltip) {
      tray.setContextMenu(Menu.buildFromTemplate(template(items, options.onAction)));
      tray.setToolTip(tooltip);
    },
    destroy() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
