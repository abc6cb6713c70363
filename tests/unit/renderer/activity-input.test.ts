import { describe, expect, it } from 'vitest';
import { NewActivity } from '../../../src/shared/ipc/activities.contract';
import { activityInput, checkActivity, initialValues, linksOf, serverErrors, toggleAllDay } from '../../../src/renderer/src/features/activities/activity-input';

const NOW = new Date(2026, 11, 2, 10, 5);
const CONTACT = { object: 'Contact' as const, id: '003000000000001AAA' };
const OPPORTUNITY = { object: 'Opportunity' as const, id: '006000000000001AAA' };

describe('quick action forms', () => {
  it('links a contact or lead as Who and any other record as What; an opportunity may add a contact', () => {
    expect(linksOf({ record: CONTACT })).toEqual({ whoId: CONTACT.id });
    expect(linksOf({ record: { object: 'Lead', id: '00Q000000000001AAA' } })).toEqual({ whoId: '00Q000000000001AAA' });
    expect(linksOf({ record: { object: 'Account', id: '001000000000001AAA' } })).toEqual({ whatId: '001000000000001AAA' });
    expect(linksOf({ record: { object: 'Case', id: '500000000000001AAA' } })).toEqual({ whatId: '500000000000001AAA' });
    expect(linksOf({ record: OPPORTUNITY, contactId: CONTACT.id })).toEqual({ whatId: OPPORTUNITY.id, whoId: CONTACT.id });
    expect(linksOf({})).toEqual({});
  });

  it('starts a call as "Call" today, a task with normal priority, an event at the next half hour', () => {
    const call = initialValues('call', '2026-12-02', NOW);
    expect(call).toMatchObject({ subject: 'Call', date: '2026-12-02' });
    expect(initialValues('task', '2026-12-02', NOW)).toMatchObject({ subject: '', priority: 'Normal', dueDate: '' });
    expect(initialValues('event', '2026-12-02', NOW)).toMatchObject({ start: '2026-12-02T10:30', end: '2026-12-02T11:30', allDay: false });
  });

  it('logs a call with the contract’s shape, leaving out empty comments', () => {
    const values = { ...initialValues('call', '2026-12-02', NOW), comments: '  Talked pricing  ' };
    const checked = checkActivity('call', values, { record: CONTACT });
    expect(checked).toEqual({ ok: true, input: { kind: 'call', subject: 'Call', date: '2026-12-02', comments: 'Talked pricing', whoId: CONTACT.id } });
    const plain = activityInput('call', initialValues('call', '2026-12-02', NOW), { record: CONTACT });
    expect('comments' in plain && plain.comments).toBeFalsy();
  });

  it('shows the contract’s messages next to the fields', () => {
    const task = checkActivity('task', initialValues('task', '2026-12-02', NOW), { record: CONTACT });
    expect(task).toEqual({ ok: false, errors: { subject: 'Give it a subject' } });
    const values = { ...initialValues('event', '2026-12-02', NOW), subject: 'Demo', start: '2026-12-02T15:00', end: '2026-12-02T14:00' };
    expect(checkActivity('event', values, {})).toEqual({ ok: false, errors: { end: 'The event must end after it starts' } });
    const empty = { ...values, start: '', end: '' };
    const checked = checkActivity('event', empty, {});
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors).toMatchObject({ start: 'Choose when it starts', end: 'Choose when it ends' });
  });

  it('sends an event’s local times as instants, and an all-day event at midnight UTC of its days', () => {
    const values = { ...initialValues('event', '2026-12-02', NOW), subject: 'Demo', location: 'HQ' };
    const timed = checkActivity('event', values, { record: OPPORTUNITY });
    expect(timed.ok).toBe(true);
    if (timed.ok && timed.input.kind === 'event') {
      expect(new Date(timed.input.start).getTime()).toBe(new Date(2026, 11, 2, 10, 30).getTime());
      expect(timed.input).toMatchObject({ allDay: false, location: 'HQ', whatId: OPPORTUNITY.id });
    }
    const allDay = toggleAllDay(values, true, NOW);
    expect(allDay).toMatchObject({ allDay: true, start: '2026-12-02', end: '2026-12-02' });
    const checked = checkActivity('event', allDay, {});
    // Midnight UTC of the first day to midnight after the last: a one-day event lasts 1440 minutes.
    expect(checked.ok && checked.input).toMatchObject({ start: '2026-12-02T00:00:00.000Z', end: '2026-12-03T00:00:00.000Z', allDay: true });
    expect(NewActivity.safeParse(checked.ok ? checked.input : null).success).toBe(true);
    // Back to timed: the chosen day keeps the default hours.
    expect(toggleAllDay({ ...allDay, start: '2026-12-09', end: '2026-12-09' }, false, NOW)).toMatchObject({
      allDay: false,
      start: '2026-12-09T10:30',
      end: '2026-12-09T11:30',
    });
  });

  it('puts Salesforce’s field errors on the form’s fields, the rest in the banner', () => {
    expect(serverErrors('task', { message: 'Due date is too far', fields: ['ActivityDate'] })).toEqual({
      fieldErrors: { dueDate: 'Due date is too far' },
      bannerMessage: null,
    });
    expect(serverErrors('call', { message: 'Bad date', fields: ['ActivityDate'] }).fieldErrors).toEqual({ date: 'Bad date' });
    expect(serverErrors('event', { message: 'Too long', fields: ['DurationInMinutes'] }).fieldErrors).toEqual({ end: 'Too long' });
    expect(serverErrors('task', { message: 'Cannot reference converted lead', fields: ['WhatId'] })).toEqual({
      fieldErrors: {},
      bannerMessage: 'Cannot reference converted lead',
    });
    expect(serverErrors('task', { message: 'Offline' }).bannerMessage).toBe('Offline');
  });
});
