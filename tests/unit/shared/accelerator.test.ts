/**
 * The global shortcut's syntax (src/shared/accelerator.ts): Electron's accelerators, checked and
 * written one way, shown as each system writes shortcuts, and read from a key press.
 */
import { describe, expect, it } from 'vitest';
import {
  acceleratorFromKeyPress,
  acceleratorKeysOn,
  checkAccelerator,
  DEFAULT_QUICK_LOOKUP_SHORTCUT,
  formatAccelerator,
  type KeyPress,
} from '../../../src/shared/accelerator';

const ok = (raw: string) => {
  const check = checkAccelerator(raw);
  if (!check.ok) throw new Error(`${raw}: ${check.reason}`);
  return check.accelerator;
};
const reason = (raw: string) => {
  const check = checkAccelerator(raw);
  return check.ok ? null : check.reason;
};

describe('checkAccelerator', () => {
  it('accepts Electron’s modifiers and key codes in any case and spelling, and writes them one way', () => {
    expect(ok(DEFAULT_QUICK_LOOKUP_SHORTCUT)).toBe('CommandOrControl+Shift+Space');
    expect(ok('shift+cmdorctrl+space')).toBe('CommandOrControl+Shift+Space');
    expect(ok('Ctrl+Alt+k')).toBe('Control+Alt+K');
    expect(ok('Cmd+Option+L')).toBe('Command+Option+L');
    expect(ok('Meta+Shift+1')).toBe('Super+Shift+1');
    expect(ok('AltGr+Enter')).toBe('AltGr+Return');
    expect(ok('Ctrl+Esc')).toBe('Control+Escape');
    expect(ok('CommandOrControl+Plus')).toBe('CommandOrControl+Plus');
    expect(ok('Alt+/')).toBe('Alt+/');
    expect(ok('Control+num5')).toBe('Control+num5');
    expect(ok('Control + Shift + PageDown')).toBe('Control+Shift+PageDown');
    // Keys nobody types as text may stand alone.
    expect(ok('F13')).toBe('F13');
    expect(ok('shift+f24')).toBe('Shift+F24');
    expect(ok('MediaPlayPause')).toBe('MediaPlayPause');
  });

  it('refuses what would not work, or would take a key away from every other application', () => {
    for (const raw of ['', '   ', 'Space', 'Shift+A', 'K', '1', 'Shift+/']) expect(reason(raw), raw).toMatch(/Choose|Add Ctrl/);
    expect(reason('Ctrl+Shift')).toMatch(/Add a key/);
    expect(reason('Ctrl+A+B')).toMatch(/not a modifier/);
    expect(reason('Ctrl+Ctrl+A')).toMatch(/twice/);
    expect(reason('Control+Ctrl+A')).toMatch(/twice/);
    expect(reason('Ctrl++')).toMatch(/Plus/);
    expect(reason('Ctrl+')).toMatch(/Plus/);
    expect(reason('Ctrl+F25')).toMatch(/not a key/);
    expect(reason('Ctrl+Hyper')).toMatch(/not a key/);
    expect(reason("Ctrl+'")).toMatch(/not a key/);
    expect(reason(`Ctrl+${'A'.repeat(120)}`)).toMatch(/not a key combination/);
  });
});

describe('formatAccelerator', () => {
  it('writes symbols on macOS and names elsewhere', () => {
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('⌘⇧Space');
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'win32')).toBe('Ctrl+Shift+Space');
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(formatAccelerator('Control+Alt+Return', 'darwin')).toBe('⌃⌥Enter');
    expect(formatAccelerator('Super+Plus', 'win32')).toBe('Win++');
    expect(formatAccelerator('Super+Escape', 'linux')).toBe('Super+Esc');
  });
});

describe('acceleratorFromKeyPress', () => {
  const press = (code: string, mods: Partial<KeyPress> = {}): KeyPress => ({ code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

  it('reads the key by its position and makes Cmd on a Mac and Ctrl elsewhere one modifier', () => {
    expect(acceleratorFromKeyPress(press('Space', { metaKey: true, shiftKey: true }), 'darwin')).toBe('CommandOrControl+Shift+Space');
    expect(acceleratorFromKeyPress(press('Space', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('CommandOrControl+Shift+Space');
    expect(acceleratorFromKeyPress(press('KeyK', { ctrlKey: true, altKey: true }), 'win32')).toBe('CommandOrControl+Alt+K');
    expect(acceleratorFromKeyPress(press('KeyK', { ctrlKey: true }), 'darwin')).toBe('Control+K');
    expect(acceleratorFromKeyPress(press('Digit1', { metaKey: true }), 'linux')).toBe('Super+1');
    expect(acceleratorFromKeyPress(press('Slash', { altKey: true, shiftKey: true }), 'linux')).toBe('Alt+Shift+/');
    expect(acceleratorFromKeyPress(press('ArrowUp', { ctrlKey: true }), 'linux')).toBe('CommandOrControl+Up');
    expect(acceleratorFromKeyPress(press('Numpad7', { ctrlKey: true }), 'linux')).toBe('CommandOrControl+num7');
    expect(acceleratorFromKeyPress(press('F9'), 'linux')).toBe('F9');
  });

  it('waits while only modifiers are held, ignores keys no accelerator names, and hands back a combination to be refused', () => {
    for (const code of ['ShiftLeft', 'ControlRight', 'MetaLeft', 'AltLeft', 'Quote', 'IntlBackslash', 'Unidentified']) {
      expect(acceleratorFromKeyPress(press(code, { ctrlKey: true }), 'linux'), code).toBeNull();
    }
    const bare = acceleratorFromKeyPress(press('KeyA', { shiftKey: true }), 'linux');
    expect(bare).toBe('Shift+A');
    expect(checkAccelerator(bare!).ok).toBe(false);
  });
});

describe('acceleratorKeysOn', () => {
  it('names the keys an accelerator stands for on each system, so two spellings of the same keys compare equal', () => {
    expect(acceleratorKeysOn('CmdOrCtrl+k', 'linux')).toBe('Control+K');
    expect(acceleratorKeysOn('Control+K', 'win32')).toBe(acceleratorKeysOn('CommandOrControl+K', 'win32'));
    expect(acceleratorKeysOn('Control+K', 'darwin')).not.toBe(acceleratorKeysOn('CommandOrControl+K', 'darwin'));
    expect(acceleratorKeysOn('Super+Q', 'darwin')).toBe(acceleratorKeysOn('CommandOrControl+Q', 'darwin'));
    expect(acceleratorKeysOn('Super+Q', 'linux')).not.toBe(acceleratorKeysOn('CommandOrControl+Q', 'linux'));
    expect(acceleratorKeysOn('Shift+CommandOrControl+Z', 'linux')).toBe(acceleratorKeysOn('Ctrl+Shift+Z', 'linux'));
    expect(acceleratorKeysOn('Option+Command+I', 'darwin')).toBe('Command+Alt+I');
    expect(acceleratorKeysOn('F11', 'win32')).toBe('F11');
    expect(acceleratorKeysOn('Shift+A', 'linux')).toBeNull();
  });
});
