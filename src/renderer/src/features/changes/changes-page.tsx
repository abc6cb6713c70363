/**
 * Changes (the outbox): what waits to be sent, what Salesforce refused (its message, the user's
 * values, Retry / Edit / Discard — discarding shows the values so they can be copied), and
 * conflicts with a mine-vs-theirs table where the user keeps theirs, mine, or picks per field.
 * Nothing here is ever overwritten without the user choosing.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OutboxConflict, OutboxItem, OutboxStatus } from '../../../../shared/ipc';
import { Dialog } from '../../components/dialog';
import { EmptyState, ErrorState, PageLoading, errorMessage } from '../../components/feedback';
import { AlertIcon, CheckIcon, CopyIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useToast } from '../../components/toast';
import { api, call } from '../../lib/api';
import { cacheKeys, describeForm, getRecord } from '../../lib/cache-records';
import { formatDateTime, formatRelative } from '../../lib/format';
import { OBJECTS, RECORD_REF, recordHref, type ObjectName } from '../../lib/objects';
import { useActiveConnection } from '../connections/use-connections';
import { useOutboxStatus } from '../workspace/use-workspace';

type Value = string | number | boolean | null;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

function objectLabel(object: string): string {
  return (OBJECTS as Record<string, { label: { one: string } }>)[object]?.label.one ?? object;
}

function recordLink(item: OutboxItem) {
  return <RecordTitle item={item} />;
}

/** The record's name: from the change itself, else from the local cache (works offline). */
function RecordTitle({ item }: { item: OutboxItem }) {
  const object = item.object as ObjectName;
  const known = object in OBJECTS && RECORD_REF.test(item.recordId);
  const own = item.mine.Name ?? item.mine.Subject ?? item.mine.LastName;
  const cached = useQuery({
    queryKey: cacheKeys.record(object, item.recordId),
    queryFn: () => getRecord(object, item.recordId),
    enabled: known && own === undefined,
    retry: false,
    staleTime: 60_000,
  });
  const fromCache = cached.data?.record[OBJECTS[object]?.titleField ?? 'Name'];
  const title = show(own ?? fromCache ?? item.recordId);
  if (!known || item.op === 'delete') return <span>{title}</span>;
  return <a href={recordHref(object, item.recordId)}>{title}</a>;
}

const OP_LABEL = { create: 'New', update: 'Edit', delete: 'Delete' } as const;

/** Field API name → the org's label (from the cached describe), falling back to the API name. */
function useFieldLabels(object: string): (field: string) => string {
  const known = object in OBJECTS;
  const meta = useQuery({
    queryKey: cacheKeys.form(object as ObjectName),
    queryFn: () => describeForm(object as ObjectName),
    enabled: known,
    staleTime: 10 * 60_000,
    retry: false,
  });
  const labels = new Map((meta.data?.fields ?? []).map((f) => [f.name, f.label]));
  return (field) => labels.get(field) ?? field;
}

export function ChangesPage() {
  const active = useActiveConnection();
  const outbox = useOutboxStatus();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [discarded, setDiscarded] = useState<OutboxItem[] | null>(null);

  const settle = async (status?: OutboxStatus) => {
    if (status) queryClient.setQueryData(cacheKeys.outbox, status);
    await queryClient.invalidateQueries({ queryKey: cacheKeys.all });
  };
  const retry = useMutation({
    mutationFn: (input: { id?: number; values?: Record<string, Value> }) => call(api.retryOutbox(input)),
    onSuccess: (status) => settle(status),
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  const discard = useMutation({
    mutationFn: (id: number) => call(api.discardOutboxItem({ id })),
    onSuccess: async (result) => {
      setDiscarded(result.discarded);
      await queryClient.invalidateQueries({ queryKey: cacheKeys.outbox });
      await settle();
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  const resolve = useMutation({
    mutationFn: (input: Parameters<typeof api.resolveOutboxConflict>[0]) => call(api.resolveOutboxConflict(input)),
    onSuccess: async (status) => {
      await settle(status);
      toast('Conflict resolved');
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });

  if (!active) {
    return (
      <div className="page">
        <PageHeader title="Changes" />
        <EmptyState
          level={2}
          title="No org connected"
          action={
            <a className="button button-primary" href="#/connections">
              Go to Connections
            </a>
          }
        >
          Changes you make in an org wait here until Salesforce has them.
        </EmptyState>
      </div>
    );
  }
  if (outbox.isPending) {
    return (
      <div className="page">
        <PageHeader title="Changes" />
        <PageLoading />
      </div>
    );
  }
  if (outbox.isError) {
    return (
      <div className="page">
        <PageHeader title="Changes" />
        <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} />
      </div>
    );
  }
  const data = outbox.data;
  const nothing = data.pending.length + data.needsAttention.length + data.conflicts.length === 0;
  const waitingOnUser = data.needsAttention.length + data.conflicts.length;
  return (
    <div className="page">
      <PageHeader
        title="Changes"
        subtitle={
          <>
            {data.online ? 'Online' : 'Offline'} · {data.pendingCount} pending
            {waitingOnUser > 0 && ` · ${waitingOnUser} waiting for you`}
            {/* "Everything sent" only when it is true: conflicts and refusals are not sent either. */}
            {nothing && data.lastSyncAt && ` · everything sent ${formatRelative(data.lastSyncAt)}`}
            {data.nextRetryAt && !data.online && ` · next try ${formatRelative(data.nextRetryAt)}`}
          </>
        }
        actions={
          (data.paused || data.pending.length > 0) && (
            <button type="button" className="button" disabled={retry.isPending} onClick={() => retry.mutate({})}>
              Send now
            </button>
          )
        }
      />
      {data.paused && (
        <div className="callout callout-warn" role="status">
          <AlertIcon size={18} />
          <div>
            <strong>Sending is paused.</strong> {data.paused.message}
          </div>
        </div>
      )}
      {nothing && (
        <EmptyState level={2} icon={<CheckIcon size={28} />} title="Everything is sent">
          Changes you make offline wait here until Salesforce has them.
        </EmptyState>
      )}

      {data.conflicts.length > 0 && (
        <section className="changes-section" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading" className="section-title">
            Conflicts <span className="count-pill count-pill-danger">{data.conflicts.length}</span>
          </h2>
          <p className="muted">Someone changed these records in Salesforce after you did. Choose which values to keep — nothing is overwritten until you do.</p>
          {data.conflicts.map((item) => (
            <ConflictCard key={item.id} item={item} busy={resolve.isPending} onResolve={(input) => resolve.mutate(input)} />
          ))}
        </section>
      )}

      {data.needsAttention.length > 0 && (
        <section className="changes-section" aria-labelledby="attention-heading">
          <h2 id="attention-heading" className="section-title">
            Needs attention <span className="count-pill count-pill-warn">{data.needsAttention.length}</span>
          </h2>
          {data.needsAttention.map((item) => (
            <AttentionCard
              key={item.id}
              item={item}
              busy={retry.isPending || discard.isPending}
              onRetry={(values) => retry.mutate({ id: item.id, ...(values ? { values } : {}) })}
              onDiscard={() => discard.mutate(item.id)}
            />
          ))}
        </section>
      )}

      {data.pending.length > 0 && (
        <section className="card table-card" aria-labelledby="pending-heading">
          <div className="table-card-header">
            <h2 id="pending-heading" className="section-title">
              Waiting to be sent <span className="count-pill">{data.pending.length}</span>
            </h2>
          </div>
          <ul className="change-list">
            {data.pending.map((item) => (
              <li key={item.id} className="change-row">
                <span className="badge">{OP_LABEL[item.op]}</span>
                <span className="change-object">{objectLabel(item.object)}</span>
                <span className="change-title">{recordLink(item)}</span>
                <span className="muted change-fields">{Object.keys(item.mine).join(', ')}</span>
                <span className="muted">
                  {formatRelative(item.createdAt)}
                  {item.attempts > 0 && ` · ${item.attempts} attempt${item.attempts === 1 ? '' : 's'}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Dialog
        open={discarded !== null}
        title="Change discarded"
        onClose={() => setDiscarded(null)}
        footer={
          <>
            <CopyButton text={discardedText(discarded ?? [])} />
            <button type="button" className="button button-primary" onClick={() => setDiscarded(null)}>
              Done
            </button>
          </>
        }
      >
        <p>It will not be sent. These were your values, in case you want them:</p>
        <pre className="values-block" data-testid="discarded-values">
          {discardedText(discarded ?? [])}
        </pre>
      </Dialog>
    </div>
  );
}

function discardedText(items: OutboxItem[]): string {
  return items
    .map((item) =>
      [`${objectLabel(item.object)} (${OP_LABEL[item.op]}) ${item.recordId}`, ...Object.entries(item.mine).map(([k, v]) => `  ${k}: ${show(v)}`)].join('\n'),
    )
    .join('\n\n');
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      <CopyIcon size={14} /> {copied ? 'Copied' : 'Copy values'}
    </button>
  );
}

function toValue(text: string, original: unknown): Value {
  if (text.trim() === '') return null;
  if (typeof original === 'number') {
    const n = Number(text.replace(/,/g, ''));
    return Number.isFinite(n) ? n : text;
  }
  if (typeof original === 'boolean') return text === 'true';
  return text;
}

function AttentionCard({
  item,
  busy,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem;
  busy: boolean;
  onRetry: (values?: Record<string, Value>) => void;
  onDiscard: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(item.mine).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])),
  );
  const badFields = new Set(item.error?.fields ?? []);
  const label = useFieldLabels(item.object);
  return (
    <article className="card change-card change-card-attention" aria-label={`${objectLabel(item.object)} change needing attention`}>
      <header className="change-card-header">
        <span className="badge">{OP_LABEL[item.op]}</span>
        <strong>
          {objectLabel(item.object)} · {recordLink(item)}
        </strong>
        <span className="muted">{formatDateTime(item.createdAt)}</span>
      </header>
      <div className="callout callout-error" role="alert">
        <AlertIcon size={16} />
        <div>
          <strong>Salesforce said:</strong> {item.error?.message ?? 'The change was refused.'}
          {item.error?.code && <span className="muted"> ({item.error.code})</span>}
        </div>
      </div>
      {item.op !== 'delete' && (
        <table className="values-table">
          <tbody>
            {Object.entries(item.mine).map(([field, value]) => (
              <tr key={field} className={badFields.has(field) ? 'value-bad' : undefined}>
                <th scope="row" title={field}>
                  {label(field)}
                </th>
                <td>
                  {editing ? (
                    <input
                      className="input"
                      aria-label={label(field)}
                      value={draft[field] ?? ''}
                      onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
                    />
                  ) : (
                    show(value)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="change-actions">
        {editing ? (
          <>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel edit
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => onRetry(Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, toValue(v, item.mine[k])])))}
            >
              Retry with these values
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" disabled={busy} onClick={onDiscard}>
              Discard
            </button>
            {item.op !== 'delete' && (
              <button type="button" className="button" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            <button type="button" className="button button-primary" disabled={busy} onClick={() => onRetry()}>
              Retry
            </button>
          </>
        )}
      </div>
    </article>
  );
}

function ConflictCard({
  item,
  busy,
  onResolve,
}: {
  item: OutboxConflict;
  busy: boolean;
  onResolve: (
    input:
      | { id: number; resolution: 'mine' }
      | { id: number; resolution: 'theirs' }
      | { id: number; resolution: 'merge'; fields: Record<string, 'mine' | 'theirs'> },
  ) => void;
}) {
  const fields = Object.keys(item.mine);
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>(() => Object.fromEntries(fields.map((f) => [f, 'mine'])));
  const differing = new Set(item.differingFields);
  const label = useFieldLabels(item.object);
  return (
    <article className="card change-card change-card-conflict" aria-label={`Conflict on ${objectLabel(item.object)} ${show(item.mine.Name ?? item.recordId)}`}>
      <header className="change-card-header">
        <span className="badge badge-danger">Conflict</span>
        <strong>
          {objectLabel(item.object)} · {recordLink(item)}
        </strong>
        <span className="muted">your edit from {formatDateTime(item.createdAt)}</span>
      </header>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Mine</th>
            <th scope="col">Theirs (Salesforce now)</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field} className={differing.has(field) ? 'conflict-differs' : undefined}>
              <th scope="row" title={field}>
                {label(field)}
              </th>
              <td>
                <label className="conflict-choice">
                  <input
                    type="radio"
                    name={`c-${item.id}-${field}`}
                    aria-label={`${label(field)}: mine, ${show(item.mine[field])}`}
                    checked={choice[field] === 'mine'}
                    onChange={() => setChoice((c) => ({ ...c, [field]: 'mine' }))}
                  />
                  <span>{show(item.mine[field])}</span>
                </label>
              </td>
              <td>
                <label className="conflict-choice">
                  <input
                    type="radio"
                    name={`c-${item.id}-${field}`}
                    aria-label={`${label(field)}: theirs, ${show(item.theirs[field])}`}
                    checked={choice[field] === 'theirs'}
                    onChange={() => setChoice((c) => ({ ...c, [field]: 'theirs' }))}
                  />
                  <span>{show(item.theirs[field])}</span>
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="change-actions">
        <button type="button" className="button" disabled={busy} onClick={() => onResolve({ id: item.id, resolution: 'theirs' })}>
          Take theirs
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => onResolve({ id: item.id, resolution: 'merge', fields: choice })}>
          Save my picks
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => onResolve({ id: item.id, resolution: 'mine' })}>
          Keep mine
        </button>
      </div>
    </article>
  );
}
