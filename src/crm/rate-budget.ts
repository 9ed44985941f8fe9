import { nextMidnight } from './account-midnight.js';

/**
 * What this process knows of HubSpot's limits, from HubSpot's own answers: the app's 10-second window
 * (`X-HubSpot-RateLimit-Remaining`, `-Max`, `-Interval-Milliseconds`), the account's day (`-Daily-Remaining`, a `DAILY`
 * 429) and the window's 429s. The direct path asks it before calling HubSpot, so a container stops before the window
 * is empty and queues the event instead (the queue's consumer writes it in a batch, with the window's reserve); the
 * consumer asks it whether the day is spent.
 *
 * The estimate is conservative: the last answer's `Remaining`, less every call this process started after the
 * request that answer belongs to (so calls still in flight count). It is forgotten one window after the answer:
 * calls older than that have left HubSpot's rolling window. Headers are optional (HubSpot omits them when it cannot
 * gather them): without any, only 429s close the budget.
 */

export interface RateBudgetOptions {
  /** Calls to leave in the window for the consumer and other integrations (`HUBSPOT_WINDOW_RESERVE`). */
  readonly reserve?: number;
  /** The account's time zone, whose midnight ends a spent day (`HUBSPOT_ACCOUNT_TIME_ZONE`). */
  readonly accountTimeZone?: string;
  readonly clock?: () => number;
}

/** Without the account's time zone, a spent day is checked again this often (one call each time). */
export const DAILY_RECHECK_MS = 60 * 60 * 1000;
/** HubSpot's window, when its answers do not say. */
const DEFAULT_WINDOW_MS = 10_000;
/** After a 10-second 429 without `Retry-After`: wait this much of a window before trying again. */
const CLOSED_AFTER_429_MS = 2_000;

export class RateBudget {
  readonly reserve: number;
  private readonly clock: () => number;
  private readonly timeZone: string | undefined;
  private started = 0;
  /** Calls promised by {@link tryReserve} and not begun yet, oldest first. */
  private planned: { calls: number; at: number }[] = [];
  private window: { remaining: number; max: number; windowMs: number; seq: number; at: number } | undefined;
  private closedUntil = 0;
  private dayEndsAt = 0;

  constructor(options: RateBudgetOptions = {}) {
    this.reserve = options.reserve ?? 0;
    this.clock = options.clock ?? Date.now;
    this.timeZone = options.accountTimeZone;
  }

  /** Counts a call about to be sent (one a reservation promised, if any); answers its sequence number, for {@link observe}. */
  begin(): number {
    this.started += 1;
    const oldest = this.planned[0];
    if (oldest !== undefined) {
      oldest.calls -= 1;
      if (oldest.calls <= 0) this.planned.shift();
    }
    return this.started;
  }

  /**
   * Reserves `calls` calls about to be made when {@link allows} says they fit, so concurrent callers of one process
   * do not all spend the same headroom. A reservation not begun within a window lapses.
   */
  tryReserve(calls: number): boolean {
    if (!this.allows(calls)) return false;
    this.planned.push({ calls, at: this.clock() });
    return true;
  }

  /** Takes note of HubSpot's answer to call `seq`: its rate-limit headers (lower-case names), and what a 429 says. */
  observe(seq: number, status: number, headers: Readonly<Record<string, string>>, body?: unknown): void {
    const now = this.clock();
    const remaining = numberHeader(headers, 'x-hubspot-ratelimit-remaining');
    if (remaining !== undefined && (this.window === undefined || seq >= this.window.seq || now - this.window.at > this.window.windowMs)) {
      const max = numberHeader(headers, 'x-hubspot-ratelimit-max') ?? this.window?.max ?? remaining;
      const windowMs = numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds') ?? DEFAULT_WINDOW_MS;
      this.window = { remaining, max, windowMs, seq, at: now };
    }
    if (numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining') === 0 || (status === 429 && policyOf(body) === 'DAILY')) {
      this.daySpent(now);
      return;
    }
    if (status === 429) {
      const retryAfter = numberHeader(headers, 'retry-after');
      this.closedUntil = Math.max(this.closedUntil, now + (retryAfter === undefined ? CLOSED_AFTER_429_MS : retryAfter * 1000));
    }
  }

  /**
   * Whether `calls` more calls now leave at least the reserve in the window, for all this process knows; false while
   * a 429 asks to wait or the account's day is spent.
   */
  allows(calls: number): boolean {
    const now = this.clock();
    if (now < this.closedUntil || this.daySpentAt(now)) return false;
    const window = this.window;
    const windowMs = window?.windowMs ?? DEFAULT_WINDOW_MS;
    this.planned = this.planned.filter((p) => now - p.at <= windowMs);
    const planned = this.planned.reduce((sum, p) => sum + p.calls, 0);
    if (window === undefined || now - window.at > windowMs) return planned + calls <= Math.max(1, (window?.max ?? Infinity) - this.reserve);
    const estimate = window.remaining - (this.started - window.seq) - planned;
    return estimate - calls >= this.reserve;
  }

  /** When the account's spent day ends (its midnight, or the next hourly check); undefined when it is not spent. */
  dayEnds(): number | undefined {
    return this.daySpentAt(this.clock()) ? this.dayEndsAt : undefined;
  }

  /** Records that HubSpot answered `DAILY` at `now`; answers when the day ends, as {@link dayEnds}. */
  daySpent(now: number = this.clock()): number {
    this.dayEndsAt = Math.max(this.dayEndsAt, this.dayResetAfter(now));
    return this.dayEndsAt;
  }

  /** The instant a day spent at `now` ends: the account's next midnight, or an hour on when its zone is unknown. */
  dayResetAfter(now: number): number {
    return this.timeZone === undefined ? now + DAILY_RECHECK_MS : nextMidnight(now, this.timeZone);
  }

  private daySpentAt(now: number): boolean {
    return now < this.dayEndsAt;
  }
}

function numberHeader(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const value = headers[name]?.trim();
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function policyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const policy = Reflect.get(body, 'policyName');
  return typeof policy === 'string' ? policy : undefined;
}
