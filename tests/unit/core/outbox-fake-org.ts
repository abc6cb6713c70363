/**
 * A scripted stand-in for Salesforce behind the OutboxTransport interface: an in-memory org with
 * external-ID upserts, If-Unmodified-Since, and a script of failures to inject per call — either
 * before the org acts (nothing changes) or after it commits (the answer is lost).
 */
import type { OutboxTransport } from '../../../src/main/core/outbox/transport';
import { type FailureKind, type FieldValues, SendFailure } from '../../../src/main/core/outbox/types';

export type CallName = 'upsert' | 'create' | 'findCreated' | 'update' | 'remove' | 'retrieve' | 'probe' | 'clientUuidField';

interface ScriptedFailure {
  call: CallName;
  kind: FailureKind;
  code?: string;
  message?: string;
  fields?: string[];
  /** The org commits the change, then the answer is lost. */
  afterCommit?: boolean;
}

interface ServerRecord {
  object: string;
  values: FieldValues;
  deleted: boolean;
}

export class FakeOrg implements OutboxTransport {
  records = new Map<string, ServerRecord>();
  calls: CallName[] = [];
  script: ScriptedFailure[] = [];
  /** Fails every call with this kind until cleared (an unreachable org). */
  down: FailureKind | null = null;
  externalIdObjects = new Set(['Account', 'Contact', 'Opportunity', 'Lead', 'Case', 'Campaign']);
  private seq = 0;
  private clock = Date.parse('2025-01-01T00:00:00Z');

  private nextId(object: string): string {
    const prefix = { Account: '001', Contact: '003', Opportunity: '006', Lead: '00Q', Case: '500', Campaign: '701' }[object] ?? 'a00';
    return `${prefix}${String(++this.seq).padStart(12, '0')}`;
  }

  private stamp(): string {
    this.clock += 5_000;
    return new Date(this.clock).toISOString();
  }

  /** Seeds a server record (as if it had been synced). */
  seed(object: string, values: FieldValues): { id: string; stamp: string } {
    const id = this.nextId(object);
    const stamp = this.stamp();
    this.records.set(id, { object, values: { ...values, Id: id, SystemModstamp: stamp, LastModifiedDate: stamp }, deleted: false });
    return { id, stamp };
  }

  /** Someone else edits the record on the server. */
  serverEdit(id: string, values: FieldValues): void {
    const r = this.records.get(id)!;
    const stamp = this.stamp();
    Object.assign(r.values, values, { SystemModstamp: stamp, LastModifiedDate: stamp });
  }

  live(object: string): FieldValues[] {
    return [...this.records.values()].filter((r) => r.object === object && !r.deleted).map((r) => r.values);
  }

  private async step<T>(call: CallName, act: () => T): Promise<T> {
    this.calls.push(call);
    await Promise.resolve();
    if (this.down) throw new SendFailure(this.down, { code: this.down.toUpperCase(), message: `org ${this.down}` });
    const i = this.script.findIndex((s) => s.call === call);
    const failure = i >= 0 ? this.script.splice(i, 1)[0] : undefined;
    const fail = (f: ScriptedFailure) =>
      new SendFailure(f.kind, { code: f.code ?? f.kind.toUpperCase(), message: f.message ?? `scripted ${f.kind}`, fields: f.fields });
    if (failure && !failure.afterCommit) throw fail(failure);
    const result = act();
    if (failure) throw fail(failure);
    return result;
  }

  clientUuidField(object: string) {
    return this.step('clientUuidField', () => (this.externalIdObjects.has(object) ? 'External_Id__c' : null));
  }

  upsert(object: string, field: string, value: string, values: FieldValues) {
    return this.step('upsert', () => {
      const matches = [...this.records.entries()].filter(([, r]) => r.object === object && !r.deleted && r.values[field] === value);
      if (matches.length > 1) throw new SendFailure('multiple', { code: 'MULTIPLE_CHOICES', message: 'several' });
      const stamp = this.stamp();
      if (matches.length === 1) {
        Object.assign(matches[0][1].values, values, { SystemModstamp: stamp, LastModifiedDate: stamp });
        return { id: matches[0][0], created: false };
      }
      this.rejectInvalid(values);
      const id = this.nextId(object);
      this.records.set(id, {
        object,
        values: { ...values, [field]: value, Id: id, SystemModstamp: stamp, LastModifiedDate: stamp, CreatedDate: stamp },
        deleted: false,
      });
      return { id, created: true };
    });
  }

  create(object: string, values: FieldValues) {
    return this.step('create', () => {
      this.rejectInvalid(values);
      const id = this.nextId(object);
      const stamp = this.stamp();
      this.records.set(id, { object, values: { ...values, Id: id, SystemModstamp: stamp, LastModifiedDate: stamp, CreatedDate: stamp }, deleted: false });
      return id;
    });
  }

  findCreated(object: string, values: FieldValues) {
    return this.step('findCreated', () =>
      [...this.records.entries()]
        .filter(([, r]) => r.object === object && !r.deleted && Object.entries(values).every(([k, v]) => r.values[k] === v))
        .map(([id]) => id),
    );
  }

  update(object: string, id: string, values: FieldValues, ifUnmodifiedSince: string | null) {
    return this.step('update', () => {
      const r = this.records.get(id);
      if (!r || r.deleted || r.object !== object) throw new SendFailure('not-found', { code: 'ENTITY_IS_DELETED', message: 'gone' });
      if (ifUnmodifiedSince && Date.parse(String(r.values.SystemModstamp)) > Date.parse(ifUnmodifiedSince)) {
        throw new SendFailure('precondition', { code: 'PRECONDITION_FAILED', message: 'modified' });
      }
      this.rejectInvalid(values);
      const stamp = this.stamp();
      Object.assign(r.values, values, { SystemModstamp: stamp, LastModifiedDate: stamp });
    });
  }

  remove(object: string, id: string) {
    return this.step('remove', () => {
      const r = this.records.get(id);
      if (!r || r.deleted) throw new SendFailure('not-found', { code: 'ENTITY_IS_DELETED', message: 'gone' });
      r.deleted = true;
    });
  }

  retrieve(object: string, id: string, fields: string[]) {
    return this.step('retrieve', () => {
      const r = this.records.get(id);
      if (!r || r.deleted || r.object !== object) return null;
      return Object.fromEntries(['Id', ...fields].map((f) => [f, r.values[f] ?? null]));
    });
  }

  probe() {
    return this.step('probe', () => undefined);
  }

  /** Like a validation rule: an Email without '@' is refused. */
  private rejectInvalid(values: FieldValues) {
    if (typeof values.Email === 'string' && !values.Email.includes('@')) {
      throw new SendFailure('rejected', { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: ' + values.Email, fields: ['Email'] });
    }
  }
}
