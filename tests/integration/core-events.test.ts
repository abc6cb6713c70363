/**
 * The push channel through the whole core against the emulator: a login, a sync and a record
 * write publish what the renderer needs, in order, and every event is valid by the contract.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { events as eventsContract, type AtomEvent } from '../../src/shared/ipc';
import { createHarness, type Harness } from './core-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('core.events', () => {
  it('a login, a sync and a record write publish connections, sync status and progress, and outbox counts', async () => {
    h = await createHarness({ scale: 20, settings: { sync: { scope: 'all', intervalMinutes: 0 } } });
    const seen: AtomEvent[] = [];
    h.core.events.subscribe((e) => seen.push(e));

    const connectionId = await h.loginDemo();
    expect(seen).toContainEqual({ name: 'connections-changed', payload: { reason: 'login', connectionId, activeConnectionId: connectionId } });

    await h.call('sync:start', {});
    const statuses = () => seen.flatMap((e) => (e.name === 'sync-status' ? [e.payload] : []));
    await until(() => statuses().some((s) => !s.running && s.lastRun !== null), 'the end of the sync');
    expect(statuses()[0]).toMatchObject({ connectionId, running: true });
    expect(statuses().at(-1)).toMatchObject({ connectionId, running: false, lastRun: { outcome: 'ok' } });
    const progress = seen.filter((e) => e.name === 'sync-progress');
    expect(progress.length).toBeGreaterThan(0);
    // Coalescing never lets a progress event arrive after the run's end.
    expect(seen.findLastIndex((e) => e.name === 'sync-progress')).toBeLessThan(seen.findLastIndex((e) => e.name === 'sync-status'));

    const saved = await h.call('records:create', { object: 'Account', values: { Name: 'Pushed Account' } });
    expect(saved.state).toBe('saved');
    const summaries = () => seen.flatMap((e) => (e.name === 'outbox-summary' ? [e.payload] : []));
    await until(() => summaries().some((s) => s.pendingCount === 1) && summaries().at(-1)?.pendingCount === 0, 'the count rising and falling');
    expect(summaries().at(-1)).toMatchObject({ connectionId, online: true, draining: false });

    // Everything that went out is valid by the contract (the bus parsed it; parse again to be sure).
    for (const event of seen) expect(eventsContract[event.name].payload.safeParse(event.payload).success).toBe(true);
    expect(JSON.stringify(seen)).not.toMatch(/access_token|refresh_token|00D[A-Za-z0-9]{12,15}!/);
  });
});
