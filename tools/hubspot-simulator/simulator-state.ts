import { resolvePropertyTypes, type PropertyTypes } from '../../src/crm/local/value-rules.js';
import { ContactHistoryStore } from './contact-history-store.js';
import { DailyLimit } from './daily-limit.js';
import { FaultInjector } from './fault-injector.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { RollingWindowLimiter } from './rate-limiter.js';
import { RequestStats } from './request-stats.js';
import type { ApiVersion, RouteContext } from './route-context.js';
import { seededRandom } from './seeded-random.js';

/** Everything a running simulator holds: settings, contacts, rate windows, faults and stats. */
export class SimulatorState {
  readonly store: ContactHistoryStore;
  readonly stats = new RequestStats();
  readonly accountWindow: RollingWindowLimiter;
  readonly searchWindow: RollingWindowLimiter;
  readonly daily = new DailyLimit();
  readonly faults: FaultInjector;
  private currentOptions: SimulatorOptions;
  private types: PropertyTypes;
  private jitter: () => number;

  constructor(
    options: SimulatorOptions,
    readonly clock: () => number,
  ) {
    this.currentOptions = options;
    this.types = portalTypes(options);
    this.store = new ContactHistoryStore(() => this.currentOptions);
    this.accountWindow = new RollingWindowLimiter(options.tenSecondLimit, options.windowMs);
    this.searchWindow = new RollingWindowLimiter(options.searchPerSecond, 1_000);
    this.faults = new FaultInjector(options);
    this.jitter = seededRandom(options.seed ^ 0x5eed);
  }

  get options(): SimulatorOptions {
    return this.currentOptions;
  }

  /** What the routes work with, under the current settings, for a request to this API version. */
  routeContext(version: ApiVersion = 'v3'): RouteContext {
    return { store: this.store, types: this.types, options: this.currentOptions, now: this.clock, version };
  }

  /** Applies some settings; contacts, windows and stats are kept. @throws SimulatorOptionsError */
  configure(changes: unknown): SimulatorOptions {
    const next = resolveOptions(changes, this.currentOptions);
    if (next.seed !== this.currentOptions.seed) this.jitter = seededRandom(next.seed ^ 0x5eed);
    this.currentOptions = next;
    this.types = portalTypes(next);
    this.accountWindow.configure(next.tenSecondLimit, next.windowMs);
    this.searchWindow.configure(next.searchPerSecond, 1_000);
    this.faults.configure(next);
    return next;
  }

  /** Forgets contacts, windows, forced faults and stats; the settings stay. */
  reset(): void {
    this.store.clear();
    this.stats.reset();
    this.accountWindow.reset();
    this.searchWindow.reset();
    this.daily.reset();
    this.faults.reset();
    this.jitter = seededRandom(this.currentOptions.seed ^ 0x5eed);
  }

  /** The delay of the next answer: the latency plus up to the jitter. */
  nextLatencyMs(): number {
    const { latencyMs, latencyJitterMs } = this.currentOptions;
    return latencyJitterMs > 0 ? latencyMs + this.jitter() * latencyJitterMs : latencyMs;
  }
}

/** The properties the simulated portal has: the service's definitions with the overrides, less the missing ones. */
function portalTypes(options: SimulatorOptions): PropertyTypes {
  const types = resolvePropertyTypes(options.propertyTypes);
  return Object.freeze(Object.fromEntries(Object.entries(types).filter(([name]) => !options.missingProperties.includes(name))));
}
