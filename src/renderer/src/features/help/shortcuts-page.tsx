/**
 * Keyboard shortcuts (`#/shortcuts`: "?" anywhere, the desktop Help menu, the sidebar's footer):
 * every key of the app in this system's notation, a table per area (app/shortcut-list.ts).
 */
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { PageHeader } from '../../components/page-header';
import { api, call, transportMode } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';
import { shortcutGroups, type ShortcutRow } from '../../app/shortcut-list';

export function ShortcutsPage() {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => call(api.getSettings()) });
  const groups = shortcutGroups({
    platform: info.data?.platform ?? 'linux',
    mode: transportMode,
    quickLookupShortcut: settings.data?.desktop.quickLookupShortcut ?? null,
  });
  return (
    <div className="page">
      <PageHeader title="Keyboard shortcuts" subtitle="Single keys work when you are not typing in a field. Press ? on any page to come back here." />
      <div className="shortcut-grid">
        {groups.map((group) => (
          <section key={group.title} className="card fact-section" aria-labelledby={`keys-${slug(group.title)}`}>
            <h2 id={`keys-${slug(group.title)}`} className="section-title">
              {group.title}
            </h2>
            <table className="health-table shortcut-table">
              <caption className="visually-hidden">{group.title}: what each key does</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Keys</th>
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={row.action}>
                    <th scope="row">
                      {row.action}
                      {row.note && <div className="shortcut-note">{row.note}</div>}
                    </th>
                    <td className="shortcut-keys">
                      <Keys row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}

function Keys({ row }: { row: ShortcutRow }) {
  if (row.keys.length === 0) return <span className="muted">None</span>;
  return (
    <>
      {row.keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 && <span className="muted">{row.then ? ' then ' : ' or '}</span>}
          <kbd>{key}</kbd>
        </Fragment>
      ))}
    </>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
