import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from '../../../src/main/security/permissions';

describe('permission policy (checklist E7)', () => {
  it.each([
    'media',
    'notifications',
    'geolocation',
    'clipboard-read',
    'deprecated-sync-clipboard-read',
    'display-capture',
    'fullscreen',
    'openExternal',
    'hid',
    'usb',
    'serial',
    'midiSysex',
    'fileSystem',
    'storage-access',
    'unknown',
  ])('denies %s even to the app page', (permission) => {
    expect(isPermissionGranted(permission, 'app://atom')).toBe(false);
    expect(isPermissionGranted(permission, 'app://atom/index.html')).toBe(false);
  });

  it('lets the app page write text to the clipboard', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://atom')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://atom/index.html')).toBe(true);
  });

  it('denies clipboard writes to anything else', () => {
    for (const origin of ['https://evil.io', 'app://evil', 'file://', 'null', '', undefined]) {
      expect(isPermissionGranted('clipboard-sanitized-write', origin)).toBe(false);
    }
  });
});
