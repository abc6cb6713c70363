/**
 * The words of change notifications: short pieces joined by " · ", what changed on an opportunity
 * ("Stage: Prospecting → Negotiation"), and the contract's lengths (a title of 200 characters, a
 * body of 500). English, like the rest of the app; dates and amounts in a form that reads the same
 * on every system (the core does not know the reader's locale).
 */
import type { FlatRecord } from '../cache/objects';

const TITLE_MAX = 200;
const BODY_MAX = 500;

/** The pieces that have a value, joined by " · ". */
export function pieces(...parts: Array<string | null | false | undefined | 0>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' · ');
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function textOf(title: string, body: string): { title: string; body: string } {
  return { title: clip(title, TITLE_MAX), body: clip(body, BODY_MAX) };
}

const DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "Mar 31, 2026" for a date field's "2026-03-31" (a date has no zone: read as UTC). */
export function formatDay(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return 'none';
  const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? value : DATE.format(ms);
}

/** "USD 65,000" (the ISO code where the org keeps several currencies), "65,000" otherwise. */
export function formatAmount(value: unknown, currency: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'none';
  const amount = NUMBER.format(value);
  return typeof currency === 'string' && currency ? `${currency} ${amount}` : amount;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : 'none');

/** What changed of an opportunity's stage, amount and close date, one piece each ([] when none did). */
export function describeOpportunityChange(before: FlatRecord, after: FlatRecord): string[] {
  const out: string[] = [];
  if ((before.StageName ?? null) !== (after.StageName ?? null)) out.push(`Stage: ${text(before.StageName)} → ${text(after.StageName)}`);
  const currencyChanged = (before.CurrencyIsoCode ?? null) !== (after.CurrencyIsoCode ?? null);
  if ((before.Amount ?? null) !== (after.Amount ?? null) || currencyChanged) {
    out.push(`Amount: ${formatAmount(before.Amount, before.CurrencyIsoCode)} → ${formatAmount(after.Amount, after.CurrencyIsoCode)}`);
  }
  if ((before.CloseDate ?? null) !== (after.CloseDate ?? null)) out.push(`Close date: ${formatDay(before.CloseDate)} → ${formatDay(after.CloseDate)}`);
  return out;
}
