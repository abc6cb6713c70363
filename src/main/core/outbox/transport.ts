/**
 * The Salesforce calls the outbox makes, as an interface (scripted in unit tests) and its
 * implementation on a gateway session (jsforce). Every failure comes out as a SendFailure.
 */
import type { DescribeField, SalesforceSession } from '../salesforce/gateway';
import { soqlId } from '../salesforce/soql';
import { classifySendError } from './classify';
import { type FieldValues, SendFailure } from './types';

/** The Demo org (and any org that adds it) has this unique, case-sensitive external-ID text field. */
export const CLIENT_UUID_FIELD = 'External_Id__c';

export interface OutboxTransport {
  /** The object's field that can carry the client UUID (external ID + unique), or null. */
  clientUuidField(object: string): Promise<string | null>;
  /** PATCH /sobjects/{object}/{field}/{value}: 201 created or 200 updated; 300 throws kind 'multiple'. */
  upsert(object: string, field: string, value: string, values: FieldValues): Promise<{ id: string; created: boolean }>;
  /** POST /sobjects/{object} (objects without a client-UUID field). */
  create(object: string, values: FieldValues): Promise<string>;
  /** Ids of records that look like this create already landed (see findCreated below). */
  findCreated(object: string, values: FieldValues, since: string): Promise<string[]>;
  /** PATCH by Id; with `ifUnmodifiedSince` a newer server version answers 412 (kind 'precondition'). */
  update(object: string, id: string, values: FieldValues, ifUnmodifiedSince: string | null): Promise<void>;
  remove(object: string, id: string): Promise<void>;
  /** The given fields of one record (relationship fields nested, as SOQL returns them), or null when it does not exist or was deleted. */
  retrieve(object: string, id: string, fields: string[]): Promise<FieldValues | null>;
  /** A cheap authenticated call, to tell whether the org answers again. */
  probe(): Promise<void>;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
function apiName(name: string): string {
  if (!API_NAME.test(name)) throw new SendFailure('rejected', { code: 'INVALID_NAME', message: `Not a field or object name: ${name}` });
  return name;
}

/** `Date.parse` does not promise to read Salesforce's `+0000` offsets; make them `+00:00`. */
export function httpDate(salesforceDatetime: string): string {
  const t = Date.parse(salesforceDatetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) throw new SendFailure('rejected', { code: 'BAD_BASE_VERSION', message: `Unreadable record version ${salesforceDatetime}` });
  return new Date(t).toUTCString();
}

/**
 * SOQL literal for a value the fallback duplicate check compares on, by the field's describe type;
 * undefined when it cannot. Dates and date-times go unquoted (Salesforce refuses them quoted: "value
 * of filter criterion for field … must be of type date and should not be enclosed in quotes"), and
 * fields SOQL cannot filter on (long text: a task's Description) are not compared.
 */
function soqlLiteral(value: unknown, field: DescribeField | undefined): string | undefined {
  if (field && field.filterable === false) return undefined;
  const type = field?.type;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  if (type === 'datetime') {
    const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (value.length <= 255 && !/[\r\n]/.test(value)) {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
  return undefined;
}

export function createSessionTransport(session: () => Promise<SalesforceSession>): OutboxTransport {
  const guard = async <T>(work: (sf: SalesforceSession) => Promise<T>): Promise<T> => {
    try {
      return await work(await session());
    } catch (err) {
      throw classifySendError(err);
    }
  };
  const fieldsCache = new Map<string, string | null>();

  return {
    async clientUuidField(object) {
      if (fieldsCache.has(object)) return fieldsCache.get(object)!;
      const describe = await guard((sf) => sf.describe(apiName(object)));
      const field = describe.fields.find((f) => f.name === CLIENT_UUID_FIELD && f.externalId === true && f.unique === true);
      const result = field ? field.name : null;
      fieldsCache.set(object, result);
      return result;
    },

    async upsert(object, field, value, values) {
      const path = `/sobjects/${apiName(object)}/${apiName(field)}/${encodeURIComponent(value)}`;
      // The external ID travels in the URL only: Salesforce rejects a body that repeats it differently.
      const body = Object.fromEntries(Object.entries(values).filter(([k]) => k !== field));
      const result = await guard((sf) => sf.send<unknown>('PATCH', path, { body }));
      // 300 Multiple Choices is not an HTTP error to jsforce: it returns the list of matching URLs.
      if (Array.isArray(result)) {
        throw new SendFailure('multiple', { code: 'MULTIPLE_CHOICES', message: `Several ${object} records already have ${field} = ${value}.` });
      }
      const answer = result as { id?: unknown; created?: unknown } | undefined;
      if (answer && typeof answer.id === 'string') return { id: answer.id, created: answer.created === true };
      // 204 (API versions before 46.0 answer an update this way): look the record up by its external ID.
      const row = await guard((sf) => sf.send<{ Id?: unknown }>('GET', `${path}?fields=Id`));
      if (typeof row?.Id !== 'string') throw new SendFailure('server', { code: 'NO_ID', message: 'Salesforce did not return the record id.' });
      return { id: row.Id, created: false };
    },

    async create(object, values) {
      const result = await guard((sf) => sf.send<{ id?: unknown }>('POST', `/sobjects/${apiName(object)}`, { body: values }));
      if (typeof result?.id !== 'string') throw new SendFailure('server', { code: 'NO_ID', message: 'Salesforce did not confirm the new record.' });
      return result.id;
    },

    /**
     * Objects without a client-UUID field: a record this user created since the first attempt
     * (minus a minute of clock skew) with the same values in every field that SOQL can filter
     * exactly (text up to 255 characters, numbers, checkboxes). Long text and empty values are not
     * compared; that is why the external-ID field is preferred wherever the org has one.
     */
    async findCreated(object, values, since) {
      // The describe says each field's type (cached per connection: the create asked for it already).
      const described = await guard((sf) => sf.describe(apiName(object))).catch(() => undefined);
      const fields = new Map((described?.fields ?? []).map((f) => [f.name, f]));
      const clauses = Object.entries(values)
        .map(([field, value]) => {
          const literal = soqlLiteral(value, fields.get(field));
          return literal === undefined ? undefined : `${apiName(field)} = ${literal}`;
        })
        .filter((c): c is string => Boolean(c));
      const from = new Date(Date.parse(since) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      clauses.push(`CreatedDate >= ${from}`);
      const soql = `SELECT Id FROM ${apiName(object)} WHERE ${clauses.join(' AND ')} ORDER BY CreatedDate LIMIT 10`;
      const result = await guard((sf) => sf.query<{ Id: string }>(soql));
      return result.records.map((r) => r.Id);
    },

    async update(object, id, values, ifUnmodifiedSince) {
      const headers = ifUnmodifiedSince ? { 'If-Unmodified-Since': httpDate(ifUnmodifiedSince) } : undefined;
      await guard((sf) => sf.send('PATCH', `/sobjects/${apiName(object)}/${encodeURIComponent(id)}`, { body: values, headers }));
    },

    async remove(object, id) {
      await guard((sf) => sf.send('DELETE', `/sobjects/${apiName(object)}/${encodeURIComponent(id)}`));
    },

    async retrieve(object, id, fields) {
      // SOQL rather than GET /sobjects/{id}?fields=: it also reads relationship fields (Account.Name).
      const list = [...new Set(['Id', ...fields])].map((f) => f.split('.').map(apiName).join('.'));
      const soql = `SELECT ${list.join(', ')} FROM ${apiName(object)} WHERE Id = ${soqlId(id)} LIMIT 1`;
      const result = await guard((sf) => sf.query<FieldValues>(soql));
      const row = result.records[0];
      if (!row) return null;
      const { attributes: _attributes, ...values } = row;
      return values;
    },

    async probe() {
      // Nobody asked for it: metered as background work.
      await guard((sf) => sf.send('GET', '/limits', { background: true }));
    },
  };
}
