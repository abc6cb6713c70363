/** The frame around every screen: left navigation, top bar with the org switcher, content. */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { EnvBadge } from '../components/badges';
import {
  AccountsIcon,
  AtomMark,
  BoardIcon,
  CampaignsIcon,
  CasesIcon,
  ChangesIcon,
  ConnectionsIcon,
  ContactsIcon,
  FunnelIcon,
  HealthIcon,
  HomeIcon,
  LeadsIcon,
  MyTasksIcon,
  OpportunitiesIcon,
  PipelineIcon,
  QueryIcon,
  SettingsIcon,
} from '../components/icons';
import { MyTasksPage } from '../features/activities/my-tasks-page';
import { ChangesPage } from '../features/changes/changes-page';
import { HomePage } from '../features/home/home-page';
import { ObjectDetailPage } from '../features/objects/object-detail-page';
import { ObjectFormPage } from '../features/objects/object-form-page';
import { ObjectListPage } from '../features/objects/object-list-page';
import { GlobalSearch } from '../features/workspace/global-search';
import { ConnectivityBadge, SyncIndicator } from '../features/workspace/status-bar';
import { useWorkspaceSync } from '../features/workspace/use-workspace';
import { useSyncNow } from '../features/workspace/use-sync-now';
import { SearchPage } from '../features/search/search-page';
import { ShortcutsPage } from '../features/help/shortcuts-page';
import { useLiveUpdates } from '../features/workspace/live-updates';
import { NotificationBell } from '../features/notifications/notification-bell';
import { NotificationsPage } from '../features/notifications/notifications-page';
import { useBrowserNotifications } from '../features/notifications/browser-notifications';
import { useNotificationRefresh } from '../features/notifications/use-notifications';
import { OBJECTS } from '../lib/objects';
import { useToast } from '../components/toast';
import { ConnectionsPage } from '../features/connections/connections-page';
import { useActivateConnection, useConnections } from '../features/connections/use-connections';
import { SettingsPage } from '../features/settings/settings-page';
import { EmptyState, PageLoading } from '../components/feedback';
import { api, call, transportMode } from '../lib/api';
import { queryKeys } from '../lib/query-keys';
import { routeHref, type Route } from '../lib/router';
import { useHotkeys } from './hotkeys';
import { JUMPS } from './jumps';
import { navigate, useRoute } from './navigation';

// The screens that bring recharts (the analytics pages and Health's usage chart) and the board are
// loaded when first opened, so the first paint (Home, the lists) does not wait for their code.
const PipelinePage = lazy(() => import('../features/pipeline/pipeline-page').then((m) => ({ default: m.PipelinePage })));
const BoardPage = lazy(() => import('../features/board/board-page').then((m) => ({ default: m.BoardPage })));
const LeadAnalyticsPage = lazy(() => import('../features/lead-analytics/lead-analytics-page').then((m) => ({ default: m.LeadAnalyticsPage })));
const HealthPage = lazy(() => import('../features/health/health-page').then((m) => ({ default: m.HealthPage })));
// The SOQL console and its editor (CodeMirror) stay out of the first paint's bundle.
const QueryPage = lazy(() => import('../features/query/query-page').then((m) => ({ default: m.QueryPage })));

type Section =
  | 'home'
  | 'my-tasks'
  | 'pipeline'
  | 'board'
  | 'lead-analytics'
  | 'contacts'
  | 'accounts'
  | 'opportunities'
  | 'leads'
  | 'cases'
  | 'campaigns'
  | 'changes'
  | 'query'
  | 'health'
  | 'connections'
  | 'settings'
  | null;

function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'home':
    case 'my-tasks':
    case 'pipeline':
    case 'board':
    case 'lead-analytics':
      return route.name;
    case 'object-list':
    case 'object-record':
    case 'object-new':
    case 'object-edit':
    case 'bad-record-id':
      // Tasks and events have no sidebar entry of their own: they are My tasks' (which lists today's events too).
      if (route.object === 'Task' || route.object === 'Event') return 'my-tasks';
      return OBJECTS[route.object].path as Section;
    case 'changes':
      return 'changes';
    case 'query':
      return 'query';
    case 'health':
      return 'health';
    case 'connections':
      return 'connections';
    case 'settings':
      return 'settings';
    default:
      return null;
  }
}

type NavSection = Exclude<Section, null>;

/**
 * The sidebar, in groups: the salesperson's cockpit, the records, then the app itself. Only the
 * order, icon and group are the sidebar's own; the label, route and keys come from the "G then a
 * letter" jump to that section (app/jumps.ts), so the sidebar, the keys themselves and the
 * shortcuts page cannot disagree.
 */
const NAV_ENTRIES: ReadonlyArray<{ section: NavSection; icon: ReactNode; group: number }> = [
  { section: 'home', icon: <HomeIcon />, group: 0 },
  { section: 'my-tasks', icon: <MyTasksIcon />, group: 0 },
  { section: 'pipeline', icon: <PipelineIcon />, group: 0 },
  { section: 'board', icon: <BoardIcon />, group: 0 },
  { section: 'lead-analytics', icon: <FunnelIcon />, group: 0 },
  { section: 'contacts', icon: <ContactsIcon />, group: 1 },
  { section: 'accounts', icon: <AccountsIcon />, group: 1 },
  { section: 'opportunities', icon: <OpportunitiesIcon />, group: 1 },
  { section: 'leads', icon: <LeadsIcon />, group: 1 },
  { section: 'cases', icon: <CasesIcon />, group: 1 },
  { section: 'campaigns', icon: <CampaignsIcon />, group: 1 },
  { section: 'changes', icon: <ChangesIcon />, group: 2 },
  { section: 'query', icon: <QueryIcon />, group: 2 },
  { section: 'health', icon: <HealthIcon />, group: 2 },
  { section: 'connections', icon: <ConnectionsIcon />, group: 2 },
  { section: 'settings', icon: <SettingsIcon />, group: 2 },
];

const NAV: ReadonlyArray<{ section: NavSection; label: string; route: Route; icon: ReactNode; keys: string; group: number }> = NAV_ENTRIES.map((entry) => {
  const jump = JUMPS.find((j) => sectionOf(j.route) === entry.section);
  // A sidebar entry without its jump is a mistake in the code, not in the data: fail loudly at load.
  if (!jump) throw new Error(`No "G then a letter" jump goes to the sidebar's ${entry.section}`);
  return { ...entry, label: jump.label, route: jump.route, keys: `G ${jump.key.toUpperCase()}` };
});

export function Shell() {
  const route = useRoute();
  const section = sectionOf(route);
  const connections = useConnections();
  const { syncNow } = useSyncNow();
  // Shift+S (app/hotkeys.ts), the desktop menu's Sync now in any window: the top bar's button, said
  // in a message since the key gives no other sign that it was heard.
  useHotkeys(route, { syncNow: () => syncNow({ confirm: true }) });
  useLiveUpdates();
  useWorkspaceSync();
  // Change notifications: the bell's list follows each sync; browser mode shows its own pop-ups.
  useNotificationRefresh();
  useBrowserNotifications();
  // The cache answers searches even when the org needs a new login: its records are still on this computer.
  const hasActiveOrg = Boolean(connections.data?.some((c) => c.active));

  // "/" (first start, or after a reload of the bare URL) goes Home if an org is active.
  useEffect(() => {
    if (route.name !== 'start' || !connections.data) return;
    const hasActive = connections.data.some((c) => c.active && c.status === 'connected');
    navigate(hasActive ? { name: 'home' } : { name: 'connections' }, { replace: true });
  }, [route.name, connections.data]);

  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  const mainRef = useRef<HTMLElement>(null);
  const routeKey = routeHref(route).split('?')[0];
  // A new page starts at its top, not where the previous one was scrolled to (the content pane is
  // one scroll container for every page). A layout effect, run before the page is painted: as a
  // passive effect it ran a moment after, and a key pressed in that moment (Ctrl+K the instant the
  // page showed) put the cursor in the search box only for this to take it away.
  useLayoutEffect(() => {
    if (mainRef.current) mainRef.current.scrollTop = 0;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, [routeKey]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <AtomMark />
          <div>
            <div className="brand-name">Atom</div>
            <div className="brand-sub">for Salesforce</div>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          {NAV.map((item, index) => (
            <div key={item.section}>
              {index > 0 && NAV[index - 1].group !== item.group && <div className="nav-divider" role="separator" />}
              <a
                className={`nav-link${section === item.section ? ' nav-active' : ''}`}
                href={routeHref(item.route)}
                aria-current={section === item.section ? 'page' : undefined}
                // The tooltip names the link when narrow windows show the sidebar as icons only.
                title={`${item.label} (${item.keys})`}
              >
                {item.icon}
                <span>{item.label}</span>
                <kbd className="nav-keys" aria-hidden="true">
                  {item.keys}
                </kbd>
              </a>
            </div>
          ))}
        </nav>
        <SidebarFooter />
      </aside>
      <div className="workspace">
        <header className="topbar">
          <GlobalSearch enabled={hasActiveOrg} />
          {/* Also when the active org needs a new login: its unsent changes and "Log in again" show there. */}
          {hasActiveOrg && (
            <div className="topbar-status">
              <ConnectivityBadge />
              <SyncIndicator />
            </div>
          )}
          <div className="topbar-end">
            {hasActiveOrg && <NotificationBell />}
            <OrgSwitcher />
          </div>
        </header>
        <main id="main-content" className="content" ref={mainRef} tabIndex={-1}>
          <Suspense fallback={<PageLoading label="Opening…" />}>
            <Page route={route} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'search':
      return <SearchPage q={route.q} problem={route.problem} />;
    case 'shortcuts':
      return <ShortcutsPage />;
    case 'start':
      return null;
    case 'home':
      return <HomePage />;
    case 'my-tasks':
      return <MyTasksPage />;
    case 'pipeline':
      return <PipelinePage params={route.params} />;
    case 'board':
      return <BoardPage params={route.params} />;
    case 'lead-analytics':
      return <LeadAnalyticsPage params={route.params} />;
    case 'connections':
      return <ConnectionsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'object-list':
      return <ObjectListPage key={route.object} object={route.object} params={route.params} />;
    case 'object-record':
      return <ObjectDetailPage key={route.id} object={route.object} id={route.id} />;
    case 'object-new':
      return <ObjectFormPage key={`${route.object}-new`} object={route.object} prefill={route.prefill} />;
    case 'object-edit':
      return <ObjectFormPage key={`${route.object}-${route.id}`} object={route.object} id={route.id} />;
    case 'changes':
      return <ChangesPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'health':
      return <HealthPage />;
    case 'query':
      return <QueryPage />;
    case 'bad-record-id':
      return (
        <EmptyState
          level={1}
          title={`That isn’t a valid ${OBJECTS[route.object].label.one} Id`}
          action={
            <a className="button" href={`#/${OBJECTS[route.object].path}`}>
              Go to {OBJECTS[route.object].label.many}
            </a>
          }
        >
          <code>{route.id}</code> is not a Salesforce record Id: Ids are 15 or 18 letters and digits, like{' '}
          <code>{OBJECTS[route.object].keyPrefix}5g00000abcDEF</code>.
        </EmptyState>
      );
    case 'record-link':
      return (
        <EmptyState
          level={1}
          title={route.problem === 'invalid' ? 'That link doesn’t name a record' : 'Atom doesn’t keep this kind of record'}
          action={
            <a className="button" href="#/">
              Go to start
            </a>
          }
        >
          {route.problem === 'invalid' ? (
            <>
              <code>{route.id}</code> is not a Salesforce record Id: Ids are 15 or 18 letters and digits.
            </>
          ) : (
            <>
              <code>{route.id}</code> is a record of an object Atom doesn’t copy to this computer. Open it in Salesforce instead.
            </>
          )}
        </EmptyState>
      );
    case 'not-found':
      return (
        <EmptyState
          level={1}
          title="This page doesn’t exist"
          action={
            <a className="button" href="#/">
              Go to start
            </a>
          }
        >
          The address <code>{route.path}</code> doesn’t match any screen.
        </EmptyState>
      );
  }
}

function OrgSwitcher() {
  const connections = useConnections();
  const activate = useActivateConnection();
  const toast = useToast();
  const list = connections.data ?? [];
  const active = list.find((c) => c.active);

  if (connections.isPending) return <div className="org-switcher org-switcher-loading" aria-hidden="true" />;
  if (list.length === 0) {
    return (
      <a className="button button-primary button-small" href="#/connections">
        Connect an org
      </a>
    );
  }
  return (
    <div className="org-switcher">
      {active && <EnvBadge environment={active.environment} />}
      <label className="visually-hidden" htmlFor="org-switcher-select">
        Active org
      </label>
      <select
        id="org-switcher-select"
        className="select org-select"
        value={active?.id ?? ''}
        disabled={activate.isPending}
        onChange={(event) => {
          const id = event.target.value;
          const target = list.find((c) => c.id === id);
          activate.mutate(id, {
            onSuccess: () => toast(`Switched to ${target?.displayName || target?.username || 'the org'}`),
            onError: (error) => toast(error instanceof Error ? error.message : 'Could not switch orgs', 'error'),
          });
        }}
      >
        {!active && (
          <option value="" disabled>
            Choose an org…
          </option>
        )}
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.displayName || c.username} — {c.username}
            {c.status === 'needs-login' ? ' (needs login)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function SidebarFooter() {
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call(api.getAppInfo()), staleTime: Infinity });
  const mode = info.data?.mode ?? transportMode;
  return (
    <div className="sidebar-footer">
      <span className={`mode-pill mode-${mode}`}>{mode === 'browser' ? 'Browser mode' : 'Desktop'}</span>
      {info.data && <span className="version">v{info.data.version}</span>}
      <a className="sidebar-shortcuts" href="#/shortcuts" title="Keyboard shortcuts">
        Keyboard shortcuts
      </a>
    </div>
  );
}
