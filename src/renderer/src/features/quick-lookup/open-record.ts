/**
 * Where Enter in the quick lookup opens a record: in the desktop app, the main window (the host
 * brings it forward and hides the quick-lookup window, `desktop:open-record`); in browser mode, the
 * tab that opened the quick lookup when there is one still open on the app (it is brought
 * forward), else the quick lookup's own tab, which becomes the app.
 */
import type { RecordTarget } from '../../../../shared/ipc';
import { recordHref } from '../../lib/objects';

/** The parts of `window.opener` used (another tab of the app; reading it throws for another origin). */
export interface OpenerLike {
  closed: boolean;
  location: { hash: string };
  focus(): void;
}

export interface LookupWindow {
  opener: OpenerLike | null;
  location: { hash: string };
}

export type OpenedIn = 'main' | 'opener' | 'self';

export async function openFromLookup(
  target: RecordTarget,
  options: { mode: 'electron' | 'browser'; openInMain: (target: RecordTarget) => Promise<boolean>; win: LookupWindow },
): Promise<OpenedIn> {
  const href = recordHref(target.object, target.id);
  if (options.mode === 'electron') {
    if (await options.openInMain(target)) return 'main';
  } else {
    const opener = options.win.opener;
    try {
      if (opener && !opener.closed) {
        opener.location.hash = href;
        opener.focus();
        return 'opener';
      }
    } catch {
      // Another origin opened this tab: it is not the app, so this tab shows the record.
    }
  }
  options.win.location.hash = href;
  return 'self';
}
