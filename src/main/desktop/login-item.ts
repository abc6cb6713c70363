/**
 * "Open at login". macOS and Windows have Electron's `app.setLoginItemSettings` (it exists on
 * those two only); Linux desktops start what the XDG Autostart specification's folder holds
 * (`$XDG_CONFIG_HOME/autostart`, else `~/.config/autostart`): a desktop entry for the app there
 * when it is on, none when it is off. What the entry says and how its command is quoted (the
 * Desktop Entry specification's Exec rules) are plain functions, tested without Electron.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_ID } from '../../shared/app-identity';

/** What starts the app: the executable and its arguments (in development, Electron and the app's folder). */
export interface LaunchCommand {
  executable: string;
  args: string[];
}

/**
 * The command that starts this app again. An AppImage runs from a temporary mount that is gone
 * after it exits, so the AppImage file itself is what starts it (`APPIMAGE`); an unpackaged app is
 * Electron plus the app's folder.
 */
export function launchCommand(input: { defaultApp: boolean; execPath: string; argv: readonly string[]; cwd: string; appImage?: string }): LaunchCommand {
  const executable = input.appImage || input.execPath;
  if (!input.defaultApp) return { executable, args: [] };
  const appPath = input.argv[1];
  return { executable, args: appPath && !appPath.startsWith('-') ? [path.resolve(input.cwd, appPath)] : [] };
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an Exec key: quoted when it holds a reserved character, with `"`, `` ` ``, `$`
 * and `\` escaped inside the quotes, `%` doubled (field codes), and the string escape of `\`
 * applied on top (so a backslash inside quotes is written four times).
 */
export function execArgument(arg: string): string {
  if (arg.includes('\n') || arg.includes('\r') || arg.includes(String.fromCharCode(0))) {
    throw new Error('A command-line argument with a line break cannot go in a desktop entry');
  }
  const percent = arg.replace(/%/g, '%%');
  if (!RESERVED.test(percent) && percent !== '') return percent;
  const quoted = `"${percent.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/** The autostart desktop entry that starts the app at login. */
export function autostartEntry(command: LaunchCommand, name: string): string {
  const exec = [command.executable, ...command.args].map(execArgument).join(' ');
  return ['[Desktop Entry]', 'Type=Application', `Name=${name}`, `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export function autostartFile(env: Record<string, string | undefined>, home = os.homedir()): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart', `${APP_ID}.desktop`);
}

export interface LoginItem {
  readonly available: boolean;
  set(openAtLogin: boolean): void;
}

export function createLoginItem(deps: {
  platform: string;
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  command: LaunchCommand;
  name: string;
  env: Record<string, string | undefined>;
}): LoginItem {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    return {
      available: true,
      set(openAtLogin) {
        // Windows needs the command spelt out in development (Electron plus the app's folder).
        const windows = deps.platform === 'win32' ? { path: deps.command.executable, args: deps.command.args } : {};
        deps.setLoginItemSettings({ openAtLogin, ...windows });
      },
    };
  }
  if (deps.platform !== 'linux') return { available: false, set: () => undefined };
  const file = autostartFile(deps.env);
  return {
    available: true,
    set(openAtLogin) {
      if (!openAtLogin) return rmSync(file, { force: true });
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, autostartEntry(deps.command, deps.name), { mode: 0o644 });
    },
  };
}
