/**
 * "Convert" on an unconverted lead's page. Converting needs the org: while it does not answer the
 * button stays in the Tab order but does nothing, and says why. The dialog stays mounted once the
 * lead is converted (the page reads the lead again meanwhile), so its result can be shown.
 */
import { useId, useState } from 'react';
import { ConvertIcon } from '../../components/icons';
import { useOutboxSummary } from '../workspace/use-workspace';
import { ConvertDialog } from './convert-dialog';

export function ConvertLeadButton({ leadId, converted }: { leadId: string; converted: boolean }) {
  const summary = useOutboxSummary();
  // Until the first summary arrives the dialog's own answer (ConvertOptions.online) decides.
  const online = summary.data?.online ?? true;
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  // One shape whether converted or not, so the dialog (and its result) survives the lead's change.
  return (
    <>
      {!converted && (
        <button
          type="button"
          className="button"
          aria-disabled={!online}
          aria-describedby={online ? undefined : reasonId}
          onClick={() => online && setOpen(true)}
          data-testid="convert-lead"
        >
          <ConvertIcon size={15} /> Convert
        </button>
      )}
      {!converted && !online && (
        <span id={reasonId} className="action-note">
          Offline: converting needs the org
        </span>
      )}
      <ConvertDialog leadId={leadId} open={open} online={online} onClose={() => setOpen(false)} />
    </>
  );
}
