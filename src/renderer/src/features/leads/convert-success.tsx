/** What a conversion made: the account, contact and opportunity, new or existing, as links. */
import { useEffect, useRef } from 'react';
import { CheckIcon } from '../../components/icons';
import { recordHref, type ObjectName } from '../../lib/objects';

interface Made {
  id: string;
  name: string;
  existing: boolean;
}
export interface Converted {
  leadId: string;
  account: Made;
  contact: Made;
  opportunity: Made | null;
}

function Row({ object, label, made, verbs }: { object: ObjectName; label: string; made: Made; verbs: [string, string] }) {
  return (
    <li>
      <span className="convert-result-label">{label}</span>
      <a href={recordHref(object, made.id)}>{made.name}</a> <span className="muted">{made.existing ? verbs[1] : verbs[0]}</span>
    </li>
  );
}

export function ConvertSuccess({ converted, onClose }: { converted: Converted; onClose: () => void }) {
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), []);
  return (
    <div className="convert-success" data-testid="convert-success">
      <p className="callout callout-ok" role="status">
        <CheckIcon size={18} /> The lead was converted in Salesforce.
      </p>
      <ul className="convert-result">
        <Row object="Account" label="Account" made={converted.account} verbs={['(new)', '(existing, the lead was added to it)']} />
        <Row object="Contact" label="Contact" made={converted.contact} verbs={['(new)', '(existing, the lead was merged into it)']} />
        {converted.opportunity ? (
          <Row object="Opportunity" label="Opportunity" made={converted.opportunity} verbs={['(new)', '(existing)']} />
        ) : (
          <li>
            <span className="convert-result-label">Opportunity</span>
            <span className="muted">None created</span>
          </li>
        )}
      </ul>
      <div className="dialog-footer dialog-footer-inline">
        <button type="button" className="button button-primary" ref={done} onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
