import type { RateLimitPolicy } from './error-bodies.js';
import type { Burst429 } from './options.js';
import { seededRandom } from './seeded-random.js';

/**
 * Failures on demand: answers forced by the test (`failNext`, `force429`), periodic 429 bursts, and random 502s at
 * `failureRate`. One random number is drawn per counted request, whatever happens to it, so a seed and a sequence of
 * requests always give the same failures.
 */

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body: 'json' | 'html'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'rate-limit'; readonly policy: RateLimitPolicy };

/** How a forced failure is answered beyond its status. */
export interface FailNextOptions {
  /** `Retry-After` seconds to send with it (HubSpot sends one with 477; it may be hours). */
  readonly retryAfterSeconds?: number;
  /** For a 429: the policy in its body (`DAILY` lasts until the account's midnight). */
  readonly policy?: RateLimitPolicy;
}

export interface FaultSettings {
  readonly failureRate: number;
  readonly seed: number;
  readonly burst429: Burst429 | null;
}

export interface FaultDecision {
  /** Forced by a test or a burst: answered before the rate limits are looked at. */
  readonly forced?: Fault;
  /** The random failure, answered only when the request passes the rate limits. */
  readonly random?: Fault;
}

export class FaultInjector {
  private random: () => number;
  private forcedQueue: Fault[] = [];
  private requests = 0;

  constructor(private settings: FaultSettings) {
    this.random = seededRandom(settings.seed);
  }

  /** Applies new settings; a new seed restarts the sequence. */
  configure(settings: FaultSettings): void {
    if (settings.seed !== this.settings.seed) this.random = seededRandom(settings.seed);
    this.settings = settings;
  }

  /**
   * The next `count` counted requests are answered with `status` (a 429 gets HubSpot's rate-limit body, a 423 or 477
   * HubSpot's error envelope; `Retry-After` when `options` say).
   */
  failNext(count: number, status = 502, body: 'json' | 'html' = 'json', options: FailNextOptions = {}): void {
    const retry = options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds };
    const fault: Fault = status === 429 ? { kind: 'rate-limit', policy: options.policy ?? 'TEN_SECONDLY_ROLLING' } : { kind: 'status', status, body, ...retry };
    for (let i = 0; i < count; i += 1) this.forcedQueue.push(fault);
  }

  /** The next `count` counted requests are answered 429 with this policy (`TEN_SECONDLY_ROLLING` by default). */
  force429(count: number, policy: RateLimitPolicy = 'TEN_SECONDLY_ROLLING'): void {
    this.failNext(count, 429, 'json', { policy });
  }

  /** Decides the fate of the next counted request. */
  decide(): FaultDecision {
    this.requests += 1;
    const draw = this.random();
    const forced = this.forcedQueue.shift() ?? (this.inBurst(this.requests) ? ({ kind: 'rate-limit', policy: 'TEN_SECONDLY_ROLLING' } as const) : undefined);
    const { failureRate } = this.settings;
    // The same draw picks the body, half JSON and half a gateway's HTML page.
    const random: Fault | undefined =
      draw < failureRate ? { kind: 'status', status: 502, body: draw < failureRate / 2 ? 'json' : 'html' } : undefined;
    return { ...(forced ? { forced } : {}), ...(random ? { random } : {}) };
  }

  /** Back to the first request: the sequence restarts and forced answers are dropped. */
  reset(): void {
    this.random = seededRandom(this.settings.seed);
    this.forcedQueue = [];
    this.requests = 0;
  }

  /** Request n (1-based) is in a burst when it is one of the `length` requests from a multiple of `everyNthRequest`. */
  private inBurst(n: number): boolean {
    const burst = this.settings.burst429;
    if (burst === null || n < burst.everyNthRequest) return false;
    return (n - burst.everyNthRequest) % burst.everyNthRequest < burst.length;
  }
}
