import type { ContactStore } from '../crm/contact-store.js';
import { CrmError } from '../errors.js';
import type { Metrics } from './metrics.js';

export interface InstrumentedStore extends ContactStore {
  /** HubSpot calls made through this wrapper (one request's worth). */
  readonly requestCalls: number;
  /** Milliseconds spent in those calls. */
  readonly requestMs: number;
}

/**
 * Wraps a store for one request: counts its calls and their latency (for the request's log line) and records
 * `HubSpotCalls`, `HubSpotLatency` and `CrmErrors` by status. Each store method is exactly one HubSpot call.
 */
export function instrumentStore(store: ContactStore, metrics: Metrics): InstrumentedStore {
  let requestCalls = 0;
  let requestMs = 0;

  async function measure<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    requestCalls += 1;
    metrics.count('HubSpotCalls');
    try {
      return await call();
    } catch (error) {
      metrics.count('CrmErrors', 1, error instanceof CrmError ? String(error.status ?? 'timeout') : 'unknown');
      throw error;
    } finally {
      const ms = Math.round(performance.now() - started);
      requestMs += ms;
      metrics.timing('HubSpotLatency', ms);
    }
  }

  return {
    kind: store.kind,
    get calls() {
      return store.calls;
    },
    get requestCalls() {
      return requestCalls;
    },
    get requestMs() {
      return requestMs;
    },
    read: (identity, properties) => measure(() => store.read(identity, properties)),
    create: (email, properties) => measure(() => store.create(email, properties)),
    update: (id, properties) => measure(() => store.update(id, properties)),
  };
}
