/** The top bar's sync and pending-changes words: counts that agree with their sentence, and no bare "Starting sync 0". */
import { describe, expect, it } from 'vitest';
import { pendingText, syncProgressText } from '../../../src/renderer/src/features/workspace/status-text';

describe('syncProgressText', () => {
  it('says "Starting sync…" with no count before the first object reports', () => {
    expect(syncProgressText(null)).toEqual({ label: 'Starting sync…', count: null });
  });
  it('names the object and counts records, with the total when known', () => {
    expect(syncProgressText({ object: 'Account', phase: 'full', done: 120, total: null })).toEqual({ label: 'Syncing Accounts', count: '120 records' });
    expect(syncProgressText({ object: 'Case', phase: 'bulk', done: 1200, total: 5000 })).toEqual({ label: 'Syncing Cases', count: '1,200 of 5,000 records' });
    expect(syncProgressText({ object: 'Lead', phase: 'incremental', done: 1, total: null }).count).toBe('1 record');
  });
});

describe('pendingText', () => {
  it('keeps the plain count when nothing needs attention', () => {
    expect(pendingText(0, 0)).toEqual({ label: '0 pending changes', title: null });
    expect(pendingText(1, 0)).toEqual({ label: '1 pending change', title: null });
  });
  it('never shows "0 pending" beside a change that needs attention, and agrees in number', () => {
    const one = pendingText(0, 1);
    expect(one.label).toBe('1 change needs attention');
    expect(one.title).toBe('1 change needs your attention: open Changes to fix or discard it.');
    expect(one.label).not.toMatch(/^0 /);
    expect(pendingText(0, 3)).toEqual({ label: '3 changes need attention', title: '3 changes need your attention: open Changes to fix or discard them.' });
  });
  it('says both counts when some changes wait and some need the user', () => {
    expect(pendingText(2, 1)).toEqual({ label: '2 pending · 1 needs attention', title: '2 changes waiting to be sent; 1 change needs your attention.' });
  });
});
