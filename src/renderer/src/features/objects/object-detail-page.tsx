/**
 * One cached record (any object the registry declares): its fields with the org's labels, its unsent
 * changes, its activity timeline and quick actions (log a call, new task, new event), a lead's
 * conversion, related lists (by the contract: an account's contacts, opportunities and cases; a
 * contact's cases and its account's opportunities; a campaign's opportunities and member counts)
 * Edit / Delete through the outbox, and "Copy link" (the record's app link; browser mode offers its
 * own address too).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  FORM_FIELDS,
  LIST_COLUMNS,
  type CampaignMemberCounts,
  type CrmObject,
  type FormMeta,
  type RecordDetail,
} from '../../../../shared/ipc/records.contract';
import { keyFieldsOf, objectDef } from '../../../../shared/objects/registry';
import { navigate } from '../../app/navigation';
import { DataTable } from '../../components/data-table';
import { ConfirmDialog } from '../../components/dialog';
import { EmptyState, errorMessage } from '../../components/feedback';
import { PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { EmailLink, Fact, FactSection } from '../../components/record';
import { RecordDetailPage } from '../../components/record-detail-page';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { cacheKeys, describeForm, getRecord, type ListRow } from '../../lib/cache-records';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';
import { OBJECTS, recordHref, type ObjectName } from '../../lib/objects';
import { listRoute } from '../../lib/router';
import { ActivityTimeline } from '../activities/activity-timeline';
import { CompleteTaskButton, isOpenTask } from '../activities/complete-task-button';
import { QuickActions } from '../activities/quick-actions';
import { ConvertedLead, isConvertedLead } from '../leads/converted-lead';
import { ConvertLeadButton } from '../leads/convert-lead-button';
import { CopyLinkButton } from './copy-link-button';
import { isReferenceField, KeyFacts } from './key-facts';
import { MissingRecord } from './missing-record';
import { formatValue, listColumns } from './list-columns';
import { StagePath } from './stage-path';

/** Fields under a record's title; an object without an entry shows none. */
const SUBTITLE_FIELDS: Partial<Record<ObjectName, string[]>> = {
  Account: ['Type', 'Industry', 'BillingCity'],
  Contact: ['Title', 'Account.Name'],
  Opportunity: ['Account.Name', 'StageName', 'CloseDate'],
  Lead: ['Company', 'Status', 'Email'],
  Case: ['CaseNumber', 'Status', 'Priority'],
  Campaign: ['Type', 'Status'],
};

/** Kinds of the non-list fields a detail shows. */
const TYPE_KINDS: Record<string, 'currency' | 'percent' | 'date' | 'datetime' | 'boolean' | 'number' | 'text'> = {
  currency: 'currency',
  percent: 'percent',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  double: 'number',
  int: 'number',
};

/** The records whose page carries an activity timeline and the quick actions. */
const ACTIVITY_OBJECTS: ReadonlySet<ObjectName> = new Set<ObjectName>(['Contact', 'Account', 'Opportunity', 'Lead', 'Case', 'Campaign']);

export function ObjectDetailPage({ object, id }: { object: ObjectName; id: string }) {
  const info = OBJECTS[object];
  const detail = useQuery({ queryKey: cacheKeys.record(object, id), queryFn: () => getRecord(object, id) });
  const meta = useQuery({ queryKey: cacheKeys.form(object), queryFn: () => describeForm(object), staleTime: 10 * 60_000, retry: false });
  const breadcrumb = { label: info.label.many, href: `#/${info.path}` };
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteRecord(object);
  useRecordViewed(object, id, detail.isSuccess);

  return (
    <RecordDetailPage record={detail} noun={info.label.one} breadcrumb={breadcrumb} missing={() => <MissingRecord object={object} id={id} />}>
      {(d) => {
        const title = String(d.record[info.titleField] ?? '') || `(${info.label.one} without a name)`;
        const converted = isConvertedLead(d);
        const withActivity = ACTIVITY_OBJECTS.has(object);
        return (
          <>
            <PageHeader
              title={title}
              breadcrumb={breadcrumb}
              subtitle={subtitleOf(object, d, meta.data)}
              actions={
                <>
                  {/* Salesforce refuses activities on a converted lead ("cannot reference converted lead"). */}
                  {withActivity && !converted && <QuickActions target={{ object, id: d.id, name: title }} />}
                  {object === 'Lead' && <ConvertLeadButton leadId={d.id} converted={converted} />}
                  {isOpenTask(d) && <CompleteTaskButton detail={d} />}
                  <CopyLinkButton id={d.id} />
                  <button type="button" className="button" onClick={() => setConfirmDelete(true)} disabled={remove.isPending}>
                    Delete
                  </button>
                  {!converted && (
                    <a className="button button-primary" href={`#/${info.path}/${d.id}/edit`}>
                      Edit
                    </a>
                  )}
                </>
              }
            />
            {object === 'Opportunity' && <StagePath detail={d} />}
            {converted && <ConvertedLead detail={d} />}
            <PendingCallout detail={d} />
            <KeyFactsOf detail={d} meta={meta.data} />
            {/* Details and System beside the timeline, which scrolls within their height (so neither column is left half empty). */}
            {withActivity ? (
              <div className="detail-grid detail-grid-activity">
                <div className="detail-main">
                  <DetailsSection detail={d} meta={meta.data} />
                  <SystemSection detail={d} inline />
                </div>
                <div className="detail-side">
                  <ActivityTimeline recordId={d.id} canAdd={!converted} />
                </div>
              </div>
            ) : (
              <>
                <DetailsSection detail={d} meta={meta.data} />
                <SystemSection detail={d} inline />
              </>
            )}
            <RelatedLists detail={d} parentName={title} />
            <ConfirmDialog
              open={confirmDelete}
              title={`Delete ${title}?`}
              confirmLabel="Delete"
              onCancel={() => setConfirmDelete(false)}
              onConfirm={() => {
                setConfirmDelete(false);
                remove.mutate(d.id);
              }}
            >
              The record is deleted in Salesforce (at once when online, or when the org next answers).
            </ConfirmDialog>
          </>
        );
      }}
    </RecordDetailPage>
  );
}

function useDeleteRecord(object: ObjectName) {
  const info = OBJECTS[object];
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (id: string) => call(api.deleteRecord({ object, id })),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: cacheKeys.all });
      toast(
        result.state === 'queued' ? `${info.label.one} deleted on this computer — Salesforce is told when the org answers` : `${info.label.one} deleted`,
        'info',
      );
      navigate(listRoute(object));
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
}

/** How a field's value is shown: the list's kind of the field, else the describe's type. */
function fieldKinds(object: ObjectName, meta: FormMeta | undefined) {
  const labelOf = (field: string) => meta?.fields.find((f) => f.name === field)?.label ?? LIST_COLUMNS[object].find((c) => c.field === field)?.label ?? field;
  const typeOf = (field: string) => meta?.fields.find((f) => f.name === field)?.type;
  const kindOf = (field: string) => {
    const listKind = LIST_COLUMNS[object].find((c) => c.field === field)?.kind;
    const type = typeOf(field);
    return listKind ?? (type ? (TYPE_KINDS[type] ?? 'text') : 'text');
  };
  return { labelOf, typeOf, kindOf };
}

function subtitleOf(object: ObjectName, d: RecordDetail, meta: FormMeta | undefined): string | undefined {
  const r = d.record;
  const { kindOf } = fieldKinds(object, meta);
  return (
    (SUBTITLE_FIELDS[object] ?? [])
      .filter((f) => r[f] !== null && r[f] !== undefined && r[f] !== '')
      .map((f) => (kindOf(f) === 'date' ? formatDate(String(r[f])) : String(r[f])))
      .join(' · ') || undefined
  );
}

function PendingCallout({ detail }: { detail: RecordDetail }) {
  if (detail.pendingChanges.count === 0) return null;
  const states = detail.pendingChanges.states;
  return (
    <div className="callout callout-warn" role="status">
      <div>
        <strong>
          {states.includes('conflict')
            ? 'Changed in Salesforce too — choose which values to keep'
            : states.includes('needs-attention')
              ? 'Salesforce refused a change to this record'
              : 'Changes not yet sent to Salesforce'}
        </strong>{' '}
        <a href="#/changes">Open Changes</a>
      </div>
    </div>
  );
}

/** The key facts at the top, formatted as the details are. */
function KeyFactsOf({ detail, meta }: { detail: RecordDetail; meta: FormMeta | undefined }) {
  const object = detail.object as ObjectName;
  const r = detail.record;
  const { labelOf, typeOf, kindOf } = fieldKinds(object, meta);
  const renderValue = (field: string) => {
    if (isReferenceField(field) || r[field] === null || r[field] === undefined || r[field] === '') return null;
    return <FieldValue type={typeOf(field)} kind={kindOf(field)} value={r[field]} />;
  };
  return <KeyFacts detail={detail} labelOf={labelOf} renderValue={renderValue} />;
}

function DetailsSection({ detail, meta }: { detail: RecordDetail; meta: FormMeta | undefined }) {
  const object = detail.object as ObjectName;
  const r = detail.record;
  const { labelOf, typeOf, kindOf } = fieldKinds(object, meta);
  const key = new Set(keyFieldsOf(objectDef(object)));
  const shown = FORM_FIELDS[object].filter((f) => !/Id$/.test(f) && !key.has(f));
  return (
    <FactSection title="Details">
      {shown.map((field) => {
        const type = typeOf(field);
        const empty = r[field] === null || r[field] === undefined || r[field] === '';
        // Long text (a case's description) keeps its line breaks and takes the full width.
        if (type === 'textarea') {
          return (
            <Fact key={field} label={labelOf(field)} wide>
              {empty ? null : <span className="pre-wrap">{String(r[field])}</span>}
            </Fact>
          );
        }
        return (
          <Fact key={field} label={labelOf(field)}>
            {empty ? null : <FieldValue type={type} kind={kindOf(field)} value={r[field]} />}
          </Fact>
        );
      })}
      {'AccountId' in r && !key.has('AccountId') && (
        <Fact label="Account">
          {typeof r.AccountId === 'string' && r['Account.Name'] ? <a href={recordHref('Account', r.AccountId)}>{String(r['Account.Name'])}</a> : null}
        </Fact>
      )}
      {'ContactId' in r && !key.has('ContactId') && (
        <Fact label="Contact">
          {typeof r.ContactId === 'string' && r['Contact.Name'] ? <a href={recordHref('Contact', r.ContactId)}>{String(r['Contact.Name'])}</a> : null}
        </Fact>
      )}
      {!key.has('OwnerId') && <Fact label="Owner">{r['Owner.Name'] as string | null}</Fact>}
    </FactSection>
  );
}

/** When the record was made and changed, its Id and how fresh the copy is; in a row under the details beside a timeline. */
function SystemSection({ detail, inline }: { detail: RecordDetail; inline?: boolean }) {
  const r = detail.record;
  return (
    <FactSection title="System" inline={inline}>
      <Fact label="Created">{typeof r.CreatedDate === 'string' ? formatDateTime(r.CreatedDate) : null}</Fact>
      <Fact label="Last modified">{typeof r.LastModifiedDate === 'string' ? formatDateTime(r.LastModifiedDate) : null}</Fact>
      <Fact label="Record Id">
        <span className="mono">{detail.id}</span>
      </Fact>
      <Fact label="Cached copy">
        {detail.freshness.cachedAt ? `${formatDateTime(detail.freshness.cachedAt)}${detail.freshness.stale ? ' (stale)' : ''}` : 'Not synced'}
      </Fact>
    </FactSection>
  );
}

/**
 * Tells the core a record was opened (Home's "recently viewed", kept on this computer), once per
 * page. A failure costs nothing but that list's entry, so it is not shown.
 */
function useRecordViewed(object: ObjectName, id: string, loaded: boolean): void {
  const told = useRef(false);
  useEffect(() => {
    if (!loaded || told.current) return;
    told.current = true;
    void api.recordViewed({ object, id }).catch(() => undefined);
  }, [object, id, loaded]);
}

/** An email, phone or website value links to the app that handles it. */
function FieldValue({ type, kind, value }: { type: string | undefined; kind: Parameters<typeof formatValue>[0]; value: unknown }) {
  const text = String(value);
  if (type === 'email') return <EmailLink email={text} />;
  if (type === 'phone') return <a href={`tel:${text.replace(/[^\d+]/g, '')}`}>{text}</a>;
  // Only web addresses become links: a javascript: or file: value stays text.
  if (type === 'url') {
    const href = /^https?:\/\//i.test(text) ? text : /^[\w.-]+\.[a-z]{2,}(?:[/?#]|$)/i.test(text) ? `https://${text}` : null;
    return href ? (
      <a href={href} target="_blank" rel="noreferrer noopener">
        {text}
      </a>
    ) : (
      <>{text}</>
    );
  }
  return <>{formatValue(kind, value)}</>;
}

/** "New …" links of the related lists carry the parent (and the contact's account) into the form. */
function newHref(object: ObjectName, prefill: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(prefill)) if (typeof value === 'string' && value) query.set(key, value);
  const text = query.toString();
  return `#/${OBJECTS[object].path}/new${text ? `?${text}` : ''}`;
}

function RelatedLists({ detail, parentName }: { detail: RecordDetail; parentName: string }) {
  const { related, object, id, record } = detail;
  const accountName = typeof record['Account.Name'] === 'string' ? record['Account.Name'] : null;
  const newOpportunity =
    object === 'Account' ? { AccountId: id } : object === 'Campaign' ? { CampaignId: id } : object === 'Contact' ? { AccountId: record.AccountId } : null;
  const newCase = object === 'Account' ? { AccountId: id } : object === 'Contact' ? { ContactId: id, AccountId: record.AccountId } : null;
  return (
    <>
      {related.campaignMembers && <MemberCounts counts={related.campaignMembers} />}
      {related.contacts && (
        <RelatedTable
          object="Contact"
          rows={related.contacts.rows as ListRow[]}
          total={related.contacts.totalCount}
          parentName={parentName}
          newHref={object === 'Account' ? newHref('Contact', { AccountId: id }) : undefined}
        />
      )}
      {related.opportunities && (
        <RelatedTable
          object="Opportunity"
          rows={related.opportunities.rows as ListRow[]}
          total={related.opportunities.totalCount}
          parentName={parentName}
          // A contact's opportunities are its account's (contact roles are not synced): say so.
          note={
            object === 'Contact' ? (accountName ? `Opportunities of ${accountName}` : 'This contact has no account, so no opportunities are shown.') : undefined
          }
          newHref={newOpportunity && (object !== 'Contact' || record.AccountId) ? newHref('Opportunity', newOpportunity) : undefined}
        />
      )}
      {related.cases && (
        <RelatedTable
          object="Case"
          rows={related.cases.rows as ListRow[]}
          total={related.cases.totalCount}
          parentName={parentName}
          newHref={newCase ? newHref('Case', newCase) : undefined}
        />
      )}
    </>
  );
}

const RELATED_COLUMNS: Partial<Record<CrmObject, string[]>> = {
  Contact: ['Name', 'Title', 'Email', 'Phone'],
  Opportunity: ['Name', 'StageName', 'Amount', 'CloseDate'],
  Case: ['CaseNumber', 'Subject', 'Status', 'Priority'],
};

export function RelatedTable({
  object,
  rows,
  total,
  parentName,
  newHref,
  note,
}: {
  object: CrmObject;
  rows: ListRow[];
  total: number;
  parentName: string;
  newHref?: string;
  note?: string;
}) {
  const info = OBJECTS[object];
  const columns = useMemo<Array<ColumnDef<ListRow, unknown>>>(() => listColumns(object, RELATED_COLUMNS[object]), [object]);
  const headingId = `related-${object}`;
  return (
    <section className="card table-card" aria-labelledby={headingId}>
      <div className="table-card-header">
        <h2 id={headingId} className="section-title">
          {info.label.many} <span className="count-pill">{formatCount(total)}</span>
        </h2>
        {note && <span className="muted">{note}</span>}
        {newHref && (
          <a className="button button-small" href={newHref}>
            <PlusIcon size={14} /> New {info.label.one.toLowerCase()}
          </a>
        )}
      </div>
      <DataTable
        label={`${info.label.many} of ${parentName}`}
        columns={columns}
        rows={rows}
        loading={false}
        getRowId={(row) => row.Id}
        onRowOpen={(row) => {
          window.location.hash = recordHref(object, row.Id);
        }}
        skeletonRows={0}
        empty={<EmptyState title={`No ${info.label.many.toLowerCase()} yet`} />}
      />
      {total > rows.length && (
        <div className="table-card-footer muted">
          Showing the first {rows.length} of {formatCount(total)}.
        </div>
      )}
    </section>
  );
}

function MemberCounts({ counts }: { counts: CampaignMemberCounts }) {
  return (
    <section className="card fact-section" aria-label="Campaign members">
      <h2 className="section-title">Campaign members</h2>
      {counts.state === 'live' ? (
        <div className="stat-row">
          <div className="stat">
            <div className="stat-value">{formatCount(counts.total)}</div>
            <div className="stat-label">Members</div>
          </div>
          {counts.byStatus.map((s) => (
            <div className="stat" key={s.status}>
              <div className="stat-value">{formatCount(s.count)}</div>
              <div className="stat-label">{s.status}</div>
            </div>
          ))}
        </div>
      ) : (
        <p className="muted">{counts.message}</p>
      )}
    </section>
  );
}
