/**
 * The life of a generated opportunity, from its creation to its current state: the stages it
 * stepped through in the org's order, the close dates it was pushed to (or pulled in to), its
 * amount changes, and for closed deals the win or loss. The generator writes one OpportunityHistory
 * row per state, so the history reads like a real pipeline's (a week-over-week waterfall finds
 * new, pushed, pulled-in, increased, decreased, won and lost deals) and the opportunity's final
 * values are those of its last row. Deterministic for the random source it is given.
 */
import { OPPORTUNITY_STAGES } from './schema';
import { addDays, formatDate } from './values';

/** The part of the generator's random source this module uses. */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Changes made in the last four weeks feed the week-over-week views. */
const RECENT_WINDOW = 28 * DAY;

export const OPEN_STAGES: readonly string[] = OPPORTUNITY_STAGES.filter((s) => !s.closed).map((s) => s.value);

export interface DealPlan {
  createdMs: number;
  nowMs: number;
  /** The current stage, close date and amount (what the opportunity holds today). */
  stage: string;
  closeDate: string;
  amount: number;
  /** Amounts are rounded to this many currency units. */
  amountUnit: number;
}

/** One saved state of the opportunity: the values its OpportunityHistory row records. */
export interface DealState {
  atMs: number;
  stage: string;
  amount: number;
  closeDate: string;
}

type Change = { kind: 'stage'; stage: string; closeDate?: string } | { kind: 'close'; closeDate: string } | { kind: 'amount'; amount: number };

/** Open stages reached, in order, ending with the closed stage of a closed deal. */
function stagePath(r: Rng, finalStage: string): string[] {
  const closed = !OPEN_STAGES.includes(finalStage);
  const target = !closed ? OPEN_STAGES.indexOf(finalStage) : finalStage === 'Closed Won' ? r.int(4, 7) : r.int(0, 5);
  // Deals come in at one of the first stages, and sometimes skip one; they never go back.
  let at = Math.min(
    target,
    r.weighted([
      [0, 35],
      [1, 35],
      [2, 30],
    ] as const),
  );
  const path = [OPEN_STAGES[at]];
  while (at < target) {
    at = Math.min(target, at + (r.chance(0.4) ? 2 : 1));
    path.push(OPEN_STAGES[at]);
  }
  if (closed) path.push(finalStage);
  return path;
}

/** Close dates from the first one to `last`: a few pushes later, now and then a pull-in. */
function closeDatePath(r: Rng, last: string, createdDate: string, extra: boolean): string[] {
  const pushes = r.weighted([
    [0, 50],
    [1, 27],
    [2, 14],
    [3, 9],
  ] as const);
  const deltas: number[] = [];
  for (let i = 0; i < pushes; i++) deltas.push(r.int(7, 45));
  if (r.chance(0.15)) deltas.splice(r.int(0, deltas.length), 0, -r.int(7, 30));
  if (extra && deltas.length === 0) deltas.push(r.chance(0.6) ? r.int(7, 30) : -r.int(7, 21));
  const total = deltas.reduce((sum, d) => sum + d, 0);
  let first = addDays(last, -total);
  const earliest = addDays(createdDate, 7);
  if (first < earliest) first = addDays(earliest, r.int(0, 21));
  const dates = [first];
  for (let i = 0; i < deltas.length; i++) {
    const next = i === deltas.length - 1 ? last : addDays(dates[dates.length - 1], deltas[i]);
    if (next !== dates[dates.length - 1]) dates.push(next);
  }
  if (dates[dates.length - 1] !== last) dates.push(last);
  return dates;
}

/** Amounts from the first one to `last`: most deals keep theirs, some grow or shrink. */
function amountPath(r: Rng, last: number, unit: number, extra: boolean): number[] {
  let changes = r.weighted([
    [0, 58],
    [1, 28],
    [2, 14],
  ] as const) as number;
  if (extra && changes === 0) changes = 1;
  const amounts = [last];
  for (let i = 0; i < changes; i++) {
    const factor = r.chance(0.55) ? 1 + r.int(10, 50) / 100 : 1 - r.int(10, 35) / 100;
    const before = Math.max(unit, Math.round(amounts[0] / factor / unit) * unit);
    if (before !== amounts[0]) amounts.unshift(before);
  }
  return amounts;
}

/** Interleaves the change lists at random, keeping each list's own order. */
function interleave(r: Rng, lists: Change[][]): Change[] {
  const out: Change[] = [];
  const queues = lists.map((l) => [...l]);
  let left = queues.reduce((sum, q) => sum + q.length, 0);
  while (left > 0) {
    let roll = r.int(0, left - 1);
    const queue = queues.find((q) => (roll -= q.length) < 0)!;
    out.push(queue.shift()!);
    left--;
  }
  return out;
}

/** Strictly increasing instants for `count` changes after `startMs`, the last one at most `endMs`. */
function changeTimes(r: Rng, count: number, startMs: number, endMs: number, lastInRecentWindow: boolean): number[] {
  const span = Math.max(count * MINUTE, endMs - startMs);
  const times = Array.from({ length: count }, () => startMs + MINUTE + r.next() * (span - MINUTE)).sort((a, b) => a - b);
  if (lastInRecentWindow && count > 0) {
    const windowStart = Math.max(startMs + MINUTE, endMs - RECENT_WINDOW);
    times[count - 1] = windowStart + r.next() * (endMs - windowStart);
    for (let i = 0; i < count - 1; i++) times[i] = startMs + MINUTE + ((times[i] - startMs) / span) * (times[count - 1] - startMs - MINUTE);
  }
  for (let i = 0; i < count; i++) times[i] = Math.floor(Math.max(times[i], i ? times[i - 1] + MINUTE : startMs + MINUTE));
  return times;
}

/**
 * The states of a deal, first (its creation) to last (today's values, equal to the plan's).
 * Closed deals close on their close date; about a third of open deals had their latest change
 * in the last four weeks.
 */
export function dealTimeline(r: Rng, plan: DealPlan): DealState[] {
  const stages = stagePath(r, plan.stage);
  const closed = !OPEN_STAGES.includes(plan.stage);
  const recent = !closed && r.chance(0.35);
  const createdDate = formatDate(new Date(plan.createdMs));
  // Before a deal closes, its close date was often another day: the closing save moves it.
  const beforeClose = closed && r.chance(0.5) ? addDays(plan.closeDate, r.int(-20, 30)) : plan.closeDate;
  const dates = closeDatePath(r, beforeClose, createdDate, recent && stages.length === 1 && r.chance(0.6));
  const amounts = amountPath(r, plan.amount, plan.amountUnit, recent && stages.length === 1 && dates.length === 1);
  const openSteps: Change[] = stages.slice(1, closed ? -1 : undefined).map((stage) => ({ kind: 'stage', stage }));
  const changes = interleave(r, [
    openSteps,
    dates.slice(1).map((closeDate): Change => ({ kind: 'close', closeDate })),
    amounts.slice(1).map((amount): Change => ({ kind: 'amount', amount })),
  ]);
  let endMs = plan.nowMs;
  if (closed) {
    const closeAt = Date.parse(`${plan.closeDate}T00:00:00Z`) + r.int(15 * 60, 23 * 60) * MINUTE;
    endMs = Math.max(plan.createdMs + (changes.length + 2) * MINUTE, Math.min(plan.nowMs, closeAt));
    changes.push({ kind: 'stage', stage: plan.stage, closeDate: plan.closeDate });
  }
  const times = closed
    ? [...changeTimes(r, changes.length - 1, plan.createdMs, endMs - MINUTE, false), endMs]
    : changeTimes(r, changes.length, plan.createdMs, endMs, recent);
  let state: DealState = { atMs: plan.createdMs, stage: stages[0], amount: amounts[0], closeDate: dates[0] };
  const states = [state];
  changes.forEach((change, i) => {
    state = { ...state, atMs: times[i] };
    if (change.kind === 'amount') state.amount = change.amount;
    else if (change.kind === 'close') state.closeDate = change.closeDate;
    else {
      state.stage = change.stage;
      if (change.closeDate) state.closeDate = change.closeDate;
    }
    states.push(state);
  });
  return states;
}
