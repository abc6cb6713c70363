/**
 * The tray menu, as data: Quick lookup, Open, Sync now, the last sync and the changes waiting to be
 * sent (as information lines), Quit. app-tray.ts turns it into Electron's Menu; it is rebuilt
 * whenever the tray status (tray-status.ts) or the shortcut changes.
 */
import { formatAccelerator } from '../../shared/accelerator';
import type { TrayStatus } from './tray-status';

export type TrayAction = 'quick-lookup' | 'open' | 'sync-now' | 'quit';

export type TrayItem =
  { kind: 'action'; action: TrayAction; label: string; enabled: boolean; accelerator?: string } | { kind: 'info'; label: string } | { kind: 'separator' };

export interface TrayMenuOptions {
  /** The quick lookup's global shortcut while it is registered (shown beside its item), else null. */
  shortcut: string | null;
  platform: string;
  /** The time of day (and the day, when not today) of a sync, as the user reads times. */
  formatTime(iso: string): string;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function lastSyncLine(status: TrayStatus, formatTime: (iso: string) => string): string {
  if (!status.connectionId) return 'No org connected';
  if (status.syncing) return 'Syncing now…';
  if (!status.lastSync) return 'Not synced yet';
  const at = formatTime(status.lastSync.at);
  switch (status.lastSync.outcome) {
    case 'ok':
      return `Last sync: ${at}`;
    case 'partial':
      return `Last sync: ${at} (some objects failed)`;
    case 'cancelled':
      return `Last sync: ${at} (cancelled)`;
    case 'failed':
      return `Last sync failed: ${at}`;
  }
}

function changesLine(status: TrayStatus): string | null {
  if (!status.connectionId) return null;
  const outbox = status.outboxes[status.connectionId];
  if (!outbox) return null;
  const stuck = outbox.needsAttentionCount + outbox.conflictCount;
  const waiting = outbox.pendingCount === 0 ? 'No changes waiting to be sent' : `${plural(outbox.pendingCount, 'change', 'changes')} waiting to be sent`;
  const offline = outbox.online ? '' : ' (offline)';
  return stuck > 0 ? `${waiting}${offline}; ${plural(stuck, 'needs', 'need')} attention` : `${waiting}${offline}`;
}

export function trayMenu(status: TrayStatus, options: TrayMenuOptions): TrayItem[] {
  const changes = changesLine(status);
  return [
    {
      kind: 'action',
      action: 'quick-lookup',
      label: 'Quick lookup',
      enabled: true,
      ...(options.shortcut ? { accelerator: options.shortcut } : {}),
    },
    { kind: 'action', action: 'open', label: 'Open Atom for Salesforce', enabled: true },
    { kind: 'action', action: 'sync-now', label: status.syncing ? 'Syncing…' : 'Sync now', enabled: status.connectionId !== null && !status.syncing },
    { kind: 'separator' },
    { kind: 'info', label: lastSyncLine(status, options.formatTime) },
    ...(changes ? [{ kind: 'info' as const, label: changes }] : []),
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit Atom for Salesforce', enabled: true },
  ];
}

/** The tray icon's tooltip: the app's name and the two information lines. */
export function trayTooltip(status: TrayStatus, options: TrayMenuOptions): string {
  const lines = trayMenu(status, options).filter((item): item is Extract<TrayItem, { kind: 'info' }> => item.kind === 'info');
  const shortcut = options.shortcut ? `Quick lookup: ${formatAccelerator(options.shortcut, options.platform)}` : null;
  return ['Atom for Salesforce', ...lines.map((l) => l.label), ...(shortcut ? [shortcut] : [])].join('\n');
}

/** Times in the tray: today's as the time of day, older ones with their date too. */
export function trayTimeFormatter(now: () => Date = () => new Date(), locale?: string): (iso: string) => string {
  const time = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
  const dated = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  return (iso) => {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return 'unknown';
    return at.toDateString() === now().toDateString() ? time.format(at) : dated.format(at);
  };
}
