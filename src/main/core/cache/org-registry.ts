/**
 * The registry of one org: the shared registry without the optional fields this org lacks
 * (CurrencyIsoCode outside multi-currency orgs). Every query the core sends to that org with the
 * registry's field lists (the sync, the outbox's read-back) uses it, so none names a field the org
 * does not have. Until a sync has read the org's settings, optional fields count as absent: a
 * query without CurrencyIsoCode works in every org, one with it fails in most.
 */
import { optionalFieldsOf, withoutFields, type ObjectRegistry } from '../../../shared/objects/registry';
import type { CacheDb } from './org-cache';
import { readOrgSettings, type OrgSettings } from './reference.repo';

/** Which optional fields an org has, from its settings (null: not read yet). */
function presentOptional(field: string, settings: OrgSettings | null): boolean {
  if (field === 'CurrencyIsoCode') return settings?.multiCurrency === true;
  return false;
}

const memo = new WeakMap<ObjectRegistry, Map<string, ObjectRegistry>>();

export function orgRegistryFor(base: ObjectRegistry, settings: OrgSettings | null): ObjectRegistry {
  const absent = Object.fromEntries(
    Object.entries(optionalFieldsOf(base)).map(([object, fields]) => [object, fields.filter((f) => !presentOptional(f, settings))]),
  );
  const key = JSON.stringify(absent);
  let byKey = memo.get(base);
  if (!byKey) memo.set(base, (byKey = new Map()));
  let registry = byKey.get(key);
  if (!registry) byKey.set(key, (registry = withoutFields(base, absent)));
  return registry;
}

/** The registry of the org whose cache this is. */
export function orgRegistryOf(db: CacheDb, base: ObjectRegistry): ObjectRegistry {
  return orgRegistryFor(base, readOrgSettings(db));
}
