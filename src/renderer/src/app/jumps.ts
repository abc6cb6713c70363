/**
 * The "G then a letter" jumps of app/hotkeys.ts, as data (no DOM), so the keyboard shortcuts page
 * lists exactly these.
 */
import { boardRoute, leadAnalyticsRoute, listRoute, pipelineRoute, type Route } from '../lib/router';

/** "G then <key>": where it goes, and what the sidebar and the shortcuts page call it. */
export const JUMPS: ReadonlyArray<{ key: string; label: string; route: Route }> = [
  { key: 'd', label: 'Home', route: { name: 'home' } },
  { key: 't', label: 'My tasks', route: { name: 'my-tasks' } },
  { key: 'f', label: 'Pipeline', route: pipelineRoute() },
  { key: 'b', label: 'Board', route: boardRoute() },
  { key: 'r', label: 'Lead analytics', route: leadAnalyticsRoute() },
  { key: 'c', label: 'Contacts', route: listRoute('Contact') },
  { key: 'a', label: 'Accounts', route: listRoute('Account') },
  { key: 'p', label: 'Opportunities', route: listRoute('Opportunity') },
  { key: 'l', label: 'Leads', route: listRoute('Lead') },
  { key: 'k', label: 'Cases', route: listRoute('Case') },
  { key: 'm', label: 'Campaigns', route: listRoute('Campaign') },
  { key: 'h', label: 'Changes', route: { name: 'changes' } },
  { key: 'q', label: 'Query', route: { name: 'query' } },
  { key: 'e', label: 'Health', route: { name: 'health' } },
  { key: 'o', label: 'Connections', route: { name: 'connections' } },
  { key: 's', label: 'Settings', route: { name: 'settings' } },
];
