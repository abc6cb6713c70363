/**
 * The application menu's Electron glue: what it holds is menu-template.ts. Built again whenever
 * what it shows changes (the quick lookup's shortcut, whether Sync now can run).
 */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { APP_NAME } from '../../shared/app-identity';
import { applicationMenu, toMenuTemplate, type AppMenuOptions, type MenuAction } from './menu-template';

export function setApplicationMenu(options: AppMenuOptions, onAction: (action: MenuAction) => void): void {
  const template: MenuItemConstructorOptions[] = toMenuTemplate(applicationMenu(options), onAction);
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** What About shows (macOS's panel; on Windows and Linux Electron draws its own). */
export function setAboutPanel(): void {
  app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
}
