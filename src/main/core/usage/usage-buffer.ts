/**
 * The usage store's pending counters: what `record` adds between two flushes, merged in memory so
 * a flush writes one row per org, day and counter however many calls there were.
 */
import type { CountDelta, CountKind, HourlyDelta, OrgFigures, UsageBatch } from './usage.repo';

export class UsageBuffer {
  private readonly counts = new Map<string, CountDelta>();
  private readonly org = new Map<string, OrgFigures>();
  private readonly hours = new Map<string, HourlyDelta>();

  get size(): number {
    return this.counts.size + this.org.size + this.hours.size;
  }

  count(connectionId: string, day: string, kind: CountKind, key: string, n: number): void {
    const id = `${connectionId}\u0000${day}\u0000${kind}\u0000${key}`;
    const pending = this.counts.get(id);
    if (pending) pending.n += n;
    else this.counts.set(id, { connectionId, day, kind, key, n });
  }

  /** Merges figures into the pending row of their org and day (highest `used`, newest `last`). */
  orgFigures(f: OrgFigures): void {
    const id = `${f.connectionId}\u0000${f.day}`;
    const o = this.org.get(id);
    if (!o) return void this.org.set(id, { ...f });
    if (f.peakUsed > o.peakUsed) Object.assign(o, { peakUsed: f.peakUsed, peakMax: f.peakMax });
    if (f.lastAt >= o.lastAt) Object.assign(o, { lastUsed: f.lastUsed, lastMax: f.lastMax, lastAt: f.lastAt });
  }

  hour(connectionId: string, hour: number, calls: number): void {
    const id = `${connectionId}\u0000${hour}`;
    const h = this.hours.get(id);
    if (h) h.calls += calls;
    else this.hours.set(id, { connectionId, hour, calls });
  }

  /** Everything pending, as one batch; the buffer is empty afterwards. */
  take(): UsageBatch {
    const batch = { counts: [...this.counts.values()], org: [...this.org.values()], hourly: [...this.hours.values()] };
    this.counts.clear();
    this.org.clear();
    this.hours.clear();
    return batch;
  }

  /** Puts back a batch that could not be written (merged with what arrived meanwhile). */
  restore(batch: UsageBatch): void {
    for (const c of batch.counts) this.count(c.connectionId, c.day, c.kind, c.key, c.n);
    for (const o of batch.org) this.orgFigures(o);
    for (const h of batch.hourly) this.hour(h.connectionId, h.hour, h.calls);
  }

  /** Pending counters of one org and day (to add to what the database holds). */
  countsOf(connectionId: string, day: string): CountDelta[] {
    return [...this.counts.values()].filter((c) => c.connectionId === connectionId && c.day === day);
  }

  forget(connectionId: string): void {
    for (const map of [this.counts, this.org, this.hours] as Array<Map<string, { connectionId: string }>>) {
      for (const [id, v] of map) if (v.connectionId === connectionId) map.delete(id);
    }
  }
}
