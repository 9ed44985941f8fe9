/**
 * A rolling-window counter, as HubSpot limits an account: every request counts, the rejected ones included, so a
 * client that keeps hammering stays limited.
 */

export interface WindowVerdict {
  /** Whether this request is within the limit. */
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in the window after this one. */
  readonly remaining: number;
  readonly windowMs: number;
  /** How long until a request would be allowed again; 0 when one would be now. */
  readonly retryAfterMs: number;
}

export class RollingWindowLimiter {
  /** Arrival times, oldest first; `hits[start…]` are the live ones. */
  private hits: number[] = [];
  private start = 0;

  constructor(
    private limit: number,
    private windowMs: number,
  ) {}

  /** Changes the limit or the window; the requests already counted stay counted. */
  configure(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Counts a request arriving at `now` and says whether it is within the limit. */
  hit(now: number): WindowVerdict {
    this.forgetBefore(now - this.windowMs);
    this.hits.push(now);
    const count = this.hits.length - this.start;
    // A new request is allowed once at most limit-1 remain: the (count-limit+1)th oldest must have left the window.
    const blocking = count >= this.limit ? this.hits[this.start + count - this.limit] : undefined;
    return {
      allowed: count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      windowMs: this.windowMs,
      retryAfterMs: blocking === undefined ? 0 : Math.max(0, blocking + this.windowMs - now),
    };
  }

  reset(): void {
    this.hits = [];
    this.start = 0;
  }

  private forgetBefore(cutoff: number): void {
    while (this.start < this.hits.length && (this.hits[this.start] ?? Infinity) <= cutoff) this.start += 1;
    // Compact now and then rather than shifting on every request.
    if (this.start > 1_000 && this.start * 2 > this.hits.length) {
      this.hits = this.hits.slice(this.start);
      this.start = 0;
    }
  }
}
