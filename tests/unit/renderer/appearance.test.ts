/**
 * Settings → Appearance and My data & sync, the pure parts: which theme is in force for each choice
 * and system setting, a remembered choice read back (damaged text gives the defaults), and the
 * sync interval in words.
 */
import { describe, expect, it } from 'vitest';
import { intervalLabel } from '../../../src/renderer/src/features/settings/sync-words';
import { parseRememberedAppearance, resolveTheme } from '../../../src/renderer/src/lib/theme';

describe('appearance', () => {
  it('a chosen theme wins over the system; "system" follows it', () => {
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('reads a remembered choice back, field by field, defaults for anything else', () => {
    expect(parseRememberedAppearance('{"theme":"dark","density":"compact"}')).toEqual({ theme: 'dark', density: 'compact' });
    expect(parseRememberedAppearance('{"theme":"neon","density":"compact"}')).toEqual({ theme: 'system', density: 'compact' });
    expect(parseRememberedAppearance('not json')).toEqual({ theme: 'system', density: 'comfortable' });
    expect(parseRememberedAppearance(null)).toEqual({ theme: 'system', density: 'comfortable' });
    expect(parseRememberedAppearance('[1,2]')).toEqual({ theme: 'system', density: 'comfortable' });
  });
});

describe('sync interval in words', () => {
  it('says minutes, hours, or that Atom waits to be asked', () => {
    expect(intervalLabel(0)).toBe('Only when I press Sync now');
    expect(intervalLabel(1)).toBe('Every minute');
    expect(intervalLabel(15)).toBe('Every 15 minutes');
    expect(intervalLabel(60)).toBe('Every hour');
    expect(intervalLabel(240)).toBe('Every 4 hours');
    expect(intervalLabel(90)).toBe('Every 90 minutes');
  });
});
