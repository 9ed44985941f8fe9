import type { ContactStore } from './contact-store.js';
import { CrmError } from '../errors.js';
import type { Metrics } from '../observability/metrics.js';

export interface InstrumentedStore extends ContactStore {
  /** HubSpot calls made through this wrapper (one request's worth). */
  readonly requestCalls: number;
  /** Milliseconds spent in those calls. */
  readonly requestMs: number;
}

/**
 * Wraps a store for one request: counts its calls and their latency (for the request's log line) and records
 * `HubSpotCalls`, `HubSpotLatency` and `CrmErrors` by status. A single method is exactly one HubSpot call; a batch
 * method counts the calls the store says it made (the growth of its `calls` counter: one per chunk, plus any
 * one-by-one fallbacks). Latency is recorded once per method call, batch or not.
 *
 * Why the delta: only the store knows how many chunks and fallbacks a batch took. The counter is the store's, so a
 * call made meanwhile by another user of the same store (the local server's concurrent requests) is counted here too;
 * a Lambda serves one request at a time, so there the count is exact.
 */
export function instrumentStore(store: ContactStore, metrics: Metrics): InstrumentedStore {
  let requestCalls = 0;
  let requestMs = 0;

  function countCalls(made: number): void {
    if (made <= 0) return;
    requestCalls += made;
    metrics.count('HubSpotCalls', made);
  }

  /** Times one method call; `callsMade` says how many HubSpot calls it was, once it has settled. */
  async function measure<T>(call: () => Promise<T>, callsMade: () => number): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } catch (error) {
      metrics.count('CrmErrors', 1, error instanceof CrmError ? String(error.status ?? error.options.category?.toLowerCase() ?? 'unknown') : 'unknown');
      throw error;
    } finally {
      countCalls(callsMade());
      const ms = Math.round(performance.now() - started);
      requestMs += ms;
      metrics.timing('HubSpotLatency', ms);
    }
  }

  const single = <T>(call: () => Promise<T>): Promise<T> => measure(call, () => 1);

  function batch<T>(call: () => Promise<T>): Promise<T> {
    const before = store.calls;
    return measure(call, () => store.calls - before);
  }

  return {
    kind: store.kind,
    get calls() {
      return store.calls;
    },
    ...(store.budget === undefined ? {} : { budget: store.budget }),
    get requestCalls() {
      return requestCalls;
    },
    get requestMs() {
      return requestMs;
    },
    read: (identity, properties, options) => single(() => store.read(identity, properties, options)),
    create: (email, properties) => single(() => store.create(email, properties)),
    update: (id, properties) => single(() => store.update(id, properties)),
    readMany: (identities, properties, options) => batch(() => store.readMany(identities, properties, options)),
    createMany: (inputs) => batch(() => store.createMany(inputs)),
    updateMany: (inputs) => batch(() => store.updateMany(inputs)),
  };
}
