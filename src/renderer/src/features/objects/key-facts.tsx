/**
 * The top of a record's page: what a salesperson needs first (the registry's keyFields — for a deal
 * its account, owner, stage, amount and close date; for a case its status, priority and contact),
 * larger than the rest of the details. A reference shows the name it points at, linked to that
 * record's page when the app has one.
 */
import type { ReactNode } from 'react';
import type { RecordDetail } from '../../../../shared/ipc/records.contract';
import { keyFieldsOf, objectDef } from '../../../../shared/objects/registry';
import { Fact } from '../../components/record';
import { objectOfId, recordHref, type ObjectName } from '../../lib/objects';

/** References by what they point at, in Salesforce's own words for them. */
const REFERENCE_LABELS: Record<string, string> = {
  OwnerId: 'Owner',
  AccountId: 'Account',
  ContactId: 'Contact',
  CampaignId: 'Campaign',
  WhoId: 'Name',
  WhatId: 'Related to',
};

/** The relationship name of a reference field: AccountId → Account, WhoId → Who. */
const relationOf = (field: string) => field.replace(/Id$/, '');

export function isReferenceField(field: string): boolean {
  return field in REFERENCE_LABELS;
}

function referenceValue(record: RecordDetail['record'], field: string): ReactNode {
  const id = record[field];
  const name = record[`${relationOf(field)}.Name`];
  if (typeof name !== 'string' || !name) return null;
  // The owner is a user: Atom has no page for users.
  const target = typeof id === 'string' && field !== 'OwnerId' ? objectOfId(id) : undefined;
  return target ? <a href={recordHref(target, id as string)}>{name}</a> : name;
}

export function KeyFacts({
  detail,
  labelOf,
  renderValue,
}: {
  detail: RecordDetail;
  labelOf: (field: string) => string;
  /** A plain field's value (formatted as the details show it), or null when empty. */
  renderValue: (field: string) => ReactNode;
}) {
  const object = detail.object as ObjectName;
  return (
    <section className="card fact-section key-facts" aria-label="Key facts" data-testid="key-facts">
      <dl className="facts">
        {/* Every key field, an empty one as a dash (Fact): Details leaves them out, so this is their only place. */}
        {keyFieldsOf(objectDef(object)).map((field) =>
          isReferenceField(field) ? (
            <Fact key={field} label={REFERENCE_LABELS[field]}>
              {referenceValue(detail.record, field)}
            </Fact>
          ) : (
            <Fact key={field} label={labelOf(field)}>
              {renderValue(field)}
            </Fact>
          ),
        )}
      </dl>
    </section>
  );
}
