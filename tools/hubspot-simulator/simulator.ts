import { createServer } from 'node:http';
import type { ContactSnapshot } from './contact-history-store.js';
import { errorBody, type RateLimitPolicy } from './error-bodies.js';
import type { FailNextOptions } from './fault-injector.js';
import { writeResponse } from './http-io.js';
import { resolveOptions, type SimulatorInput, type SimulatorOptions, type SimulatorSettings } from './options.js';
import { handleRequest } from './request-pipeline.js';
import type { SimStats } from './request-stats.js';
import { json } from './sim-response.js';
import { SimulatorState } from './simulator-state.js';

/** A running simulator and the handles tests and benchmarks drive it with. */
export interface HubSpotSimulator {
  /** `http://127.0.0.1:<port>`: the `baseUrl` / `basePath` to give a HubSpot client. */
  readonly url: string;
  readonly port: number;
  /** The settings in force. */
  readonly options: SimulatorOptions;
  /** Requests answered, by route and status. */
  stats(): SimStats;
  /** Forgets contacts, rate windows, forced faults and stats; the settings stay. */
  reset(): void;
  /** Changes settings while running (`port` and `host` excepted). @throws SimulatorOptionsError */
  configure(changes: SimulatorSettings): SimulatorOptions;
  /** Every contact with its property history, as a copy. */
  contacts(): ContactSnapshot[];
  /**
   * Answers the next `count` counted requests with `status` (a 429 gets HubSpot's rate-limit body, with `options.policy`;
   * `options.retryAfterSeconds` adds `Retry-After`, as HubSpot sends with a 477).
   */
  failNext(count: number, status?: number, body?: 'json' | 'html', options?: FailNextOptions): void;
  /** Answers the next `count` counted requests 429 with this policy (`TEN_SECONDLY_ROLLING` by default, or `DAILY`). */
  force429(count: number, policy?: RateLimitPolicy): void;
  /** Merges `secondaryId` into `primaryId` as `POST …/contacts/merge` does (uncounted); answers the merged record's id. */
  merge(primaryId: string, secondaryId: string): string;
  /** Gives a contact a secondary email (`hs_additional_emails`), as HubSpot's UI or a merge does (uncounted). */
  addAdditionalEmail(id: string, email: string): void;
  /** Deletes a contact for good, as a GDPR delete does (uncounted); its email can then create a new contact. */
  gdprDelete(id: string): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a HubSpot-compatible contacts API on `node:http` for integration tests and benchmarks: HubSpot's limits
 * (10-second and daily), error bodies, batch semantics, property history, search lag, merged contacts, additional
 * emails and the date-based API paths, with latency and faults on demand.
 * @throws SimulatorOptionsError naming every bad setting.
 * @example
 * const sim = await startHubSpotSimulator({ latencyMs: 20, tenSecondLimit: 100 });
 * const store = createHubSpotStore({ token: 'test', baseUrl: sim.url, timeoutMs: 2_000 });
 * // … exercise the service …
 * await sim.close();
 */
export async function startHubSpotSimulator(input: SimulatorInput = {}): Promise<HubSpotSimulator> {
  const { clock = Date.now, ...settings } = input;
  const state = new SimulatorState(resolveOptions(settings), clock);
  const server = createServer(function onRequest(request, response) {
    handleRequest(state, request, response).catch(function onFailure(error: unknown) {
      console.error('hubspot simulator: request failed', error);
      writeResponse(response, json(500, errorBody('SIMULATOR_ERROR', `The simulator failed: ${String(error)}`)));
    });
  });
  const { host, port: wantedPort } = state.options;
  await new Promise<void>(function listen(resolve, reject) {
    server.once('error', reject);
    server.listen(wantedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : wantedPort;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    get options() {
      return state.options;
    },
    stats: () => state.stats.snapshot(),
    reset: () => state.reset(),
    configure: (changes) => state.configure(changes),
    contacts: () => state.store.snapshot(),
    failNext: (count, status, body, options) => state.faults.failNext(count, status, body, options),
    force429: (count, policy) => state.faults.force429(count, policy),
    merge: (primaryId, secondaryId) => state.store.merge(primaryId, secondaryId, state.clock(), state.options.mergeMode).id,
    addAdditionalEmail: (id, email) => void state.store.addAdditionalEmail(id, email),
    gdprDelete: (id) => void state.store.purge(id),
    close: () =>
      new Promise<void>(function close(resolve, reject) {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
