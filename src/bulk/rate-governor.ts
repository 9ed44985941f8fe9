/**
 * Paces a bulk job's HubSpot calls so that it keeps to a share of the account's limits, leaving the rest to the live
 * service (whose learners never wait). Two token buckets: one for the account's rolling 10-second window, one for
 * search's own per-second limit (a search takes a token from both).
 *
 * A bucket that starts full and refills steadily lets through `burst + rate × window` calls in any window; both are
 * chosen so that this is at most the budget: `burst = budget / 10` (at least 1), `rate = (budget − burst) / window`.
 */

export interface RateGovernorOptions {
  /** Calls the account allows per rolling window (HubSpot: 100 on Free/Starter, 190 on Professional/Enterprise). */
  readonly tenSecondLimit: number;
  /** Share of the limits this job may use, in (0, 1]. */
  readonly share: number;
  /** Length of the rolling window; HubSpot's is 10,000 ms. */
  readonly windowMs?: number;
  /** Search calls the account allows per second (HubSpot: 5). */
  readonly searchPerSecond?: number;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RateBudget {
  /** Most calls in any window. */
  readonly perWindow: number;
  readonly windowMs: number;
  /** Most search calls in any second. */
  readonly searchPerSecond: number;
}

export const DEFAULT_RATE_SHARE = 0.5;
export const DEFAULT_TEN_SECOND_LIMIT = 100;
const HUBSPOT_WINDOW_MS = 10_000;
const HUBSPOT_SEARCH_PER_SECOND = 5;

/**
 * @example
 * const governor = new RateGovernor({ tenSecondLimit: 100, share: 0.5 }); // 50 calls per 10 s, 2 searches per second
 * await governor.take('search');
 */
export class RateGovernor {
  readonly budget: RateBudget;
  private readonly account: TokenBucket;
  private readonly search: TokenBucket;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateGovernorOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new RangeError(`share must be in (0, 1], got ${options.share}`);
    if (!(options.tenSecondLimit >= 1)) throw new RangeError(`tenSecondLimit must be at least 1, got ${options.tenSecondLimit}`);
    const windowMs = options.windowMs ?? HUBSPOT_WINDOW_MS;
    const perWindow = Math.max(1, Math.floor(options.tenSecondLimit * options.share));
    const searchPerSecond = Math.max(1, Math.floor((options.searchPerSecond ?? HUBSPOT_SEARCH_PER_SECOND) * options.share));
    this.budget = { perWindow, windowMs, searchPerSecond };
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.account = bucketFor(perWindow, windowMs, this.clock());
    this.search = bucketFor(searchPerSecond, 1_000, this.clock());
  }

  /** Waits until a call of this kind fits the budget, and counts it. Callers are served in order. */
  take(kind: 'account' | 'search'): Promise<void> {
    const turn = this.queue.then(() => this.acquire(kind));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** HubSpot answered 429: no call before `ms` from now, and the buckets start again empty. */
  backOff(ms: number): void {
    const now = this.clock();
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.account.empty(now);
    this.search.empty(now);
  }

  private async acquire(kind: 'account' | 'search'): Promise<void> {
    for (;;) {
      const now = this.clock();
      const wait = Math.max(
        this.pausedUntil - now,
        this.account.waitMs(now),
        kind === 'search' ? this.search.waitMs(now) : 0,
      );
      if (wait <= 0) break;
      await this.sleep(Math.ceil(wait));
    }
    const now = this.clock();
    this.account.takeOne(now);
    if (kind === 'search') this.search.takeOne(now);
  }
}

function bucketFor(budget: number, windowMs: number, now: number): TokenBucket {
  const burst = Math.max(1, Math.floor(budget / 10));
  // A budget of 1 cannot be split into a burst and a refill; one call per window then.
  const refill = budget > burst ? budget - burst : 1;
  return new TokenBucket(burst, refill / windowMs, now);
}

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Milliseconds until a token is there; 0 when one is now. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
  }

  takeOne(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  empty(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(now: number): void {
    if (now > this.last) this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = Math.max(this.last, now);
  }
}
