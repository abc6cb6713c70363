/**
 * Local calendar days and hours for the usage statistics. A "day" is the user's local calendar
 * day (YYYY-MM-DD), so "today" starts at local midnight as the Health panel shows it; day
 * arithmetic goes through the Date constructor so DST days (23 or 25 hours) stay one day.
 */
export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;

const pad = (n: number) => String(n).padStart(2, '0');

export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day `n` calendar days after (or before, n < 0) `day`. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return localDay(new Date(y, m - 1, d + n, 12).getTime());
}

/** The `count` days ending with `lastDay`, oldest first. */
export function daysEndingWith(lastDay: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addDays(lastDay, -i));
  return out;
}

/** Start of the (UTC-aligned) hour holding `ms`: hourly buckets only need to be 60 minutes wide. */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}
