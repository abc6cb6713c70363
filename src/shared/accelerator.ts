/**
 * Keyboard shortcuts in Electron's accelerator syntax (electronjs.org/docs/latest/api/accelerator):
 * modifiers and one key code joined by `+`, case-insensitive. The quick lookup's global shortcut is
 * one, chosen in Settings; this module checks and normalises it (the contract's schema uses it, so
 * the core stores nothing Electron would refuse), shows it the way each system writes shortcuts,
 * and turns a key press in the Settings page into one.
 *
 * Stricter than Electron where a global shortcut needs it: it takes every key press on the whole
 * system, so a letter, digit or punctuation key needs a modifier other than Shift (Shift+A alone
 * would swallow every capital A); function keys (F1–F24) and media keys may stand alone.
 */

export const DEFAULT_QUICK_LOOKUP_SHORTCUT = 'CommandOrControl+Shift+Space';

/** Modifiers in the order a normalised accelerator writes them, with the spellings Electron accepts. */
const MODIFIERS: ReadonlyArray<readonly [canonical: string, ...aliases: string[]]> = [
  ['CommandOrControl', 'cmdorctrl'],
  ['Command', 'cmd'],
  ['Control', 'ctrl'],
  ['Super', 'meta'],
  ['Alt'],
  ['Option'],
  ['AltGr'],
  ['Shift'],
];
const MODIFIER_BY_NAME = new Map<string, string>(
  MODIFIERS.flatMap(([canonical, ...aliases]) => [canonical, ...aliases].map((n) => [n.toLowerCase(), canonical])),
);

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const KEY_ALIASES: Record<string, string> = { enter: 'Return', esc: 'Escape' };
const KEY_BY_NAME = new Map<string, string>(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
/** The punctuation key codes Electron lists (the `+` key is written Plus). */
const PUNCTUATION = new Set([
  ')',
  '!',
  '@',
  '#',
  '$',
  '%',
  '^',
  '&',
  '*',
  '(',
  ':',
  ';',
  '=',
  '<',
  ',',
  '_',
  '-',
  '>',
  '.',
  '?',
  '/',
  '~',
  '`',
  '{',
  ']',
  '[',
  '|',
  '\\',
  '}',
  '"',
]);
/** Keys that may make a global shortcut without a modifier: nobody types them as text. */
const STANDALONE = /^(?:F(?:[1-9]|1\d|2[0-4])|Volume(?:Up|Down|Mute)|Media(?:NextTrack|PreviousTrack|Stop|PlayPause))$/;

export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; reason: string };

function keyCode(token: string): string | undefined {
  if (/^[a-z0-9]$/i.test(token)) return token.toUpperCase();
  if (/^f(?:[1-9]|1\d|2[0-4])$/i.test(token)) return token.toUpperCase();
  if (PUNCTUATION.has(token)) return token;
  const lower = token.toLowerCase();
  return KEY_BY_NAME.get(KEY_ALIASES[lower] ? KEY_ALIASES[lower].toLowerCase() : lower);
}

/** Checks a global shortcut and writes it in one canonical spelling: `ctrl+shift+space` → `Control+Shift+Space`. */
export function checkAccelerator(raw: string): AcceleratorCheck {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, reason: 'Choose a key combination' };
  if (text.length > 100) return { ok: false, reason: 'That is not a key combination' };
  const tokens = text.split('+').map((t) => t.trim());
  if (tokens.some((t) => t.length === 0)) return { ok: false, reason: 'Write the + key as “Plus”, and put one + between keys' };
  const modifiers = new Set<string>();
  for (const token of tokens.slice(0, -1)) {
    const modifier = MODIFIER_BY_NAME.get(token.toLowerCase());
    if (!modifier) return { ok: false, reason: `“${token}” is not a modifier key (Ctrl, Alt, Shift, Cmd, Super…), and only the last key may be another` };
    if (modifiers.has(modifier)) return { ok: false, reason: `${modifier} is there twice` };
    modifiers.add(modifier);
  }
  const last = tokens[tokens.length - 1];
  if (MODIFIER_BY_NAME.has(last.toLowerCase())) return { ok: false, reason: 'Add a key after the modifiers, such as Space or K' };
  const key = keyCode(last);
  if (!key) return { ok: false, reason: `“${last}” is not a key Electron knows` };
  const hasRealModifier = [...modifiers].some((m) => m !== 'Shift');
  if (!hasRealModifier && !STANDALONE.test(key))
    return { ok: false, reason: 'Add Ctrl, Alt, Cmd or Super: on its own this key would stop working everywhere else' };
  const ordered = MODIFIERS.map(([canonical]) => canonical).filter((m) => modifiers.has(m));
  return { ok: true, accelerator: [...ordered, key].join('+') };
}

const MAC_SYMBOLS: Record<string, string> = {
  CommandOrControl: '⌘',
  Command: '⌘',
  Control: '⌃',
  Super: '⌘',
  Alt: '⌥',
  Option: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
};
const OTHER_NAMES: Record<string, string> = { CommandOrControl: 'Ctrl', Command: 'Cmd', Control: 'Ctrl', Super: 'Super', Option: 'Alt' };
const KEY_NAMES: Record<string, string> = { Return: 'Enter', Escape: 'Esc', Plus: '+' };

/** How the system writes it: `⌃⇧Space` style on macOS (⌘ for CommandOrControl), `Ctrl+Shift+Space` elsewhere (Windows key on Windows). */
export function formatAccelerator(accelerator: string, platform: string): string {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const keyName = KEY_NAMES[key] ?? key;
  if (platform === 'darwin') return `${parts.map((m) => MAC_SYMBOLS[m] ?? m).join('')}${keyName}`;
  const names = parts.map((m) => (m === 'Super' && platform === 'win32' ? 'Win' : (OTHER_NAMES[m] ?? m)));
  return [...names, keyName].join('+');
}

/** The parts of a keyboard event a shortcut is read from (DOM KeyboardEvent has them all). */
export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Return',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadDecimal: 'numdec',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
  PrintScreen: 'PrintScreen',
};

/**
 * The shortcut a key press in the Settings page stands for, read by key position (`code`), so
 * the layout's characters and Shift's symbols do not change it; null while only modifiers are
 * held, or for a key no accelerator can name. The Command key on a Mac and Ctrl elsewhere become
 * CommandOrControl, so the setting means the same on every system.
 */
export function acceleratorFromKeyPress(press: KeyPress, platform: string): string | null {
  const { code } = press;
  let key: string | undefined;
  if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (/^Digit\d$/.test(code)) key = code.slice(5);
  else if (/^Numpad\d$/.test(code)) key = `num${code.slice(6)}`;
  else if (/^F(?:[1-9]|1\d|2[0-4])$/.test(code)) key = code;
  else key = CODE_KEYS[code];
  if (!key) return null;
  const mac = platform === 'darwin';
  const modifiers = [
    (mac ? press.metaKey : press.ctrlKey) && 'CommandOrControl',
    mac && press.ctrlKey && 'Control',
    !mac && press.metaKey && 'Super',
    press.altKey && 'Alt',
    press.shiftKey && 'Shift',
  ].filter((m): m is string => Boolean(m));
  const check = checkAccelerator([...modifiers, key].join('+'));
  return check.ok ? check.accelerator : [...modifiers, key].join('+');
}

/** Modifiers in the order acceleratorKeysOn writes them. */
const KEY_ORDER = ['Command', 'Control', 'Super', 'Alt', 'AltGr', 'Shift'];

/**
 * The keys an accelerator stands for on one system, to compare two of them: `CmdOrCtrl+K` and
 * `Control+K` are the same keys on Windows and Linux, `CommandOrControl+K` and `Super+K` on macOS
 * (where Super is the Command key); null when it is not an accelerator this module accepts.
 */
export function acceleratorKeysOn(accelerator: string, platform: string): string | null {
  const check = checkAccelerator(accelerator);
  if (!check.ok) return null;
  const parts = check.accelerator.split('+');
  const key = parts.pop() ?? '';
  const mac = platform === 'darwin';
  const held = new Set(
    parts.map((m) => {
      if (m === 'CommandOrControl') return mac ? 'Command' : 'Control';
      if (m === 'Super' && mac) return 'Command';
      return m === 'Option' ? 'Alt' : m;
    }),
  );
  return [...KEY_ORDER.filter((m) => held.has(m)), key].join('+');
}
