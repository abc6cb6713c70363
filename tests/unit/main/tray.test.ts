/**
 * The tray: what its menu says from the push channel's events (tray-status.ts, tray-menu.ts) and
 * the icon it draws (tray-icon.ts, checked by decoding the PNG).
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AtomEvent, SyncStatus } from '../../../src/shared/ipc';
import { trayIconPixels, trayIconPng } from '../../../src/main/tray/tray-icon';
import { trayMenu, trayTimeFormatter, trayTooltip, type TrayItem } from '../../../src/main/tray/tray-menu';
import { INITIAL_TRAY_STATUS, trayStatusAfter, type TrayStatus } from '../../../src/main/tray/tray-status';

const options = { shortcut: 'CommandOrControl+Shift+Space', platform: 'linux', formatTime: (iso: string) => `at ${iso.slice(11, 16)}` };
const sync = (over: Partial<SyncStatus>): AtomEvent =>
  ({ name: 'sync-status', payload: { connectionId: 'c1', running: false, startedAt: null, progress: null, lastRun: null, ...over } }) as unknown as AtomEvent;
const outbox = (connectionId: string, pendingCount: number, needsAttentionCount = 0, online = true): AtomEvent => ({
  name: 'outbox-summary',
  payload: { connectionId, online, paused: null, draining: false, pendingCount, needsAttentionCount, conflictCount: 0, lastSyncAt: null, nextRetryAt: null },
});
const run = (events: AtomEvent[], from: TrayStatus = INITIAL_TRAY_STATUS) => events.reduce(trayStatusAfter, from);
const labels = (items: TrayItem[]) =>
  items.map((i) => (i.kind === 'separator' ? '—' : i.kind === 'info' ? `(${i.label})` : `${i.label}${i.enabled ? '' : ' [off]'}`));

describe('the tray menu follows the push channel', () => {
  it('with no org: the actions, no sync to start', () => {
    expect(labels(trayMenu(INITIAL_TRAY_STATUS, options))).toEqual([
      'Quick lookup',
      'Open Atom for Salesforce',
      'Sync now [off]',
      '—',
      '(No org connected)',
      '—',
      'Quit Atom for Salesforce',
    ]);
    expect(trayMenu(INITIAL_TRAY_STATUS, options)[0]).toMatchObject({ accelerator: 'CommandOrControl+Shift+Space' });
  });

  it('a sync running, then done; the active org’s changes waiting, another org’s ignored', () => {
    const running = run([sync({ running: true }), outbox('c1', 3), outbox('c2', 9)]);
    expect(labels(trayMenu(running, options)).slice(2, 6)).toEqual(['Syncing… [off]', '—', '(Syncing now…)', '(3 changes waiting to be sent)']);
    const done = run(
      [
        sync({ running: false, lastRun: { finishedAt: '2026-03-02T14:05:00.000Z', outcome: 'ok', apiCalls: 1, bulk: [], error: null } }),
        outbox('c1', 1, 2, false),
      ],
      running,
    );
    expect(labels(trayMenu(done, options)).slice(2, 6)).toEqual([
      'Sync now',
      '—',
      '(Last sync: at 14:05)',
      '(1 change waiting to be sent (offline); 2 need attention)',
    ]);
    const failed = run([sync({ lastRun: { finishedAt: '2026-03-02T15:00:00.000Z', outcome: 'failed', apiCalls: 0, bulk: [], error: 'x' } })], done);
    expect(labels(trayMenu(failed, options))[4]).toBe('(Last sync failed: at 15:00)');
    expect(labels(trayMenu(run([outbox('c1', 0)], done), options))[5]).toBe('(No changes waiting to be sent)');
  });

  it('another org made active forgets the last one’s sync; events it does not show change nothing', () => {
    const before = run([sync({ lastRun: { finishedAt: '2026-03-02T14:05:00.000Z', outcome: 'ok', apiCalls: 1, bulk: [], error: null } })]);
    const after = trayStatusAfter(before, { name: 'connections-changed', payload: { reason: 'activated', connectionId: 'c2', activeConnectionId: 'c2' } });
    expect(after).toMatchObject({ connectionId: 'c2', lastSync: null });
    expect(trayStatusAfter(after, { name: 'online', payload: { connectionId: 'c2', online: false } })).toBe(after);
    const gone = trayStatusAfter(after, { name: 'connections-changed', payload: { reason: 'disconnected', connectionId: 'c2', activeConnectionId: null } });
    expect(labels(trayMenu(gone, options))[4]).toBe('(No org connected)');
  });

  it('says the shortcut in the tooltip only while it is registered', () => {
    expect(trayTooltip(INITIAL_TRAY_STATUS, options)).toBe('Atom for Salesforce\nNo org connected\nQuick lookup: Ctrl+Shift+Space');
    expect(trayTooltip(INITIAL_TRAY_STATUS, { ...options, shortcut: null })).toBe('Atom for Salesforce\nNo org connected');
    expect(trayMenu(INITIAL_TRAY_STATUS, { ...options, shortcut: null })[0]).not.toHaveProperty('accelerator');
  });

  it('writes today’s sync as a time of day and an older one with its date', () => {
    const format = trayTimeFormatter(() => new Date('2026-03-02T18:00:00'), 'en-US');
    expect(format('2026-03-02T14:05:00')).toBe('2:05 PM');
    expect(format('2026-02-27T09:30:00')).toBe('Feb 27, 9:30 AM');
    expect(format('not a date')).toBe('unknown');
  });
});

/** The PNG's chunks, checked (signature, CRCs by zlib's own reading of IDAT), and its pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('the tray icon', () => {
  it('is a valid PNG of the asked size holding the drawn pixels', () => {
    for (const [size, look] of [
      [16, 'template'],
      [32, 'color'],
    ] as const) {
      const decoded = decodePng(trayIconPng(size, look));
      expect([decoded.width, decoded.height]).toEqual([size, size]);
      expect(decoded.rgba).toEqual(Buffer.from(trayIconPixels(size, look)));
    }
  });

  it('draws the nucleus and the ring, with the corners transparent', () => {
    const size = 32;
    const pixel = (look: 'template' | 'color', x: number, y: number) => [...trayIconPixels(size, look).subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    // Template: black, opaque on the nucleus and on the ring, clear between them and in the corners.
    expect(pixel('template', 16, 16)).toEqual([0, 0, 0, 255]);
    expect(pixel('template', 16, 6)[3]).toBe(255);
    expect(pixel('template', 16, 11)[3]).toBe(0);
    expect(pixel('template', 0, 0)[3]).toBe(0);
    // Colour: white marks on an opaque accent disc.
    expect(pixel('color', 16, 16)).toEqual([255, 255, 255, 255]);
    expect(pixel('color', 16, 11)).toEqual([0x11, 0x60, 0xd6, 255]);
    expect(pixel('color', 0, 0)[3]).toBe(0);
  });
});
