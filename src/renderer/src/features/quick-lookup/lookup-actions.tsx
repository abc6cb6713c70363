/**
 * What can be done with the highlighted record: open it in the main window, copy its email or
 * phone (with a visible "copied" confirmation), call it or write to it through the system's
 * handlers, open it in Salesforce. The links leave through the desktop app's external-link gate
 * (src/main/security/external-url.ts: https Salesforce hosts, tel: and plain mailto: only).
 */
import { transportMode } from '../../lib/api';
import { OBJECTS } from '../../lib/objects';
import { useCopy as useCopyWithMessage } from '../../lib/use-copy';
import { mailtoHref, salesforceRecordUrl, telHref } from './lookup-links';
import type { LookupItem } from './use-quick-lookup';

/** The lookup's copy (its buttons, Alt+E and Alt+P): the record's email or phone, and the value copied said for a moment. */
export function useCopy() {
  const { message, copy } = useCopyWithMessage({ showMs: 2_500 });
  return {
    message: message?.text ?? '',
    copy(label: 'Email' | 'Phone', text: string) {
      copy(text, { copied: `${label} copied: ${text}`, failed: `The ${label.toLowerCase()} could not be copied` });
    },
  };
}

interface Props {
  item: LookupItem;
  instanceUrl: string | undefined;
  copy: ReturnType<typeof useCopy>;
  onOpen(item: LookupItem): void;
}

/** tel: and mailto: go to the system's handlers: in the desktop app through its new-window gate, in a browser in place. */
const systemLinkTarget = transportMode === 'electron' ? '_blank' : undefined;

export function LookupActions({ item, instanceUrl, copy, onOpen }: Props) {
  const { record } = item;
  const tel = telHref(record.phone);
  const mailto = mailtoHref(record.email);
  const inSalesforce = salesforceRecordUrl(instanceUrl, item.object, record.id);
  return (
    <div className="ql-actions" role="group" aria-label={`Actions for ${record.title}`}>
      <button type="button" className="button button-small button-primary" aria-keyshortcuts="Enter" onClick={() => onOpen(item)}>
        Open {OBJECTS[item.object].label.one.toLowerCase()}
      </button>
      {record.email && (
        <button type="button" className="button button-small" aria-keyshortcuts="Alt+E" onClick={() => copy.copy('Email', record.email!)}>
          Copy email
        </button>
      )}
      {record.phone && (
        <button type="button" className="button button-small" aria-keyshortcuts="Alt+P" onClick={() => copy.copy('Phone', record.phone!)}>
          Copy phone
        </button>
      )}
      {tel && (
        <a className="button button-small" href={tel} target={systemLinkTarget} rel="noreferrer">
          Call
        </a>
      )}
      {mailto && (
        <a className="button button-small" href={mailto} target={systemLinkTarget} rel="noreferrer">
          Email
        </a>
      )}
      {inSalesforce && (
        <a className="button button-small" href={inSalesforce} target="_blank" rel="noreferrer">
          Open in Salesforce
        </a>
      )}
    </div>
  );
}
