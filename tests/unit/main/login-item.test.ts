/**
 * "Open at login" (src/main/desktop/login-item.ts): the command that starts the app again, the
 * XDG autostart entry on Linux with its Exec quoting, and Electron's login item on macOS and Windows.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { autostartEntry, autostartFile, createLoginItem, execArgument, launchCommand } from '../../../src/main/desktop/login-item';

describe('the command that starts the app', () => {
  it('is the executable when packaged, the AppImage file for an AppImage, Electron and the app folder in development', () => {
    expect(launchCommand({ defaultApp: false, execPath: '/opt/Atom/atom-for-salesforce', argv: ['/opt/Atom/atom-for-salesforce'], cwd: '/' })).toEqual({
      executable: '/opt/Atom/atom-for-salesforce',
      args: [],
    });
    expect(launchCommand({ defaultApp: false, execPath: '/tmp/.mount_Atom/atom', argv: [], cwd: '/', appImage: '/home/me/Atom.AppImage' }).executable).toBe(
      '/home/me/Atom.AppImage',
    );
    expect(launchCommand({ defaultApp: true, execPath: '/repo/node_modules/electron/dist/electron', argv: ['electron', '.'], cwd: '/repo' })).toEqual({
      executable: '/repo/node_modules/electron/dist/electron',
      args: ['/repo'],
    });
  });
});

describe('the Linux autostart entry', () => {
  it('quotes what the Desktop Entry specification reserves, and doubles % and backslashes', () => {
    expect(execArgument('/opt/atom/atom-for-salesforce')).toBe('/opt/atom/atom-for-salesforce');
    expect(execArgument('/opt/Atom for Salesforce/atom')).toBe('"/opt/Atom for Salesforce/atom"');
    expect(execArgument('/home/me/$HOME/"x"')).toBe('"/home/me/\\\\$HOME/\\\\"x\\\\""');
    expect(execArgument('/a\\b')).toBe('"/a\\\\\\\\b"');
    expect(execArgument('/100%/atom')).toBe('/100%%/atom');
    expect(() => execArgument('/a\nb')).toThrow(/line break/);
  });

  it('is a desktop entry that runs the command, in XDG_CONFIG_HOME/autostart or ~/.config/autostart', () => {
    expect(autostartEntry({ executable: '/opt/Atom for Salesforce/atom', args: ['--x'] }, 'Atom for Salesforce')).toBe(
      '[Desktop Entry]\nType=Application\nName=Atom for Salesforce\nExec="/opt/Atom for Salesforce/atom" --x\nTerminal=false\nX-GNOME-Autostart-enabled=true\n',
    );
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe('/cfg/autostart/com.atomforsalesforce.app.desktop');
    expect(autostartFile({}, '/home/me')).toBe('/home/me/.config/autostart/com.atomforsalesforce.app.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart/com.atomforsalesforce.app.desktop');
  });

  it('is written when on and removed when off', () => {
    const config = mkdtempSync(path.join(os.tmpdir(), 'atom-autostart-'));
    try {
      const item = createLoginItem({
        platform: 'linux',
        setLoginItemSettings: () => {
          throw new Error('not on Linux');
        },
        command: { executable: '/opt/atom/atom', args: [] },
        name: 'Atom for Salesforce',
        env: { XDG_CONFIG_HOME: config },
      });
      const file = path.join(config, 'autostart', 'com.atomforsalesforce.app.desktop');
      expect(item.available).toBe(true);
      item.set(true);
      expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/atom/atom\n');
      item.set(false);
      expect(existsSync(file)).toBe(false);
      item.set(false);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe('macOS and Windows', () => {
  it('use Electron’s login item; Windows is told the command', () => {
    const calls: unknown[] = [];
    const command = { executable: 'C:\\Atom\\atom.exe', args: [] };
    for (const platform of ['darwin', 'win32']) {
      createLoginItem({ platform, setLoginItemSettings: (s) => calls.push([platform, s]), command, name: 'Atom', env: {} }).set(true);
    }
    expect(calls).toEqual([
      ['darwin', { openAtLogin: true }],
      ['win32', { openAtLogin: true, path: 'C:\\Atom\\atom.exe', args: [] }],
    ]);
    expect(createLoginItem({ platform: 'freebsd', setLoginItemSettings: () => undefined, command, name: 'Atom', env: {} }).available).toBe(false);
  });
});
