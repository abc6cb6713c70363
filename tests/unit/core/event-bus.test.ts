/**
 * The core's push channel: payloads checked against the contract before they leave, bursts
 * coalesced without losing the last value or reordering, broken listeners isolated.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../../../src/main/core/events/event-bus';
import type { AtomEvent } from '../../../src/shared/ipc';

function setup() {
  let now = 1_000;
  const timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const bus = createEventBus({
    log,
    now: () => now,
    setTimer: (run, ms) => {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cancelled: boolean }).cancelled = true;
    },
  });
  const seen: AtomEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  /** Moves the clock and fires what is due. */
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
      t.cancelled = true;
      t.run();
    }
  };
  return { bus, seen, log, advance };
}

const progress = (done: number, connectionId = 'c1') => ({
  connectionId,
  startedAt: '2026-01-01T00:00:00.000Z',
  progress: { object: 'Account' as const, phase: 'full' as const, done, total: 100 },
});
const doneOf = (e: AtomEvent) => (e.name === 'sync-progress' ? e.payload.progress?.done : e.name);

describe('event bus', () => {
  it('delivers a valid payload parsed by its schema (unknown keys stripped)', () => {
    const { bus, seen } = setup();
    bus.publish('online', { connectionId: 'c1', online: true, extra: 'dropped' } as never);
    expect(seen).toEqual([{ name: 'online', payload: { connectionId: 'c1', online: true } }]);
  });

  it('logs and drops a payload the contract refuses, and an undeclared event, without the values', () => {
    const { bus, seen, log } = setup();
    bus.publish('online', { connectionId: 'c1', online: 'yes, secret-value' } as never);
    bus.publish('nope' as never, {} as never);
    expect(seen).toEqual([]);
    expect(log.error).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(log.error.mock.calls)).not.toContain('secret-value');
  });

  it('blocks a payload that looks like it carries a token', () => {
    const { bus, seen, log } = setup();
    bus.publish('online', { connectionId: '00Dxx0000001gPL!AQ4AQFh2SjgRZgxJ', online: true });
    expect(seen).toEqual([]);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('token'));
  });

  it('coalesces a burst of sync progress: the first at once, then at most one per window, the last always', () => {
    const { bus, seen, advance } = setup();
    for (let done = 1; done <= 10; done++) {
      bus.publish('sync-progress', progress(done));
      advance(20);
    }
    // 200 ms of publishing every 20 ms with a 150 ms window: 1 at once, 1 at 150 ms, the rest held.
    expect(seen.map(doneOf)).toEqual([1, 8]);
    advance(150);
    expect(seen.map(doneOf)).toEqual([1, 8, 10]);
  });

  it('keeps connections apart when coalescing', () => {
    const { bus, seen } = setup();
    bus.publish('sync-progress', progress(1, 'a'));
    bus.publish('sync-progress', progress(1, 'b'));
    expect(seen.map((e) => (e.payload as { connectionId: string }).connectionId)).toEqual(['a', 'b']);
  });

  it('never reorders: a held value goes out before a later uncoalesced event', () => {
    const { bus, seen, advance } = setup();
    bus.publish('sync-progress', progress(1));
    bus.publish('sync-progress', progress(2));
    bus.publish('online', { connectionId: 'c1', online: true });
    expect(seen.map(doneOf)).toEqual([1, 2, 'online']);
    advance(500);
    expect(seen).toHaveLength(3);
  });

  it('never reorders between coalesced events either', () => {
    const { bus, seen } = setup();
    const summary = {
      connectionId: 'c1',
      online: true,
      paused: null,
      draining: false,
      pendingCount: 0,
      needsAttentionCount: 0,
      conflictCount: 0,
      lastSyncAt: null,
      nextRetryAt: null,
    };
    bus.publish('sync-progress', progress(1));
    bus.publish('sync-progress', progress(2));
    bus.publish('outbox-summary', summary);
    expect(seen.map(doneOf)).toEqual([1, 2, 'outbox-summary']);
  });

  it('a throwing listener neither stops the others nor the publisher; unsubscribe and close stop delivery', () => {
    const { bus, seen, log } = setup();
    const stop = bus.subscribe(() => {
      throw new Error('window gone');
    });
    bus.publish('online', { connectionId: 'c1', online: true });
    expect(seen).toHaveLength(1);
    expect(log.warn).toHaveBeenCalled();
    stop();
    bus.publish('sync-progress', progress(1));
    bus.publish('sync-progress', progress(2));
    bus.close();
    // The held value is delivered by close; nothing after it.
    expect(seen.map(doneOf)).toEqual(['online', 1, 2]);
    bus.publish('online', { connectionId: 'c1', online: false });
    expect(seen).toHaveLength(3);
  });
});
