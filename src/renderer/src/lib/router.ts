/**
 * A tiny hash router. Routes are parsed into a typed union and printed back, so list state
 * (search, sort, quick filter) lives in the URL: reloads and the back button keep it. Parameters
 * are checked against whitelists; anything odd falls back to the defaults.
 */
import {
  DEFAULT_BOARD_PARAMS,
  DEFAULT_LEAD_PARAMS,
  DEFAULT_PIPELINE_PARAMS,
  parseAnalyticsParams,
  parseBoardParams,
  printAnalyticsParams,
  printBoardParams,
  type AnalyticsParams,
  type BoardParams,
} from './cockpit-params';
import { parseRouteTarget, printRouteTarget } from '../../../shared/deep-links';
import { checkRecordId } from '../../../shared/record-id';
import { OBJECTS, objectByPath, objectOfId, RECORD_REF, type ObjectName } from './objects';

export type SortDir = 'asc' | 'desc';

export type Route =
  /** The bare address: where to start is decided by whether an org is connected (the shell). */
  | { name: 'start' }
  /** The salesperson's landing page once an org is connected. */
  | { name: 'home' }
  /** My open tasks by due date and today's events: `#/tasks` (the generic Task list is `#/tasks?all=1`). */
  | { name: 'my-tasks' }
  | { name: 'pipeline'; params: AnalyticsParams }
  | { name: 'board'; params: BoardParams }
  | { name: 'lead-analytics'; params: AnalyticsParams }
  | { name: 'connections' }
  | { name: 'settings' }
  | { name: 'object-list'; object: ObjectName; params: ObjectListParams }
  | { name: 'object-record'; object: ObjectName; id: string }
  | { name: 'object-new'; object: ObjectName; prefill?: Record<string, string> }
  | { name: 'object-edit'; object: ObjectName; id: string }
  /** A deep link whose record Id is malformed: said plainly, not a generic 404. */
  | { name: 'bad-record-id'; object: ObjectName; id: string }
  | { name: 'changes' }
  /** Change notifications: what others changed on my records (the bell's full list). */
  | { name: 'notifications' }
  | { name: 'health' }
  /** The compact quick-lookup page (no sidebar): the desktop app's quick-lookup window, a browser popup. */
  | { name: 'quick-lookup' }
  /** `#/record/<Id>`, browser mode's form of a record link: a bad Id, or one of an object the app does not keep. */
  | { name: 'record-link'; id: string; problem: 'invalid' | 'unknown-object' }
  /**
   * Search results over every cached object: `#/search?q=<text>`, browser mode's form of the desktop
   * app's search link, checked the same way (q '' is the empty page). `problem`: why a link's text
   * was refused (the page says so, with an empty box).
   */
  | { name: 'search'; q: string; problem?: string }
  /** Every keyboard shortcut and what the desktop app's menus hold. */
  | { name: 'shortcuts' }
  /** The SOQL console: run a query on the org or on this computer's copy. */
  | { name: 'query' }
  | { name: 'not-found'; path: string };

/**
 * Cached lists: sorting and filtering happen in the core, paging is the virtual table's (old
 * `page`/`size` parameters of the paged Contacts and Accounts lists are ignored).
 */
export interface ObjectListParams {
  search: string;
  sortBy: string;
  sortDir: SortDir;
  /** A named quick filter of the object ('' = all records). */
  view: string;
}

const SORT_FIELD = /^[A-Za-z][A-Za-z0-9_.]{0,80}$/;
/** Prefill keys a "new record" link may carry (a related list's parent). */
const PREFILL_KEYS = ['AccountId', 'ContactId', 'CampaignId'];
/** Older spellings of prefill keys still found in bookmarks (the live new-contact form's `accountId`). */
const LEGACY_PREFILL_KEYS: Record<string, string> = { accountId: 'AccountId' };

function parseObjectListParams(query: URLSearchParams): ObjectListParams {
  const sortBy = query.get('sort') ?? '';
  const dir = query.get('dir');
  return {
    search: (query.get('q') ?? '').slice(0, 100),
    sortBy: SORT_FIELD.test(sortBy) ? sortBy : '',
    sortDir: dir === 'desc' ? 'desc' : 'asc',
    view: /^[a-z-]{1,20}$/.test(query.get('view') ?? '') ? (query.get('view') as string) : '',
  };
}

/**
 * Objects whose list address a bespoke page answers: `#/tasks` is My tasks, so the generic list of
 * every cached task is `#/tasks?all=1` (printed with the flag, so its search and sort keep it).
 */
const PAGE_OWNED_LISTS: ReadonlySet<ObjectName> = new Set<ObjectName>(['Task']);

function printObjectListParams(params: ObjectListParams, all = false): string {
  const query = new URLSearchParams();
  if (all) query.set('all', '1');
  if (params.search) query.set('q', params.search);
  if (params.sortBy) {
    query.set('sort', params.sortBy);
    query.set('dir', params.sortDir);
  }
  if (params.view) query.set('view', params.view);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function parsePrefill(query: URLSearchParams): Record<string, string> {
  const prefill: Record<string, string> = {};
  for (const [legacy, key] of Object.entries(LEGACY_PREFILL_KEYS)) {
    const value = query.get(legacy);
    if (value && RECORD_REF.test(value)) prefill[key] = value;
  }
  for (const key of PREFILL_KEYS) {
    const value = query.get(key);
    if (value && RECORD_REF.test(value)) prefill[key] = value;
  }
  return prefill;
}

export const DEFAULT_OBJECT_LIST_PARAMS: ObjectListParams = { search: '', sortBy: '', sortDir: 'asc', view: '' };

/** The list screen of an object. */
export function listRoute(object: ObjectName, params: Partial<ObjectListParams> = {}): Route {
  return { name: 'object-list', object, params: { ...DEFAULT_OBJECT_LIST_PARAMS, ...params } };
}

export function pipelineRoute(params: Partial<AnalyticsParams> = {}): Route {
  return { name: 'pipeline', params: { ...DEFAULT_PIPELINE_PARAMS, ...params } };
}

export function boardRoute(params: Partial<BoardParams> = {}): Route {
  return { name: 'board', params: { ...DEFAULT_BOARD_PARAMS, ...params } };
}

export function leadAnalyticsRoute(params: Partial<AnalyticsParams> = {}): Route {
  return { name: 'lead-analytics', params: { ...DEFAULT_LEAD_PARAMS, ...params } };
}

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart.split('/').filter(Boolean);
  const [first, second] = segments;
  if (segments.length === 0) return { name: 'start' };
  if (segments.length === 1) {
    if (first === 'home') return { name: 'home' };
    if (first === 'tasks' && query.get('all') !== '1') return { name: 'my-tasks' };
    if (first === 'pipeline') return { name: 'pipeline', params: parseAnalyticsParams(query, DEFAULT_PIPELINE_PARAMS) };
    if (first === 'board') return { name: 'board', params: parseBoardParams(query) };
    if (first === 'lead-analytics') return { name: 'lead-analytics', params: parseAnalyticsParams(query, DEFAULT_LEAD_PARAMS) };
    if (first === 'connections') return { name: 'connections' };
    if (first === 'settings') return { name: 'settings' };
    if (first === 'changes') return { name: 'changes' };
    if (first === 'notifications') return { name: 'notifications' };
    if (first === 'health') return { name: 'health' };
    if (first === 'quick-lookup') return { name: 'quick-lookup' };
    if (first === 'shortcuts') return { name: 'shortcuts' };
    if (first === 'query') return { name: 'query' };
    if (first === 'search') return searchLinkRoute(raw, queryPart);
  }
  if (first === 'record' && segments.length === 2) return recordLinkRoute(second);
  const info = objectByPath(first);
  if (!info) return { name: 'not-found', path: pathPart };
  if (segments.length === 1) return { name: 'object-list', object: info.name, params: parseObjectListParams(query) };
  if (segments.length === 3 && segments[2] === 'edit') {
    return RECORD_REF.test(second)
      ? { name: 'object-edit', object: info.name, id: second }
      : { name: 'bad-record-id', object: info.name, id: second.slice(0, 100) };
  }
  if (segments.length === 2) {
    if (second === 'new') {
      const prefill = parsePrefill(query);
      return { name: 'object-new', object: info.name, ...(Object.keys(prefill).length ? { prefill } : {}) };
    }
    return RECORD_REF.test(second)
      ? { name: 'object-record', object: info.name, id: second }
      : { name: 'bad-record-id', object: info.name, id: second.slice(0, 100) };
  }
  return { name: 'not-found', path: pathPart };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'start':
      return '#/';
    case 'home':
      return '#/home';
    case 'my-tasks':
      return '#/tasks';
    case 'pipeline':
      return printAnalyticsParams('#/pipeline', route.params, DEFAULT_PIPELINE_PARAMS);
    case 'board':
      return printBoardParams(route.params);
    case 'lead-analytics':
      return printAnalyticsParams('#/lead-analytics', route.params, DEFAULT_LEAD_PARAMS);
    case 'connections':
      return '#/connections';
    case 'settings':
      return '#/settings';
    case 'health':
      return '#/health';
    case 'quick-lookup':
      return '#/quick-lookup';
    case 'object-list':
      return `#/${OBJECTS[route.object].path}${printObjectListParams(route.params, PAGE_OWNED_LISTS.has(route.object))}`;
    case 'object-record':
      return `#/${OBJECTS[route.object].path}/${route.id}`;
    case 'object-new': {
      const query = new URLSearchParams(route.prefill ?? {}).toString();
      return `#/${OBJECTS[route.object].path}/new${query ? `?${query}` : ''}`;
    }
    case 'object-edit':
      return `#/${OBJECTS[route.object].path}/${route.id}/edit`;
    case 'bad-record-id':
      return `#/${OBJECTS[route.object].path}/${route.id}`;
    case 'changes':
      return '#/changes';
    case 'notifications':
      return '#/notifications';
    case 'record-link':
      return `#/record/${route.id}`;
    case 'search':
      return route.q ? `#${printRouteTarget({ kind: 'search', q: route.q })}` : '#/search';
    case 'shortcuts':
      return '#/shortcuts';
    case 'query':
      return '#/query';
    case 'not-found':
      return `#${route.path}`;
  }
}

/**
 * A record link (`#/record/<Id>`, as the desktop app's `com.atomforsalesforce.app:/record/<Id>`):
 * the object comes from the Id's key prefix; an 18-character Id must carry its checksum suffix.
 */
function recordLinkRoute(raw: string): Route {
  const checked = checkRecordId(raw);
  if (!checked.ok) return { name: 'record-link', id: raw.slice(0, 100), problem: 'invalid' };
  const object = objectOfId(checked.id);
  return object ? { name: 'object-record', object, id: checked.id } : { name: 'record-link', id: checked.id, problem: 'unknown-object' };
}

/**
 * `#/search?q=…`, read exactly as the desktop app reads `com.atomforsalesforce.app:/search?q=…`
 * (src/shared/deep-links.ts: only q, well-formed escapes, no escaped dot or double encoding,
 * nothing invisible, 1-100 characters once trimmed). No query at all is the empty search page.
 */
function searchLinkRoute(raw: string, query: string): Route {
  if (query === '') return { name: 'search', q: '' };
  const parsed = parseRouteTarget(raw);
  if (parsed.ok && parsed.route.kind === 'search') return { name: 'search', q: parsed.route.q };
  return { name: 'search', q: '', problem: parsed.ok ? 'Not a search link' : parsed.reason };
}

/**
 * The route for searching `text` as typed in a box: trimmed; '' is the empty page. Text a link
 * could not carry (a `..` segment, an invisible character) comes back with the reason.
 */
export function searchRoute(text: string): Extract<Route, { name: 'search' }> {
  const q = text.trim();
  if (q === '') return { name: 'search', q: '' };
  const parsed = parseRouteTarget(printRouteTarget({ kind: 'search', q }));
  if (parsed.ok && parsed.route.kind === 'search' && parsed.route.q === q) return { name: 'search', q };
  return { name: 'search', q: '', problem: parsed.ok ? 'That text cannot be searched for' : parsed.reason };
}

/** An example address of a route: fixed, or built for one object and one of its records. */
export type RouteExample = string | ((object: ObjectName, id: string) => string);

/**
 * At least one example address of every route — every screen the app has. The accessibility sweep
 * (tests/e2e/browser-a11y.spec.ts) opens each, for every object where the example takes one, in
 * both themes; typed by the route union, so a new route without an example does not compile.
 */
export const ROUTE_EXAMPLES: { readonly [N in Route['name']]: readonly [RouteExample, ...RouteExample[]] } = {
  start: ['#/'],
  home: ['#/home'],
  'my-tasks': ['#/tasks'],
  pipeline: ['#/pipeline'],
  board: ['#/board'],
  'lead-analytics': ['#/lead-analytics'],
  connections: ['#/connections'],
  settings: ['#/settings'],
  'object-list': [(object) => routeHref(listRoute(object))],
  'object-record': [(object, id) => routeHref({ name: 'object-record', object, id })],
  'object-new': [(object) => routeHref({ name: 'object-new', object })],
  'object-edit': [(object, id) => routeHref({ name: 'object-edit', object, id })],
  'bad-record-id': ['#/accounts/not-a-record-id'],
  changes: ['#/changes'],
  notifications: ['#/notifications'],
  health: ['#/health'],
  'quick-lookup': ['#/quick-lookup'],
  'record-link': ['#/record/not-an-id'],
  search: ['#/search', '#/search?q=a'],
  shortcuts: ['#/shortcuts'],
  query: ['#/query'],
  'not-found': ['#/no-such-screen'],
};

/** Clicking a header: same column flips direction, a new column starts ascending. */
export function nextSort<F extends string>(current: { sortBy: F; sortDir: SortDir }, clicked: F): { sortBy: F; sortDir: SortDir } {
  if (current.sortBy === clicked) return { sortBy: clicked, sortDir: current.sortDir === 'asc' ? 'desc' : 'asc' };
  return { sortBy: clicked, sortDir: 'asc' };
}
