/**
 * Workloads and measurements shared by the scale scenarios: the events, an open-loop sender at a fixed rate, a timed
 * call of the real handler, percentiles, and the check of what HubSpot (the simulator) holds at the end.
 */
import type { HttpHandler } from '../../src/http/app.js';
import { parseStoredState } from '../../src/progress/state-codec.js';
import type { Catalog, ProgressState } from '../../src/progress/types.js';
import type { HubSpotSimulator } from '../../tools/hubspot-simulator/index.js';
import { apiGatewayEvent } from '../../tests/fixtures/api-gateway-event.js';
import { sleep } from './rig.js';

/** One `learning_module_completed` for one learner. */
export interface BenchEvent {
  email: string;
  course: string;
  module: string;
}

/** The catalog's (course, module) pairs: 12 in the bundled catalog. */
export function catalogModules(catalog: Catalog): { course: string; module: string }[] {
  return [...catalog.courses].flatMap(([course, { modules }]) => modules.map((module) => ({ course, module })));
}

/**
 * `count` events over `learners` learners, round-robin: event i is for learner i mod L and is that learner's
 * (i div L)-th module of the catalog, so each learner's events are distinct modules spread evenly over the run.
 */
export function roundRobin(catalog: Catalog, count: number, learners: number, tag: string): BenchEvent[] {
  const modules = catalogModules(catalog);
  if (Math.ceil(count / learners) > modules.length) throw new Error(`${count} events over ${learners} learners need more than ${modules.length} modules`);
  return Array.from({ length: count }, (_, i) => {
    const pair = modules[Math.floor(i / learners) % modules.length];
    if (pair === undefined) throw new Error('no module');
    return { email: learnerEmail(tag, i % learners), ...pair };
  });
}

export function learnerEmail(tag: string, n: number): string {
  return `${tag}-${String(n).padStart(4, '0')}@bench.example.com`;
}

/** The track request body for an event, as the CMS beacon sends it. */
export function trackBody(event: BenchEvent): unknown {
  return {
    eventName: 'learning_module_completed',
    contactIdentifier: { email: event.email },
    payload: { course_slug: event.course, module_slug: event.module, ts: new Date().toISOString() },
  };
}

export interface TrackResult {
  /** Wall time of the handler call. */
  ms: number;
  /** `status/mode` of the answer, e.g. `persisted/authenticated`, `queued/fallback`, `queued/authenticated`. */
  outcome: string;
  statusCode: number;
}

/** Sends one `POST /events/track` (API Gateway v2 event) to the handler in this process and times it. */
export async function track(handler: HttpHandler, event: BenchEvent): Promise<TrackResult> {
  const request = apiGatewayEvent({ method: 'POST', path: '/events/track', body: trackBody(event) });
  const started = performance.now();
  const response = await handler(request);
  const ms = performance.now() - started;
  let outcome = `http ${response.statusCode}`;
  try {
    const body = JSON.parse(response.body ?? '{}') as { status?: string; mode?: string };
    if (body.status !== undefined) outcome = `${body.status}/${body.mode ?? '-'}`;
  } catch {
    // keep the status code
  }
  return { ms, outcome, statusCode: response.statusCode };
}

export interface Offered<T> {
  results: T[];
  /** performance.now() when the first item was sent. */
  startedAt: number;
  /** When the last item was sent (not answered). */
  lastSentAt: number;
  /** When the last answer came back. */
  answeredAt: number;
}

/**
 * Open loop: item i is sent at start + i / rate seconds whatever the earlier answers (as independent learners'
 * browsers do), with no cap on requests in flight. `rate` Infinity sends everything at once.
 */
export async function offer<I, T>(items: readonly I[], rate: number, send: (item: I, index: number) => Promise<T>): Promise<Offered<T>> {
  const startedAt = performance.now();
  const pending: Promise<T>[] = [];
  let lastSentAt = startedAt;
  for (let i = 0; i < items.length; i += 1) {
    const due = startedAt + (Number.isFinite(rate) ? (i * 1000) / rate : 0);
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const item = items[i] as I;
    pending.push(send(item, i));
    lastSentAt = performance.now();
  }
  const results = await Promise.all(pending);
  return { results, startedAt, lastSentAt, answeredAt: performance.now() };
}

/** The p-th percentile (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export interface StoreCheck {
  /** Events whose module is not completed in the learner's stored `hhl_progress_state` (the raw property). */
  missing: BenchEvent[];
  /** Learners with more than one contact (HubSpot, like the simulator, keeps emails unique: expected 0). */
  duplicateContacts: number;
  /** Learners with no contact at all. */
  absentLearners: number;
}

/** Checks every event against what the simulator stores now (current values, no history merge). */
export function checkStore(sim: HubSpotSimulator, events: readonly BenchEvent[]): StoreCheck {
  const states = new Map<string, { count: number; state: ProgressState | undefined }>();
  for (const contact of sim.contacts()) {
    const email = contact.properties['email']?.trim().toLowerCase();
    if (email === undefined) continue;
    const entry = states.get(email) ?? { count: 0, state: undefined };
    entry.count += 1;
    entry.state = safeParse(contact.properties['hhl_progress_state']);
    states.set(email, entry);
  }
  const learners = new Set(events.map((e) => e.email));
  const missing = events.filter((e) => !hasModule(states.get(e.email)?.state, e));
  return {
    missing,
    duplicateContacts: [...learners].filter((email) => (states.get(email)?.count ?? 0) > 1).length,
    absentLearners: [...learners].filter((email) => states.get(email) === undefined).length,
  };
}

/** Whether a state (as the engine parses it) has the event's module completed, wherever the course sits. */
export function hasModule(state: ProgressState | undefined, event: Pick<BenchEvent, 'course' | 'module'>): boolean {
  if (state === undefined) return false;
  const courses = [state.courses[event.course], ...Object.values(state.pathways).map((p) => p.courses[event.course])];
  return courses.some((c) => c?.modules[event.module]?.completed === true);
}

function safeParse(raw: string | undefined): ProgressState | undefined {
  try {
    return parseStoredState(raw);
  } catch {
    return undefined;
  }
}

/**
 * Polls the simulator until every event is in the stored state; answers performance.now() of the first poll that saw
 * them all, or undefined at the timeout.
 */
export async function waitUntilReflected(sim: HubSpotSimulator, events: readonly BenchEvent[], timeoutMs: number, everyMs = 200): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (checkStore(sim, events).missing.length === 0) return performance.now();
    if (performance.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

/** HubSpot requests in a stats snapshot: total, by route family, 429s, 5xx. */
export function summariseCalls(stats: ReturnType<HubSpotSimulator['stats']>) {
  let single = 0;
  let batch = 0;
  let search = 0;
  for (const [route, statuses] of Object.entries(stats.byRoute)) {
    const n = Object.values(statuses).reduce((a, b) => a + b, 0);
    if (route.includes('/batch/')) batch += n;
    else if (route.includes('/search')) search += n;
    else single += n;
  }
  const serverErrors = Object.entries(stats.byStatus)
    .filter(([status]) => status.startsWith('5'))
    .reduce((a, [, n]) => a + n, 0);
  return { total: stats.total, single, batch, search, rateLimited: stats.rateLimited, serverErrors, injected: stats.injectedFaults };
}
