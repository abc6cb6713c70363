/**
 * Arguments for `app.setAsDefaultProtocolClient`. A packaged app registers its own executable.
 * In development the executable is the Electron binary (`process.defaultApp` is true), so the OS
 * must also be told which app to load: execPath plus the absolute path of argv[1].
 */
import path from 'node:path';
import { DEEP_LINK_SCHEME } from '../../shared/app-identity';

export interface ProtocolClientRegistration {
  scheme: string;
  executable?: string;
  args?: string[];
}

export function protocolClientRegistration(input: {
  defaultApp: boolean;
  execPath: string;
  argv: readonly string[];
  cwd: string;
}): ProtocolClientRegistration | null {
  if (!input.defaultApp) return { scheme: DEEP_LINK_SCHEME };
  const appPath = input.argv[1];
  if (typeof appPath !== 'string' || appPath.length === 0 || appPath.startsWith('-')) {
    // `electron` started without an app path: the OS could not relaunch this app, so do not
    // register at all (logins then use the loopback fallback).
    return null;
  }
  return { scheme: DEEP_LINK_SCHEME, executable: input.execPath, args: [path.resolve(input.cwd, appPath)] };
}
