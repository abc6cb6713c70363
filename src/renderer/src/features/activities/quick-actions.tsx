/**
 * A record page's quick actions beside its title: Log a call, New task, New event, each opening
 * its dialog; when the dialog closes, focus goes back to the button that opened it.
 */
import { useRef, useState } from 'react';
import { CallIcon, EventIcon, TaskIcon } from '../../components/icons';
import { ActivityDialog, type ActivityTarget } from './activity-dialog';
import type { QuickKind } from './activity-input';

const ACTIONS: Array<{ kind: QuickKind; label: string; Icon: typeof CallIcon }> = [
  { kind: 'call', label: 'Log a call', Icon: CallIcon },
  { kind: 'task', label: 'New task', Icon: TaskIcon },
  { kind: 'event', label: 'New event', Icon: EventIcon },
];

export function QuickActions({ target }: { target: ActivityTarget }) {
  const [open, setOpen] = useState<QuickKind | null>(null);
  const buttons = useRef<Partial<Record<QuickKind, HTMLButtonElement | null>>>({});
  const opener = useRef<QuickKind | null>(null);
  return (
    <div className="quick-actions" role="group" aria-label="Quick actions">
      {ACTIONS.map(({ kind, label, Icon }) => (
        <button
          key={kind}
          type="button"
          className="button"
          ref={(el) => {
            buttons.current[kind] = el;
          }}
          onClick={() => {
            opener.current = kind;
            setOpen(kind);
          }}
        >
          <Icon size={15} /> {label}
        </button>
      ))}
      <ActivityDialog
        kind={open}
        target={target}
        onClose={() => setOpen(null)}
        returnFocus={() => (opener.current ? (buttons.current[opener.current] ?? null) : null)}
      />
    </div>
  );
}
