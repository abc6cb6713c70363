/**
 * A record's activity timeline: upcoming and overdue first (overdue ones marked with how late they
 * are), then past activity grouped by month, newest first. Open tasks complete from here. Read from
 * the cache; before activities were ever synced it says so instead of "no activity".
 */
import { useId, useState, type ReactNode } from 'react';
import type { ActivityRow, Timeline } from '../../../../shared/ipc/activities.contract';
import { ErrorState, Skeleton } from '../../components/feedback';
import { formatCount } from '../../lib/format';
import { groupByMonth } from './activity-dates';
import { ActivityBadges, ActivityMeta, CompleteBox, KindIcon, activityHref, subjectOf, useCompleting, whenText } from './activity-item';
import { ActivitiesNotSynced } from './not-synced';
import { PAST_MAX, PAST_PAGE, useCompleteTask, useTimeline } from './use-activities';

/** `canAdd`: the page offers the quick actions (not on a converted lead, which Salesforce keeps read-only). */
export function ActivityTimeline({ recordId, canAdd = true }: { recordId: string; canAdd?: boolean }) {
  const [limit, setLimit] = useState(PAST_PAGE);
  const timeline = useTimeline(recordId, limit);
  const headingId = useId();
  let body;
  if (timeline.isError) body = <ErrorState compact error={timeline.error} onRetry={() => void timeline.refetch()} />;
  else if (!timeline.data) body = <TimelineLoading />;
  else if (!timeline.data.synced) body = <ActivitiesNotSynced what="this record’s activities" />;
  else body = <TimelineBody timeline={timeline.data} limit={limit} canAdd={canAdd} onMore={() => setLimit((l) => Math.min(l * 2, PAST_MAX))} />;
  return (
    <section className="card activity-card" aria-labelledby={headingId} data-testid="activity-timeline" aria-busy={timeline.isFetching && !timeline.data}>
      <h2 id={headingId} className="section-title">
        Activity
      </h2>
      {body}
    </section>
  );
}

function TimelineLoading() {
  return (
    <div className="activity-loading" role="status">
      <span className="visually-hidden">Loading activity…</span>
      <Skeleton className="skeleton-line" />
      <Skeleton className="skeleton-line skeleton-short" />
      <Skeleton className="skeleton-line" />
    </div>
  );
}

function TimelineBody({ timeline, limit, canAdd, onMore }: { timeline: Timeline; limit: number; canAdd: boolean; onMore: () => void }) {
  const months = groupByMonth(timeline.past);
  if (timeline.upcoming.length === 0 && timeline.past.length === 0) {
    return (
      <p className="muted">
        {canAdd
          ? 'No activity on this record yet. Log a call, or plan a task or an event, with the buttons above.'
          : 'No activity on this record. A converted lead’s activities move to its contact.'}
      </p>
    );
  }
  return (
    <div className="timeline">
      <TimelineSection title="Upcoming & overdue" count={timeline.upcoming.length} testId="timeline-upcoming">
        {timeline.upcoming.length === 0 ? (
          <p className="muted">Nothing planned.</p>
        ) : (
          <TimelineList rows={timeline.upcoming} today={timeline.today} label="Upcoming and overdue activities" />
        )}
      </TimelineSection>
      <TimelineSection title="Past activity" count={timeline.past.length} more={timeline.morePast} testId="timeline-past">
        {months.length === 0 && <p className="muted">No past activity.</p>}
        {months.map((month) => (
          <div key={month.key} className="timeline-month">
            <h4 className="timeline-month-title">{month.label}</h4>
            <TimelineList rows={month.rows} today={timeline.today} label={`Activity in ${month.label}`} />
          </div>
        ))}
        {timeline.morePast &&
          (limit < PAST_MAX ? (
            <button type="button" className="link-button timeline-more" onClick={onMore}>
              Show older activity
            </button>
          ) : (
            <p className="muted">Showing the latest {formatCount(PAST_MAX)} activities.</p>
          ))}
      </TimelineSection>
    </div>
  );
}

function TimelineSection({ title, count, more, testId, children }: { title: string; count: number; more?: boolean; testId: string; children: ReactNode }) {
  return (
    <div className="timeline-section" data-testid={testId}>
      <h3 className="timeline-section-title">
        {title} <span className="count-pill">{more ? `${formatCount(count)}+` : formatCount(count)}</span>
      </h3>
      {children}
    </div>
  );
}

function TimelineList({ rows, today, label }: { rows: ActivityRow[]; today: string; label: string }) {
  const complete = useCompleteTask();
  const completing = useCompleting();
  return (
    <ul className="activity-list" aria-label={label}>
      {rows.map((row) => (
        <li key={row.id} className="activity-row" data-activity-id={row.id}>
          <span className="activity-check">
            {row.object === 'Task' && !row.isClosed && <CompleteBox row={row} busy={completing.has(row.id)} onComplete={(r) => complete.mutate(r)} />}
          </span>
          <KindIcon kind={row.kind} />
          <div className="activity-main">
            <div className="activity-line">
              <a className="activity-subject" href={activityHref(row)}>
                {subjectOf(row)}
              </a>
              <ActivityBadges row={row} today={today} />
            </div>
            <ActivityMeta row={row} when={whenText(row, today, 'full')} showOwner />
          </div>
        </li>
      ))}
    </ul>
  );
}
