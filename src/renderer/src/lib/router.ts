/**
 * A tiny hash router. Routes are parsed into a typed union and printed back, so list state
 * (search, sort, page) lives in the URL: reloads and the back button keep it. Parameters are
 * checked against the contract's whitelists; anything odd falls back to the defaults.
 */
import { ACCOUNT_SORT_FIELDS, CONTACT_SORT_FIELDS } from '../../../shared/ipc';
import { GENERIC_OBJECTS, OBJECTS, objectByPath, RECORD_REF, type GenericObject, type ObjectName } from './objects';

export type ContactSortField = (typeof CONTACT_SORT_FIELDS)[number];
export type AccountSortField = (typeof ACCOUNT_SORT_FIELDS)[number];
export type SortDir = 'asc' | 'desc';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export interface ListParams<F extends string> {
  search: string;
  sortBy: F;
  sortDir: SortDir;
  page: number;
  pageSize: number;
}

export type Route =
  | { name: 'home' }
  | { name: 'connections' }
  | { name: 'settings' }
  | { name: 'contacts'; params: ListParams<ContactSortField> }
  | { name: 'contact-new'; accountId?: string; accountName?: string }
  | { name: 'contact'; id: string }
  | { name: 'accounts'; params: ListParams<AccountSortField> }
  | { name: 'account-new' }
  | { name: 'account'; id: string }
  | { name: 'object-list'; object: GenericObject; params: ObjectListParams }
  | { name: 'object-record'; object: GenericObject; id: string }
  | { name: 'object-new'; object: GenericObject; prefill?: Record<string, string> }
  | { name: 'object-edit'; object: ObjectName; id: string }
  /** A deep link whose record Id is malformed: said plainly, not a generic 404. */
  | { name: 'bad-record-id'; object: ObjectName; id: string }
  | { name: 'changes' }
  | { name: 'not-found'; path: string };

/** Cache-backed lists: sorting and filtering happen in the core, paging is the virtual table's. */
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

function printObjectListParams(params: ObjectListParams): string {
  const query = new URLSearchParams();
  if (params.search) query.set('q', params.search);
  if (params.sortBy) {
    query.set('sort', params.sortBy);
    query.set('dir', params.sortDir);
  }
  if (params.view) query.set('view', params.view);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const DEFAULT_OBJECT_LIST_PARAMS: ObjectListParams = { search: '', sortBy: '', sortDir: 'asc', view: '' };

function isGeneric(object: ObjectName): object is GenericObject {
  return (GENERIC_OBJECTS as readonly string[]).includes(object);
}

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export const DEFAULT_CONTACT_PARAMS: ListParams<ContactSortField> = {
  search: '',
  sortBy: 'Name',
  sortDir: 'asc',
  page: 0,
  pageSize: DEFAULT_PAGE_SIZE,
};
export const DEFAULT_ACCOUNT_PARAMS: ListParams<AccountSortField> = {
  search: '',
  sortBy: 'Name',
  sortDir: 'asc',
  page: 0,
  pageSize: DEFAULT_PAGE_SIZE,
};

function parseListParams<F extends string>(query: URLSearchParams, fields: readonly F[], defaults: ListParams<F>): ListParams<F> {
  const sortBy = query.get('sort');
  const dir = query.get('dir');
  const page = Number(query.get('page'));
  const size = Number(query.get('size'));
  return {
    search: (query.get('q') ?? '').slice(0, 100),
    sortBy: sortBy !== null && (fields as readonly string[]).includes(sortBy) ? (sortBy as F) : defaults.sortBy,
    sortDir: dir === 'asc' || dir === 'desc' ? dir : defaults.sortDir,
    page: Number.isInteger(page) && page >= 0 && page <= 1000 ? page : 0,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : defaults.pageSize,
  };
}

function printListParams<F extends string>(params: ListParams<F>, defaults: ListParams<F>): string {
  const query = new URLSearchParams();
  if (params.search) query.set('q', params.search);
  if (params.sortBy !== defaults.sortBy || params.sortDir !== defaults.sortDir) {
    query.set('sort', params.sortBy);
    query.set('dir', params.sortDir);
  }
  if (params.page > 0) query.set('page', String(params.page));
  if (params.pageSize !== defaults.pageSize) query.set('size', String(params.pageSize));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart.split('/').filter(Boolean);
  const [first, second] = segments;
  if (segments.length === 0) return { name: 'home' };
  if (segments.length === 1) {
    if (first === 'connections') return { name: 'connections' };
    if (first === 'settings') return { name: 'settings' };
    if (first === 'contacts') return { name: 'contacts', params: parseListParams(query, CONTACT_SORT_FIELDS, DEFAULT_CONTACT_PARAMS) };
    if (first === 'accounts') return { name: 'accounts', params: parseListParams(query, ACCOUNT_SORT_FIELDS, DEFAULT_ACCOUNT_PARAMS) };
    if (first === 'changes') return { name: 'changes' };
    const info = objectByPath(first);
    if (info && isGeneric(info.name)) return { name: 'object-list', object: info.name, params: parseObjectListParams(query) };
  }
  const info = first ? objectByPath(first) : undefined;
  if (info && segments.length === 3 && segments[2] === 'edit') {
    return RECORD_REF.test(second) ? { name: 'object-edit', object: info.name, id: second } : { name: 'bad-record-id', object: info.name, id: second.slice(0, 100) };
  }
  if (info && isGeneric(info.name) && segments.length === 2) {
    if (second === 'new') {
      const prefill: Record<string, string> = {};
      for (const key of PREFILL_KEYS) {
        const value = query.get(key);
        if (value && RECORD_REF.test(value)) prefill[key] = value;
      }
      return { name: 'object-new', object: info.name, ...(Object.keys(prefill).length ? { prefill } : {}) };
    }
    return RECORD_REF.test(second) ? { name: 'object-record', object: info.name, id: second } : { name: 'bad-record-id', object: info.name, id: second.slice(0, 100) };
  }
  if (segments.length === 2) {
    if (first === 'contacts' && second === 'new') {
      const accountId = query.get('accountId') ?? undefined;
      return {
        name: 'contact-new',
        ...(accountId && RECORD_ID.test(accountId) ? { accountId, accountName: query.get('accountName')?.slice(0, 255) ?? undefined } : {}),
      };
    }
    if (first === 'accounts' && second === 'new') return { name: 'account-new' };
    if (first === 'contacts' && RECORD_ID.test(second)) return { name: 'contact', id: second };
    if (first === 'accounts' && RECORD_ID.test(second)) return { name: 'account', id: second };
  }
  return { name: 'not-found', path: pathPart };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'connections':
      return '#/connections';
    case 'settings':
      return '#/settings';
    case 'contacts':
      return `#/contacts${printListParams(route.params, DEFAULT_CONTACT_PARAMS)}`;
    case 'contact-new': {
      if (!route.accountId) return '#/contacts/new';
      const query = new URLSearchParams({ accountId: route.accountId });
      if (route.accountName) query.set('accountName', route.accountName);
      return `#/contacts/new?${query.toString()}`;
    }
    case 'contact':
      return `#/contacts/${route.id}`;
    case 'accounts':
      return `#/accounts${printListParams(route.params, DEFAULT_ACCOUNT_PARAMS)}`;
    case 'account-new':
      return '#/accounts/new';
    case 'account':
      return `#/accounts/${route.id}`;
    case 'object-list':
      return `#/${OBJECTS[route.object].path}${printObjectListParams(route.params)}`;
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
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Clicking a header: same column flips direction, a new column starts ascending. */
export function nextSort<F extends string>(current: { sortBy: F; sortDir: SortDir }, clicked: F): { sortBy: F; sortDir: SortDir } {
  if (current.sortBy === clicked) return { sortBy: clicked, sortDir: current.sortDir === 'asc' ? 'desc' : 'asc' };
  return { sortBy: clicked, sortDir: 'asc' };
}
